"""Bringing in the local social web: fetching feeds (healthy, broken, unchanged, malicious),
pre-moderation unless the provider agreed to the social web policy, Around the web and tags."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from policy_drafts import services as draft_services
from policy_drafts.models import DraftStatus
from programme import queries as programme_queries
from programme.models import AuditEntry
from programme.services import ProgrammeError, audit
from programme.services.moderation import hide_content
from tests.factories import PageFactory, PolicyDraftFactory
from tests.feed_server import feed_server
from tests.nesting import watch_nh3
from townhall import services
from townhall.models import AggregatedItem, FeedChecker, FeedState, TownhallSite
from townhall.services import aggregation


@pytest.fixture
def server(settings):
    with feed_server() as running:
        # The local test server is not a public address: allow it, as `make run` does the demo's.
        settings.FETCH_ALLOWED_HOSTS = [f"127.0.0.1:{running.server_address[1]}"]
        yield running


def feed_entry(coordinator, site, url, name="Huddersfield Local News", **fields):
    return audit.add_audit_entry(
        actor=coordinator,
        site=site,
        category="news",
        name=name,
        url="https://news.example/",
        feed_url=url,
        **fields,
    )


@pytest.fixture
def policy(coordinator, townhall):
    """The site's social web policy, adopted."""
    draft = PolicyDraftFactory.create(
        title="Social web policy",
        status=DraftStatus.DRAFTING,
        owners=[coordinator],
        sections=[("Posting", "Be fair.")],
    )
    draft_services.adopt(actor=coordinator, draft=draft)
    TownhallSite.objects.filter(pk=townhall.pk).update(social_web_policy=draft)
    draft.refresh_from_db()
    return draft


