"""Who writes on a site (permitted editors, ambassadors' and providers' news), tags, embeds
that wait for consent, the page cache, and query counts at 10 and 1,000 items."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.core.cache.backends import locmem
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from policy_drafts import services as draft_services
from programme.models import AuditEntry, BuildStage, PilotSite
from programme.services import NotAllowed
from tests.factories import PageFactory, PolicyDraftFactory, UserFactory
from tests.matching import found
from tests.townhall.editing import edit, editor_url, with_block, written
from townhall import permissions, services
from townhall.models import (
    AggregatedItem,
    Discussion,
    Page,
    PageRevision,
    Post,
    SiteEditor,
    TownhallSite,
)
from townhall.permissions import site_for


def publish_page(actor, townhall, title, blocks, kind="standard"):
    """A page written by `actor` and published: one revision, holding `blocks`."""
    return PageFactory.create(
        site=townhall, created_by=actor, kind=kind, title=title, blocks=blocks
    )


# Editors the site lead permits


def accept_link(message) -> str:
    return "/" + found(r"https?://\S+/editors/accept/\S+/", message.body).split("/", 3)[3]


def test_the_site_lead_invites_an_editor_who_accepts_and_edits_this_site_only(
    client_as, site_lead, site, other_site, townhall, mailoutbox, django_capture_on_commit_callbacks
):
    helper = UserFactory.create(email="helper@example.org", full_name="Hana Okafor")
    client = client_as(site_lead)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("townhall:permit_editor", args=[site.slug]), {"email": "HELPER@example.org"}
        )
    assert response.status_code == 302
    dashboard_url = reverse("townhall:dashboard", args=[site.slug])
    assert response["Location"] == f"{dashboard_url}#editors-heading"  # back to the list
    editor = SiteEditor.objects.get(email="helper@example.org")
    assert editor.user is None  # an invitation: nothing granted yet
    dashboard = client.get(reverse("townhall:dashboard", args=[site.slug])).content.decode()
    assert "helper@example.org" in dashboard
    assert "Invited" in dashboard
    assert client_as(helper).get(reverse("townhall:dashboard", args=[site.slug])).status_code == 404

    link = accept_link(mailoutbox[-1])
    client = client_as(helper)
    accepted = client.post(link)
    assert accepted.status_code == 302
    assert accepted["Location"] == dashboard_url  # straight to the site's pages
    editor.refresh_from_db()
    assert editor.user == helper
    assert editor.accepted_at is not None
    assert client.get(reverse("townhall:dashboard", args=[site.slug])).status_code == 200
    assert client.get(reverse("townhall:dashboard", args=[other_site.slug])).status_code == 404
    # An editor does not choose editors.
    assert (
        client.post(
            reverse("townhall:permit_editor", args=[site.slug]), {"email": "x@example.org"}
        ).status_code
        == 404
    )

    client = client_as(site_lead)
    asked = client.post(reverse("townhall:withdraw_editor", args=[site.slug, editor.pk]))
    assert "What they wrote stays" in asked.content.decode()
    client.post(
        reverse("townhall:withdraw_editor", args=[site.slug, editor.pk]), {"confirmed": "yes"}
    )
    editor.refresh_from_db()
    assert editor.revoked_at is not None
    assert editor.revoked_by == site_lead
    assert client_as(helper).get(reverse("townhall:dashboard", args=[site.slug])).status_code == 404


@pytest.fixture
def invitation(site_lead, townhall, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.invite_editor(actor=site_lead, site=townhall, email="victim@example.org")
    return accept_link(mailoutbox[-1])


def test_whoever_signed_up_first_with_the_address_cannot_accept_unconfirmed(
    client_as, invitation, site, townhall
):
    squatter = UserFactory.create(email="victim@example.org", email_confirmed_at=None)
    response = client_as(squatter).post(invitation)
    assert response.status_code == 400
    assert "Confirm your email address first" in response.content.decode()
    assert not permissions.can_edit(squatter, townhall)
    assert SiteEditor.objects.get().user is None


def test_another_account_cannot_accept_someone_elses_invitation(
    client_as, invitation, resident, townhall
):
    response = client_as(resident).post(invitation)
    assert response.status_code == 400
    assert "Sign in with that address" in response.content.decode()
    assert not permissions.can_edit(resident, townhall)


def test_a_withdrawn_invitation_cannot_be_accepted(
    client_as, site_lead, invitation, site, townhall
):
    invited = UserFactory.create(email="victim@example.org")
    editor = SiteEditor.objects.get()
    client_as(site_lead).post(
        reverse("townhall:withdraw_editor", args=[site.slug, editor.pk]), {"confirmed": "yes"}
    )
    response = client_as(invited).post(invitation)
    assert response.status_code == 400
    assert "withdrawn" in response.content.decode()
    assert not permissions.can_edit(invited, townhall)


@pytest.mark.parametrize(("tamper", "status"), [("x", 400), ("AAAA", 400), ("%00", 404)])
def test_a_tampered_invitation_link_is_refused(client_as, resident, invitation, tamper, status):
    response = client_as(resident).post(invitation[:-2] + tamper + "/")
    assert response.status_code == status


def test_an_invitation_link_shows_anonymous_people_how_to_accept(client, invitation):
    page = client.get(invitation).content.decode()
    assert "Sign in" in page
    assert "Create an account" in page


def test_inviting_someone_who_already_edits_says_so(client_as, site_lead, coordinator, site):
    response = client_as(site_lead).post(
        reverse("townhall:permit_editor", args=[site.slug]), {"email": coordinator.email}
    )
    assert response.status_code == 400
    assert "can already edit, or is invited to" in response.content.decode()


def test_inviting_the_same_address_twice_says_so(client_as, site_lead, site, invitation):
    response = client_as(site_lead).post(
        reverse("townhall:permit_editor", args=[site.slug]), {"email": "VICTIM@example.org"}
    )
    assert response.status_code == 400
    assert SiteEditor.objects.count() == 1


# News by ambassadors and content providers


def test_an_ambassador_writes_and_publishes_news_but_no_other_page(
    client_as, ambassador, site_lead, site, townhall
):
    client = client_as(ambassador)
    dashboard = client.get(reverse("townhall:dashboard", args=[site.slug])).content.decode()
    assert "Write a news item" in dashboard
    assert "Standard page" not in dashboard
    response = client.post(
        reverse("townhall:new_page", args=[site.slug]), {"title": "Litter pick", "kind": "news"}
    )
    news = Page.objects.get(slug="litter-pick")
    assert response.status_code == 302
    assert response["Location"] == editor_url(news)  # made: to its editor
    assert news.created_by == ambassador
    response = edit(client, news, {"block-0-markdown": "Saturday, 10am, by the church."}, "publish")
    assert response.status_code == 302
    assert response["Location"] == editor_url(news)
    news.refresh_from_db()
    assert news.live_revision_id == news.latest_revision_id

    refused = client.post(
        reverse("townhall:new_page", args=[site.slug]), {"title": "About us", "kind": "standard"}
    )
    assert refused.status_code == 400
    assert not Page.objects.filter(slug="about-us").exists()
    theirs = PageFactory.create(
        site=townhall, created_by=site_lead, kind="news", title="Lead's", first_published_at=None
    )
    assert client.get(reverse("townhall:edit_page", args=[site.slug, theirs.pk])).status_code == 404


def test_a_content_providers_news_waits_for_the_team_until_they_agree_to_the_policy(
    client_as, coordinator, content_provider, site_lead, site, townhall
):
    news = PageFactory.create(
        site=townhall,
        created_by=content_provider,
        kind="news",
        title="Market day",
        first_published_at=None,
    )
    client = client_as(content_provider)
    editor = client.get(reverse("townhall:edit_page", args=[site.slug, news.pk])).content.decode()
    assert "The site's team publishes your news" in editor
    written(content_provider, news)
    with pytest.raises(NotAllowed):
        services.publish(actor=content_provider, page=news)
    waiting = (
        client_as(site_lead).get(reverse("townhall:dashboard", args=[site.slug])).content.decode()
    )
    assert "waiting to be published" in waiting
    assert "Market day" in waiting

    policy = PolicyDraftFactory.create(
        owners=[coordinator], title="Social web policy", sections=[("Posting", "Be fair.")]
    )
    draft_services.adopt(actor=coordinator, draft=policy)
    TownhallSite.objects.filter(pk=townhall.pk).update(social_web_policy=policy)
    policy.refresh_from_db()
    draft_services.agree(person=content_provider, draft=policy)
    written(content_provider, news)
    services.publish(actor=content_provider, page=news)
    news.refresh_from_db()
    assert news.live_revision_id is not None


# Tags


def test_tags_typed_on_a_page_gather_it_on_the_tag_page(client, client_as, site_lead, townhall):
    page = PageFactory.create(
        site=townhall, created_by=site_lead, title="Parks", first_published_at=None
    )
    response = edit(client_as(site_lead), page, {"tags": "Parks, green spaces, parks, "})
    assert response.status_code == 302
    assert response["Location"] == editor_url(page)
    assert sorted(tag.name for tag in page.tags.all()) == ["Parks", "green spaces"]
    written(site_lead, page)
    services.publish(actor=site_lead, page=page)
    client_as(None)
    tag_page = client.get(reverse("townhall:tag", args=[townhall.pilot_site.slug, "green-spaces"]))
    assert "Parks" in tag_page.content.decode()
    index = client.get(reverse("townhall:tags", args=[townhall.pilot_site.slug])).content.decode()
    assert "green spaces" in index
    assert (
        client.get(reverse("townhall:tag", args=[townhall.pilot_site.slug, "nope"])).status_code
        == 404
    )


# Embeds wait for consent


def test_a_video_waits_for_the_visitor_to_ask_for_it(client, client_as, site_lead, townhall):
    page = PageFactory.create(
        site=townhall, created_by=site_lead, title="Video", first_published_at=None
    )
    client = client_as(site_lead)
    bad = with_block(client, page, "embed", {"url": "https://evil.example/x", "title": "x"})
    assert bad.status_code == 400
    assert "Give a YouTube or Vimeo video link" in bad.content.decode()
    with_block(
        client,
        page,
        "embed",
        {"url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "title": "The new library"},
    )
    written(site_lead, page)
    services.publish(actor=site_lead, page=page)
    client_as(None)

    first = client.get(page.get_absolute_url()).content.decode()
    assert "<iframe" not in first
    assert "youtube-nocookie.com" not in first
    assert "Show the video here" in first
    shown = client.get(page.get_absolute_url() + "?embed=show").content.decode()
    assert (
        '<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" title="The new library"'
        in shown
    )
    assert not client.cookies.get("consent")  # no cookie needed to remember it


# The page cache


def test_a_published_page_is_cached_for_visitors_and_publishing_clears_it(
    client, site_lead, townhall
):
    page = publish_page(site_lead, townhall, "Opening hours", [{"type": "text", "markdown": "9-5"}])
    url = page.get_absolute_url()
    client.get(url)
    with CaptureQueriesContext(connection) as hit:
        assert "9-5" in client.get(url).content.decode()
    assert len(hit) == 0  # straight from the cache

    services.save_revision(
        actor=site_lead, page=page, base=1, blocks=[{"type": "text", "markdown": "10-4"}]
    )
    assert "9-5" in client.get(url).content.decode()  # a draft changes nothing for visitors
    written(site_lead, page)
    services.publish(actor=site_lead, page=page)
    assert "10-4" in client.get(url).content.decode()


def test_the_cache_honours_expiry_on_the_next_request(client, site_lead, townhall, monkeypatch):
    page = publish_page(site_lead, townhall, "Event", [{"type": "text", "markdown": "Come"}])
    services.schedule(
        actor=site_lead,
        page=page,
        go_live_at=None,
        expires_at=timezone.now() + dt.timedelta(seconds=2),
        review_on=None,
        in_menu=True,
    )
    url = page.get_absolute_url()
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as hit:
        assert client.get(url).status_code == 200
    assert len(hit) == 0  # served from the cache
    # 2.1 seconds on, by the clocks the cache and the page read (no waiting).
    later = timezone.now() + dt.timedelta(seconds=2.1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    monkeypatch.setattr(locmem, "time", SimpleNamespace(time=later.timestamp))
    assert client.get(url).status_code == 404  # the entry lived no longer than the page


def test_signed_in_people_are_never_served_the_cache(client_as, site_lead, resident, townhall):
    page = publish_page(site_lead, townhall, "Hello", [{"type": "text", "markdown": "Hi"}])
    client = client_as(resident)
    client.get(page.get_absolute_url())
    text = client.get(page.get_absolute_url()).content.decode()
    assert resident.public_name in text  # their own header, not a visitor's copy


# Queries at 10 and 1,000 items


def add_news(townhall, author, count):
    now = timezone.now()
    pages = Page.objects.bulk_create(
        Page(site=townhall, kind="news", slug=f"news-{count}-{n}", created_by=author, in_menu=False)
        for n in range(count)
    )
    revisions = PageRevision.objects.bulk_create(
        PageRevision(page=page, number=1, title=f"News {n}", blocks=[])
        for n, page in enumerate(pages)
    )
    for page, revision in zip(pages, revisions, strict=True):
        page.latest_revision = page.live_revision = revision
        page.first_published_at = now
    Page.objects.bulk_update(pages, ["latest_revision", "live_revision", "first_published_at"])


def add_items(townhall, count):
    source = AuditEntry.objects.create(
        site=townhall.pilot_site, category="news", name=f"Feed {count}", url="https://a.example/"
    )
    AggregatedItem.objects.bulk_create(
        AggregatedItem(
            site=townhall,
            source=source,
            guid=str(n),
            title=f"Item {n}",
            published_at=timezone.now(),
            approved_at=timezone.now(),
        )
        for n in range(count)
    )


def add_discussions(townhall, author, count):
    discussions = Discussion.objects.bulk_create(
        Discussion(site=townhall, title=f"Talk {n}", started_by=author) for n in range(count)
    )
    Post.objects.bulk_create(
        Post(
            discussion=discussion,
            author=author,
            body="Hello",
            capacity_kind="resident",
            capacity_label="Resident",
            approved_at=timezone.now(),
        )
        for discussion in discussions
    )


@pytest.mark.parametrize("signed_in", [False, True])
def test_site_home_news_and_discussions_run_fixed_queries_at_10_and_1000_items(
    client_as, site_lead, resident, townhall, signed_in, assert_bounded_queries
):
    publish_page(site_lead, townhall, "Home", [{"type": "news"}, {"type": "around"}])
    client_as(resident if signed_in else None)
    slug = townhall.pilot_site.slug
    urls = [
        reverse("townhall:home", args=[slug]),
        reverse("townhall:news", args=[slug]),
        reverse("townhall:around", args=[slug]),
        reverse("townhall:discussions", args=[slug]),
    ]

    def add(size):
        add_news(townhall, site_lead, size)
        add_items(townhall, size)
        add_discussions(townhall, resident, size)
        cache.clear()  # measure the pages themselves, not the page cache

    add(10)
    assert_bounded_queries(urls, lambda: add(990))  # 1,000 in all
    assert Page.objects.filter(kind="news").count() == 1000


def test_a_page_rendered_while_a_change_commits_is_never_served_afterwards(rf, site_lead, townhall):
    from django.http import HttpResponse

    from townhall import page_cache

    def visitor():
        return rf.get("/")

    request = visitor()
    assert page_cache.lookup(request, townhall.pilot_site.slug, "home") is None
    services.public_content_changed(townhall)  # a publish commits while this request renders
    response = HttpResponse("old words")
    page_cache.keep_for_visitors(request, townhall, "home", response)
    page_cache.save_kept_page(request, response)
    assert page_cache.lookup(visitor(), townhall.pilot_site.slug, "home") is None
    assert page_cache.PageCacheMiddleware(lambda request: HttpResponse("new"))(
        visitor()
    ).content == (b"new")


def test_a_kept_page_is_served_before_any_middleware_below_or_the_view_runs(
    client, site_lead, townhall
):
    from unittest import mock

    from django.urls.resolvers import URLResolver

    page = publish_page(site_lead, townhall, "Bins", [{"type": "text", "markdown": "Tuesday"}])
    url = page.get_absolute_url()
    first = client.get(url)
    with (
        mock.patch.object(URLResolver, "resolve", side_effect=AssertionError("resolved")),
        CaptureQueriesContext(connection) as queries,
    ):
        hit = client.get(url)
    assert len(queries) == 0
    assert hit.content == first.content
    # The headers the middleware below set are served with it: the same policy, framing rules.
    for header in ("Content-Type", "Content-Security-Policy", "X-Frame-Options", "Vary"):
        assert hit.headers.get(header) == first.headers.get(header), header
    assert hit.headers["Content-Security-Policy"]
    assert not hit.cookies


@pytest.mark.parametrize(
    "visit",
    [
        lambda client, url: client.get(url, {"utm_source": "x"}),
        lambda client, url: client.post(url),
        lambda client, url: client.get(url, HTTP_COOKIE="sessionid=anything"),
    ],
    ids=["query string", "post", "session cookie"],
)
def test_a_kept_page_is_not_given_to_a_request_that_may_differ(client, site_lead, townhall, visit):
    from unittest import mock

    from django.urls.resolvers import URLResolver

    page = publish_page(site_lead, townhall, "Bins", [{"type": "text", "markdown": "Tuesday"}])
    url = page.get_absolute_url()
    client.get(url)
    resolve = URLResolver.resolve
    with mock.patch.object(URLResolver, "resolve", autospec=True, side_effect=resolve) as resolved:
        visit(client, url)
    assert resolved.called  # it went through to the view


def test_a_page_kept_for_a_sites_own_host_is_served_on_that_host_alone(
    client, site_lead, townhall, settings
):
    settings.ALLOWED_HOSTS = ["testserver", "together.kirklees.example"]
    cache.clear()
    townhall.hostname = "together.kirklees.example"
    townhall.save()
    PilotSite.objects.filter(pk=townhall.pilot_site_id).update(build_stage=BuildStage.LIVE)
    own = client.get("/", HTTP_HOST="together.kirklees.example").content.decode()
    assert townhall.name in own
    assert client.get("/", HTTP_HOST="together.kirklees.example").content.decode() == own
    assert "The town hall sites" in client.get("/").content.decode()


# The page tree and the site's logo


def test_pages_form_a_tree_with_breadcrumbs_and_a_section_list(
    client, client_as, site_lead, townhall
):
    services_page = publish_page(
        site_lead, townhall, "Services", [{"type": "text", "markdown": "All"}]
    )
    libraries = publish_page(
        site_lead, townhall, "Libraries", [{"type": "text", "markdown": "Books"}]
    )
    response = edit(client_as(site_lead), libraries, {"parent": str(services_page.pk)})
    assert response.status_code == 302
    assert response["Location"] == editor_url(libraries)
    client_as(None)
    parent_text = client.get(services_page.get_absolute_url()).content.decode()
    assert "In this section" in parent_text
    assert "Libraries" in parent_text
    child_text = client.get(libraries.get_absolute_url()).content.decode()
    assert 'aria-label="Breadcrumb"' in child_text
    assert f'href="{services_page.get_absolute_url()}">Services</a>' in child_text

    # A page cannot sit under its own child.
    response = edit(client_as(site_lead), services_page, {"parent": str(libraries.pk)})
    assert response.status_code == 400
    assert "cannot sit under itself or one of its own pages" in response.content.decode()
    services_page.refresh_from_db()
    assert services_page.parent is None


def test_a_page_of_another_site_cannot_be_a_parent(
    client_as, site_lead, coordinator, other_site, townhall
):
    theirs = PageFactory.create(
        site=site_for(other_site.slug),
        created_by=coordinator,
        title="Theirs",
        first_published_at=None,
    )
    ours = PageFactory.create(
        site=townhall, created_by=site_lead, title="Ours", first_published_at=None
    )
    response = edit(client_as(site_lead), ours, {"parent": str(theirs.pk)})
    assert response.status_code == 400  # not among the choices
    ours.refresh_from_db()
    assert ours.parent is None


def test_the_sites_logo_shows_in_its_header(client, site_lead, townhall, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    png = (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
        b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
        b"\x00\x00\x00IEND\xaeB`\x82"
    )
    townhall.logo = SimpleUploadedFile("logo.png", png, content_type="image/png")
    townhall.logo_alt = ""
    townhall.save()
    publish_page(site_lead, townhall, "Home", [{"type": "text", "markdown": "Hi"}])
    text = client.get(reverse("townhall:home", args=[townhall.pilot_site.slug])).content.decode()
    assert f'<img src="{townhall.logo.url}" alt="" height="48">' in text


@pytest.mark.parametrize("page", ["a" * 2000, "\u00e9\u4e2d\U0001f600"])
def test_any_address_is_looked_up_safely(client, townhall, page):
    PilotSite.objects.filter(pk=townhall.pilot_site_id).update(build_stage=BuildStage.LIVE)
    for _ in range(2):  # a miss, then the same address again
        assert client.get(f"/sites/{townhall.pilot_site.slug}/{page}/").status_code == 404
