"""A town hall site's frame and home: the site's header, navigation, breadcrumbs and footer;
the slim bar staff see; cards with empty states; "What next?" for this reader; grouped search."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from programme.models import BuildStage, PilotSite, Role, RoleGrant
from tests.factories import (
    CommentFactory,
    DiscussionFactory,
    PageFactory,
    PolicyDraftFactory,
    WorkshopFactory,
)
from tests.matching import first, found
from tests.policy_drafts.conftest import SECTIONS
from townhall import services
from townhall.models import Page
from townhall.permissions import site_for
from townhall.services import discussions
from workshops import services as workshop_services
from workshops.models import Access

SECTION_LABELS = [
    "Home",
    "News",
    "Workshops and events",
    "Have your say",
    "Discussions",
    "Around the web",
    "Get involved",
]


@pytest.fixture
def townhall(site):
    PilotSite.objects.filter(pk=site.pk).update(
        build_stage=BuildStage.LIVE, website="https://www.kirklees.gov.uk/"
    )
    return site_for(site.slug)


def publish(actor, townhall, kind, title, blocks=None, **fields):
    """A page of `kind` written by `actor` and published (`fields`: its summary)."""
    if blocks is not None:
        fields["blocks"] = blocks
    return PageFactory.create(site=townhall, created_by=actor, kind=kind, title=title, **fields)


def nav_labels(html: str) -> list[str]:
    wide = found(r'<ul class="th-nav-list d-none d-lg-flex">(.*?)</ul>', html, 1, re.S)
    return re.findall(r">([^<>]+)</a>", wide)


SITE_PAGES = [
    "",
    "news/",
    "events/",
    "have-your-say/",
    "discussions/",
    "around/",
    "get-involved/",
    "search/?q=bus",
    "tags/",
    "about/privacy/",
    "discussions/terms/",
]


@pytest.mark.parametrize("path", SITE_PAGES)
def test_every_site_page_has_the_sites_header_search_navigation_and_footer(
    client, townhall, site_lead, path
):
    about = publish(site_lead, townhall, "standard", "About us")
    publish(site_lead, townhall, "standard", "Not in the menu")  # nothing joins it unasked
    services.schedule(
        actor=site_lead, page=about, go_live_at=None, expires_at=None, review_on=None, in_menu=True
    )
    html = client.get(f"/sites/kirklees/{path}").content.decode()
    assert f'class="th-brand" href="/sites/kirklees/"><span>{townhall.name}</span>' in html
    assert re.search(
        r'<form class="th-search" role="search" method="get" action="/sites/kirklees/search/">',
        html,
    )
    # The site's sections in order, then the pages the lead put in the menu.
    assert nav_labels(html) == [*SECTION_LABELS, "About us"]
    assert html.count(f'href="{about.get_absolute_url()}"') >= 2  # wide menu and phone menu
    assert '<details class="th-menu d-lg-none">' in html
    assert "<summary>Menu</summary>" in html
    # Not the programme's header: residents meet the council's site, not the back office.
    assert 'class="site-header"' not in html
    footer = html[html.index('<footer class="th-footer') :]
    for link in [
        "/sites/kirklees/about/accessibility/",
        "/sites/kirklees/about/privacy/",
        "/sites/kirklees/about/cookies/",
        "/sites/kirklees/discussions/terms/",
        "/sites/kirklees/news/feed/",
        "/sites/kirklees/widget/",
        "https://www.kirklees.gov.uk/",
    ]:
        assert f'href="{link}"' in footer, link
    if path:
        assert '<nav aria-label="Breadcrumb">' in html
        assert '<a href="/sites/kirklees/">Home</a>' in html


def test_the_current_section_is_marked_in_the_navigation(client, townhall):
    html = client.get("/sites/kirklees/have-your-say/").content.decode()
    current = re.findall(r'<a href="([^"]+)" aria-current="page">', html)
    assert set(current) == {"/sites/kirklees/have-your-say/"}


def test_the_logo_shows_with_its_alternative_text(client, townhall):
    from django.core.files.base import ContentFile

    from tests.townhall.test_uploads import encoded

    townhall.logo.save("logo.png", ContentFile(encoded("PNG")), save=False)
    townhall.logo_alt = "Kirklees Council"
    townhall.save()
    html = client.get("/sites/kirklees/").content.decode()
    assert re.search(
        r'<img src="/media/townhall/logos/[^"]+" alt="Kirklees Council" height="48">', html
    )


def test_staff_see_a_slim_bar_instead_of_the_back_office_header(
    client_as, townhall, site_lead, ambassador, resident
):
    page = publish(site_lead, townhall, "standard", "Opening times")
    html = client_as(site_lead).get(page.get_absolute_url()).content.decode()
    assert "You are seeing this site as its editor" in html
    edit = reverse("townhall:edit_page", args=["kirklees", page.pk])
    assert f'href="{edit}">Edit this page</a>' in html
    assert 'href="/sites/kirklees/edit/">Dashboard</a>' in html
    assert "Posts waiting (0)" in html
    assert 'class="site-header"' not in html
    assert "Meetings" not in html

    bar = client_as(ambassador).get("/sites/kirklees/").content.decode()
    assert "You are seeing this site as one of its ambassadors" in bar
    assert "Edit this page" not in bar

    plain = client_as(resident).get(page.get_absolute_url()).content.decode()
    assert "You are seeing this site as" not in plain
    assert "Your account" in plain
    assert "Sign out" in plain


def test_signing_in_from_a_site_page_comes_back_to_it(client, townhall):
    html = client.get("/sites/kirklees/have-your-say/").content.decode()
    assert 'href="/accounts/sign-in/?next=/sites/kirklees/have-your-say/"' in html


def test_the_home_page_says_what_the_site_is_for_and_shows_empty_states(client, townhall):
    html = client.get("/sites/kirklees/").content.decode()
    assert "<h1>Kirklees Town Hall</h1>" in html
    assert "read what is happening, talk it over and have your say" in html
    # Nothing yet: each card says what will appear there and how to help it happen.
    assert "When the team plans a workshop here" in html
    assert "When a draft is open for your comments" in html
    assert "Nobody has started a discussion yet" in html
    assert "Start the first discussion" in html
    assert (
        "Community ambassadors, and local groups and organisations who write for the site, can add to it."
        in html
    )
    assert "once the site follows their feeds" in html
    assert (
        'class="btn btn-primary btn-lg" href="/sites/kirklees/discussions/">Join the discussion'
        in html
    )


def test_the_home_page_cards_show_workshops_consultations_news_and_discussions(
    client, townhall, coordinator, site_lead, ambassador, resident, site
):
    workshop = WorkshopFactory.create(
        site=site, created_by=coordinator, title="Meet the team", capacity=20
    )
    draft = PolicyDraftFactory.create(
        title="Social web policy", owners=[coordinator], sections=SECTIONS
    )
    version = draft.versions.get()
    for author in (resident, ambassador):
        CommentFactory.create(
            author=author,
            section=first(version.sections.all()),
            capacity="resident" if author == resident else "ambassador:kirklees",
            stance="support",
            body="Yes.",
        )
    publish(site_lead, townhall, "news", "Library reopens", summary="Open again from Monday.")
    DiscussionFactory.create(
        site=townhall,
        started_by=ambassador,
        title="The 303 bus",
        first_post__body="Late again.",
        first_post__capacity="ambassador:kirklees",
    )

    html = client.get("/sites/kirklees/").content.decode()
    assert workshop.get_absolute_url() in html
    assert "20 of 20 places left" in html
    assert "Huddersfield Town Hall" in html
    assert "Social web policy" in html
    assert "2 people have commented" in html
    assert f'href="{draft.get_absolute_url()}">Have your say on Social web policy' in html
    assert "Library reopens" in html
    assert "Open again from Monday." in html
    assert "The 303 bus" in html
    assert "1 post" in html


def test_what_next_offers_only_what_this_reader_can_take_part_in(
    client_as, townhall, coordinator, site_lead, resident, elected_member, site
):
    open_one = WorkshopFactory.create(site=site, created_by=coordinator, title="Open drop-in")
    invited_only = WorkshopFactory.create(
        site=site, created_by=coordinator, title="Members' briefing", access=Access.INVITATION
    )
    RoleGrant.objects.filter(user=elected_member, role=Role.ELECTED_MEMBER).update(
        shown_on_persona=True
    )
    PilotSite.objects.filter(pk=site.pk).update(
        councillors_url="https://www.kirklees.gov.uk/councillors"
    )
    news = publish(site_lead, townhall, "news", "Library reopens")

    anonymous = client_as(None).get(news.get_absolute_url()).content.decode()
    assert f"Register for {open_one.title}" in anonymous
    assert invited_only.title not in anonymous
    assert (
        f"{elected_member.public_name} is the councillor taking part here. Contact them through "
        f'<a href="https://www.kirklees.gov.uk/councillors">Kirklees Council&#x27;s councillors page</a>.'
    ) in anonymous

    workshop_services.invite(actor=coordinator, workshop=invited_only, people=[resident])
    invited = client_as(resident).get(news.get_absolute_url()).content.decode()
    assert "Register for Members&#x27; briefing" in invited


def test_search_groups_results_by_kind_with_dates(
    client, townhall, coordinator, site_lead, ambassador, site
):
    DiscussionFactory.create(
        site=townhall,
        started_by=ambassador,
        title="The 303 bus",
        first_post__body="It is always late in the morning.",
        first_post__capacity="ambassador:kirklees",
    )
    DiscussionFactory.create(
        site=townhall,
        started_by=ambassador,
        title="Parking on Market Street",
        first_post__body="Could the bus stop move?",
        first_post__capacity="ambassador:kirklees",
    )
    WorkshopFactory.create(site=site, created_by=coordinator, title="Bus station redesign")
    publish(site_lead, townhall, "news", "New bus timetable")
    publish(site_lead, townhall, "standard", "Getting here by bus")

    html = client.get("/sites/kirklees/search/", {"q": "bus"}).content.decode()
    headings = re.findall(r'<h2 class="h4" id="results-\d+">([^<]+)</h2>', html)
    assert headings == ["Pages", "News", "Discussions", "Workshops and events"]
    assert "The 303 bus" in html
    assert "Parking on Market Street" in html
    assert html.count("<time datetime=") >= 5
    assert 'id="site-search" name="q" value="bus"' in html  # the header box keeps the words


def test_the_section_pages_list_what_residents_can_do(
    client, townhall, coordinator, site_lead, site
):
    workshop = WorkshopFactory.create(site=site, created_by=coordinator, title="Meet the team")
    publish(site_lead, townhall, "event", "Summer fair")
    publish(site_lead, townhall, "get_involved", "Volunteer with us")
    events = client.get("/sites/kirklees/events/").content.decode()
    assert workshop.title in events
    assert "Summer fair" in events
    involved = client.get("/sites/kirklees/get-involved/").content.decode()
    assert "/ambassadors/apply/?site=kirklees" in involved
    assert "Volunteer with us" in involved
    say = client.get("/sites/kirklees/have-your-say/").content.decode()
    assert "Nothing is open for comment just now" in say


def test_a_page_never_takes_a_sections_address(site_lead, townhall):
    for title in ("Events", "Have your say", "Get involved"):
        page = services.create_page(actor=site_lead, site=townhall, kind="standard", title=title)
        assert page.slug.endswith("-page")


def test_site_pages_run_the_same_queries_with_more_to_show(
    client, townhall, coordinator, site_lead, ambassador, site, assert_bounded_queries
):
    publish(site_lead, townhall, "news", "First news")
    WorkshopFactory.create(site=site, created_by=coordinator, title="One")

    def grow():
        for n in range(3):
            publish(site_lead, townhall, "news", f"More news {n}")
            publish(site_lead, townhall, "standard", f"Menu page {n}")
            WorkshopFactory.create(site=site, created_by=coordinator, title=f"Workshop {n}")
            DiscussionFactory.create(
                site=townhall,
                started_by=ambassador,
                title=f"Topic {n}",
                first_post__body="Hi",
                first_post__capacity="ambassador:kirklees",
            )

    for path in ("", "news/", "events/", "search/?q=news"):
        # Signed in, so the page cache does not answer.
        client.force_login(site_lead)
        assert_bounded_queries(f"/sites/kirklees/{path}", grow if path == "" else lambda: None)


def test_ambassadors_hear_once_an_hour_that_a_first_post_waits(
    client_as, townhall, ambassador, resident, django_capture_on_commit_callbacks
):
    from tests.factories import UserFactory

    with django_capture_on_commit_callbacks(execute=True):
        discussions.start_discussion(
            author=resident,
            site=townhall,
            title="Bins",
            body="Collected late.",
            capacity="resident",
        )
        newcomer = UserFactory.create()
        discussions.start_discussion(
            author=newcomer, site=townhall, title="Parks", body="Lovely.", capacity="resident"
        )
    notices = [m for m in mail.outbox if "first post is waiting" in m.subject]
    assert [m.to for m in notices] == [[ambassador.email]]
    assert "/sites/kirklees/discussions/waiting/" in notices[0].body

    # Both wait; ambassadors and the lead see how many, in the header and on the moderation page.
    html = client_as(ambassador).get(reverse("programme:moderation_queue")).content.decode()
    assert "Posts waiting (2)" in html  # the programme header
    assert "Posts waiting at Kirklees Town Hall (2)" in html
    assert "Posts waiting (2)" in client_as(ambassador).get("/sites/kirklees/").content.decode()
    assert (
        "Posts waiting (2)"
        in client_as(ambassador).get("/sites/kirklees/discussions/waiting/").content.decode()
    )


def test_a_news_item_shows_its_image_in_the_list(client, townhall, site_lead):
    from django.core.files.base import ContentFile

    from tests.townhall.test_uploads import encoded
    from townhall.models import SiteImage

    image = SiteImage(site=townhall, alt_text="The library", uploaded_by=site_lead)
    image.file.save("library.png", ContentFile(encoded("PNG")), save=False)
    image.save()
    publish(
        site_lead,
        townhall,
        "news",
        "Library reopens",
        blocks=[{"type": "image", "image_id": image.pk}, {"type": "text", "markdown": "Hi."}],
    )
    html = client.get("/sites/kirklees/news/").content.decode()
    assert f'<img src="{image.file.url}" alt=""' in html
    assert Page.objects.filter(kind="news").count() == 1