def test_a_healthy_feed_is_kept_attributed_and_waits_for_an_ambassador(
    client, client_as, coordinator, ambassador, site, townhall, server
):
    entry = feed_entry(coordinator, site, server.url("local_news.xml"))

    outcome = aggregation.refresh(entry, by=FeedChecker.SCHEDULE)

    assert (outcome.healthy, outcome.new, outcome.waiting) == (True, 2, 2)
    state = FeedState.objects.get(entry=entry)
    assert state.healthy is True
    assert state.etag
    assert state.last_modified
    assert (state.url, state.checked_by) == (entry.feed_url, FeedChecker.SCHEDULE)
    assert programme_queries.audit_entries().get(pk=entry.pk).feed_healthy is True
    item = AggregatedItem.objects.get(title="Park clean-up on Saturday")
    assert item.link == "https://news.example/park-clean-up"
    assert item.author_name == "editor@news.example (Sam Patel)"
    assert item.summary == "<p>Volunteers meet at the <strong>bandstand</strong> at 10am.</p>"
    assert sorted(tag.name for tag in item.tags.all()) == ["Parks", "Volunteering"]
    around = reverse("townhall:around", args=[site.slug])
    assert "Park clean-up" not in client.get(around).content.decode()

    # An ambassador approves it from the site's queue; then residents see it, attributed.
    client_as(ambassador)
    queue = client.get(reverse("townhall:pending", args=[site.slug])).content.decode()
    assert "Park clean-up on Saturday" in queue
    assert "Library hours change" in queue
    response = client.post(reverse("townhall:approve_item", args=[site.slug, item.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("townhall:pending", args=[site.slug])  # the queue
    client_as(None)
    text = client.get(around).content.decode()
    assert 'href="https://news.example/park-clean-up"' in text
    assert "Huddersfield Local News" in text
    assert "Library hours change" not in text
    tag_page = client.get(reverse("townhall:tag", args=[site.slug, "parks"])).content.decode()
    assert "Park clean-up on Saturday" in tag_page


def test_an_atom_feed_with_relative_links_is_read(coordinator, site, townhall, server):
    entry = feed_entry(coordinator, site, server.url("community_blog.atom"), name="Marsden blog")
    assert aggregation.refresh(entry, by=FeedChecker.SCHEDULE).new == 1
    item = AggregatedItem.objects.get()
    assert item.link == server.url("allotments")
    assert item.author_name == "Marsden Allotment Society"
    assert [tag.name for tag in item.tags.all()] == ["Allotments"]


def test_an_unchanged_feed_answers_304_and_nothing_is_added(coordinator, site, townhall, server):
    entry = feed_entry(coordinator, site, server.url("local_news.xml"))
    aggregation.refresh(entry, by=FeedChecker.SCHEDULE)
    entry.refresh_from_db()

    outcome = aggregation.refresh(entry, by=FeedChecker.SCHEDULE)

    assert outcome.healthy
    assert outcome.unchanged
    assert outcome.new == 0
    state = FeedState.objects.get(entry=entry)
    assert server.requests_seen[-1]["If-None-Match"] == state.etag
    assert server.requests_seen[-1]["If-Modified-Since"] == state.last_modified
    assert AggregatedItem.objects.count() == 2


def test_an_item_seen_before_is_not_changed_by_the_feed_later(
    coordinator, ambassador, site, townhall, server
):
    entry = feed_entry(coordinator, site, server.url("local_news.xml"))
    aggregation.refresh(entry, by=FeedChecker.SCHEDULE)
    item = AggregatedItem.objects.get(guid="https://news.example/park-clean-up")
    services.approve_item(moderator=ambassador, item=item)
    AggregatedItem.objects.filter(pk=item.pk).update(title="As first approved")
    FeedState.objects.filter(entry=entry).update(etag="", last_modified="")
    entry.refresh_from_db()

    assert aggregation.refresh(entry, by=FeedChecker.SCHEDULE).new == 0
    item.refresh_from_db()
    assert item.title == "As first approved"
    assert not item.is_pending


@pytest.mark.parametrize(
    ("path", "problem"),
    [
        ("status/500", "The feed could not be reached."),
        ("status/404", "The feed could not be reached."),
        ("not_a_feed.html", "The address is not an RSS or Atom feed."),
        ("slow/local_news.xml", "The feed was too slow."),
    ],
)
def test_a_broken_feed_is_marked_unhealthy_and_never_raises(
    settings, coordinator, site, townhall, server, path, problem
):
    settings.TOWNHALL_FEED_TIMEOUT = 1
    server.slow_seconds = 2
    entry = feed_entry(coordinator, site, server.url(path))

    outcome = aggregation.refresh(entry, by=FeedChecker.SCHEDULE)

    assert not outcome.healthy
    assert problem in outcome.problem
    state = FeedState.objects.get(entry=entry)
    assert state.healthy is False
    assert problem in state.problem
    shown = programme_queries.audit_entries().get(pk=entry.pk)
    assert shown.feed_healthy is False
    assert problem in shown.feed_problem
    assert AggregatedItem.objects.count() == 0


def test_an_unreachable_feed_is_unhealthy(settings, coordinator, site, townhall):
    with feed_server() as closed:
        url = closed.url("local_news.xml")
        settings.FETCH_ALLOWED_HOSTS = [f"127.0.0.1:{closed.server_address[1]}"]
    entry = feed_entry(coordinator, site, url)
    outcome = aggregation.refresh(entry, by=FeedChecker.SCHEDULE)
    assert not outcome.healthy
    assert outcome.problem == "The feed could not be reached."


def test_the_command_goes_on_past_a_broken_feed_and_the_audit_shows_it(
    client_as, coordinator, site, townhall, server
):
    feed_entry(coordinator, site, server.url("status/500"), name="Gone quiet")
    feed_entry(coordinator, site, server.url("local_news.xml"))
    out = io.StringIO()

    call_command("fetch_feeds", stdout=out)

    said = out.getvalue()
    assert "Gone quiet: unhealthy. The feed could not be reached." in said
    assert "Huddersfield Local News: 2 new, 2 waiting for an ambassador." in said
    assert "1 feeds read, 1 unhealthy." in said
    table = (
        client_as(coordinator)
        .get(reverse("programme:audit") + "?site=" + str(site.pk))
        .content.decode()
    )
    assert "Unhealthy" in table
    assert "The feed could not be reached." in table
    assert "500" not in table.split("Gone quiet")[1][:500]  # no detail for probing


def test_the_audit_sorts_by_feed_health_and_says_who_checked_each_feed(
    client_as, coordinator, site, townhall, server
):
    broken = feed_entry(coordinator, site, server.url("status/500"), name="Gone quiet")
    fine = feed_entry(coordinator, site, server.url("local_news.xml"), name="Local news")
    feed_entry(coordinator, site, server.url("community_blog.atom"), name="Not yet")
    aggregation.refresh(broken, by=FeedChecker.SCHEDULE)
    aggregation.refresh(fine, by=FeedChecker.COMMAND)

    page = client_as(coordinator).get(reverse("programme:audit") + "?sort=-feed")

    assert page.status_code == 200
    text = page.content.decode()
    # Healthy first, then unhealthy, then the one never checked (NULL sorts last descending
    # on PostgreSQL, first on SQLite: only the two checked ones are compared).
    assert text.index("Local news") < text.index("Gone quiet")
    assert "Healthy" in text
    assert "Unhealthy" in text
    assert "Not checked yet" in text
    assert FeedState.objects.get(entry=fine).checked_by == FeedChecker.COMMAND
    assert FeedState.objects.get(entry=broken).checked_by == FeedChecker.SCHEDULE


def test_malicious_html_in_a_feed_is_cleaned_when_kept_and_when_shown(
    client, client_as, coordinator, ambassador, site, townhall, server
):
    entry = feed_entry(coordinator, site, server.url("malicious.xml"), name="Not so friendly")
    aggregation.refresh(entry, by=FeedChecker.SCHEDULE)
    item = AggregatedItem.objects.get()
    assert item.title == "Fun day"
    assert item.link == ""  # javascript: is not a web address
    for bad in ("<script", "onclick", "onerror", "<iframe", "javascript:", "<style"):
        assert bad not in item.summary
    assert [tag.name for tag in item.tags.all()] == ["Fun"]

    # Even if something slipped into the database, it is sanitised again on the way out.
    AggregatedItem.objects.filter(pk=item.pk).update(
        summary='<p onclick="x()">Hi</p><script>window.__xss=9</script>'
    )
    services.approve_item(moderator=ambassador, item=item)
    client_as(None)
    text = client.get(reverse("townhall:around", args=[site.slug])).content.decode()
    assert "window.__xss" not in text
    assert "onclick" not in text
    assert "<p>Hi</p>" in text


def test_an_agreed_content_providers_items_need_no_moderation_and_record_the_version(
    client, coordinator, content_provider, site, townhall, policy, server
):
    draft_services.agree(person=content_provider, draft=policy)
    entry = feed_entry(
        coordinator, site, server.url("local_news.xml"), feed_provider=content_provider
    )

    outcome = aggregation.refresh(entry, by=FeedChecker.SCHEDULE)

    assert (outcome.new, outcome.waiting) == (2, 0)
    item = AggregatedItem.objects.get(title="Park clean-up on Saturday")
    assert not item.is_pending
    assert item.agreement is not None
    assert item.agreement.person == content_provider
    assert item.agreement.version == policy.adopted_version
    text = client.get(reverse("townhall:around", args=[site.slug])).content.decode()
    assert "Park clean-up on Saturday" in text


def test_a_provider_who_has_not_agreed_to_the_current_version_waits(
    coordinator, content_provider, site, townhall, policy, server
):
    draft_services.agree(person=content_provider, draft=policy)
    # The policy changes; their agreement was to the earlier version.
    policy.refresh_from_db()
    draft_services.save_working_copy(
        actor=coordinator,
        draft=policy,
        revision=policy.working_revision,
        sections=[{"key": None, "heading": "Posting", "body": "Be fair and kind."}],
    )
    draft_services.publish_version(actor=coordinator, draft=policy, change_note="Kinder")
    draft_services.adopt(actor=coordinator, draft=policy)
    entry = feed_entry(
        coordinator, site, server.url("local_news.xml"), feed_provider=content_provider
    )

    assert aggregation.refresh(entry, by=FeedChecker.SCHEDULE).waiting == 2
    assert AggregatedItem.objects.filter(approved_at__isnull=True).count() == 2


def test_only_a_content_provider_at_the_site_can_be_named_on_a_feed(coordinator, resident, site):
    with pytest.raises(ProgrammeError) as error:
        feed_entry(coordinator, site, "https://news.example/feed", feed_provider=resident)
    assert error.value.code == "not_a_provider"
    assert not AuditEntry.objects.exists()


def test_a_new_feed_address_forgets_the_old_ones_validators_and_health(
    coordinator, site, townhall, server
):
    entry = feed_entry(coordinator, site, server.url("local_news.xml"))
    aggregation.refresh(entry, by=FeedChecker.SCHEDULE)
    entry.refresh_from_db()
    entry = audit.edit_audit_entry(
        actor=coordinator, entry=entry, site=site, feed_url=server.url("community_blog.atom")
    )
    # The audit shows the new address as not checked yet, and its first fetch sends nothing
    # the old address gave.
    assert programme_queries.audit_entries().get(pk=entry.pk).feed_healthy is None
    aggregation.refresh(entry, by=FeedChecker.COMMAND)
    assert "If-None-Match" not in server.requests_seen[-1]
    assert "If-Modified-Since" not in server.requests_seen[-1]
    state = FeedState.objects.get(entry=entry)
    assert (state.url, state.checked_by, state.healthy) == (
        entry.feed_url,
        FeedChecker.COMMAND,
        True,
    )


def home_around_the_web(coordinator, townhall):
    """The site's home page, showing the approved items of its feeds."""
    return PageFactory.create(
        site=townhall,
        created_by=coordinator,
        title="Home",
        blocks=[
            {"type": "text", "markdown": "Words of our own, for residents."},
            {"type": "around"},
        ],
    )


def test_hiding_an_item_takes_it_off_the_cached_site_at_once(
    client, coordinator, ambassador, site, townhall, server
):
    entry = feed_entry(coordinator, site, server.url("local_news.xml"))
    aggregation.refresh(entry, by=FeedChecker.SCHEDULE)
    item = AggregatedItem.objects.get(title="Park clean-up on Saturday")
    services.approve_item(moderator=ambassador, item=item)
    home_around_the_web(coordinator, townhall)
    url = reverse("townhall:home", args=[site.slug])
    assert "Park clean-up on Saturday" in client.get(url).content.decode()

    hide_content(moderator=ambassador, target=item, reason="Out of date")

    assert "Park clean-up on Saturday" not in client.get(url).content.decode()


def test_approving_an_item_or_showing_it_again_reaches_the_cached_site_at_once(
    client, coordinator, ambassador, site, townhall, server, settings
):
    from programme.services.moderation import restore_content

    settings.TOWNHALL_PAGE_CACHE_SECONDS = 3600  # a timeout that would hide any change
    entry = feed_entry(coordinator, site, server.url("local_news.xml"))
    home_around_the_web(coordinator, townhall)
    url = reverse("townhall:home", args=[site.slug])
    aggregation.refresh(entry, by=FeedChecker.SCHEDULE)  # the items wait for an ambassador
    assert "Park clean-up on Saturday" not in client.get(url).content.decode()

    item = AggregatedItem.objects.get(title="Park clean-up on Saturday")
    services.approve_item(moderator=ambassador, item=item)
    assert "Park clean-up on Saturday" in client.get(url).content.decode()
    hide_content(moderator=ambassador, target=item, reason="Out of date")
    assert "Park clean-up on Saturday" not in client.get(url).content.decode()
    restore_content(moderator=ambassador, target=item, reason="Still on")
    assert "Park clean-up on Saturday" in client.get(url).content.decode()


def test_a_sites_name_changed_in_the_back_office_reaches_the_cached_site_at_once(
    client, client_as, coordinator, site, townhall, settings
):
    settings.TOWNHALL_PAGE_CACHE_SECONDS = 3600
    url = reverse("townhall:home", args=[site.slug])
    client.get(url)
    assert "Kirklees Together" not in client.get(url).content.decode()
    admin = client_as(coordinator)
    change = reverse("admin:townhall_townhallsite_change", args=[townhall.pk])
    form = admin.get(change).context["adminform"].form
    data = {
        name: form.initial.get(name) or ""
        for name, field in form.fields.items()
        if not field.widget.needs_multipart_form
    }
    data.update(name="Kirklees Together")
    response = admin.post(change, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == reverse("admin:townhall_townhallsite_changelist")
    client.logout()
    assert "Kirklees Together" in client.get(url).content.decode()


def test_a_feeds_deeply_nested_html_is_read_up_to_a_bounded_length(monkeypatch):
    # nh3's time grows with the square of nesting, and a feed's HTML cannot be flattened
    # first (it need not be well formed): 30,000 nested quotes took four seconds to clean
    # when fetched, and again each time the summary was shown. Its length is bounded.
    depths = watch_nh3(monkeypatch, limit=aggregation.MAX_SUMMARY_CHARS // len("<ul>"))
    summary = aggregation.clean_summary("<ul>" * 30000 + "Fun day")
    title = aggregation.plain_text("<div>" * 30000 + "Fun day", 300)
    assert "Fun day" not in summary
    assert title == ""
    assert len(depths) == 2
    assert max(depths) <= aggregation.MAX_SUMMARY_CHARS // len("<ul>")
