"""The site's shared data (menu, workshops, consultations, news) is kept for signed-in
readers too: never another reader's, always current after a change, few queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from programme.models import BuildStage, PilotSite
from tests.factories import PageFactory, UserFactory, WorkshopFactory
from townhall import services
from townhall.permissions import site_for
from workshops import services as workshops
from workshops.models import Access

PAGES = ["home", "news", "events", "have_your_say", "discussions", "around", "get_involved"]


@pytest.fixture
def townhall(site, settings):
    settings.TOWNHALL_DATA_CACHE_SECONDS = 3600
    PilotSite.objects.filter(pk=site.pk).update(build_stage=BuildStage.LIVE)
    return site_for(site.slug)


def _page(actor, townhall, title, *, in_menu=False, go_live_at=None):
    page = PageFactory.create(site=townhall, created_by=actor, title=title)
    if in_menu or go_live_at:
        services.schedule(
            actor=actor,
            page=page,
            go_live_at=go_live_at,
            expires_at=None,
            review_on=None,
            in_menu=in_menu,
        )
    return page


@pytest.mark.parametrize("name", PAGES)
def test_a_signed_in_reader_runs_at_most_ten_queries_however_much_the_site_holds(
    client_as, resident, coordinator, site_lead, townhall, site, name, assert_bounded_queries
):
    client_as(resident)

    def grow():
        for n in range(6):
            _page(site_lead, townhall, f"Page {n}", in_menu=True)
            WorkshopFactory.create(site=site, created_by=coordinator)

    # What every reader shares is read once (warm), then kept.
    [count] = assert_bounded_queries(reverse(f"townhall:{name}", args=[site.slug]), grow, warm=True)
    assert count <= 10


def test_an_invitation_only_workshop_shows_to_its_invitees_alone(
    client, client_as, coordinator, townhall, site
):
    open_one = WorkshopFactory.create(site=site, created_by=coordinator)
    closed = WorkshopFactory.create(
        site=site, created_by=coordinator, title="Members' briefing", access=Access.INVITATION
    )
    invited, other = UserFactory.create(), UserFactory.create()
    workshops.invite(actor=coordinator, workshop=closed, people=[invited])
    url = reverse("townhall:events", args=[site.slug])
    for person, sees in ((invited, True), (other, False)):
        html = client_as(person).get(url).content.decode()
        assert open_one.title in html
        assert ("Members&#x27; briefing" in html) is sees
    client.logout()
    assert "Members&#x27; briefing" not in client.get(url).content.decode()


def test_a_new_menu_page_and_a_workshop_change_show_at_once_to_signed_in_readers(
    client_as, resident, coordinator, site_lead, townhall, site
):
    client = client_as(resident)
    home = reverse("townhall:home", args=[site.slug])
    workshop = WorkshopFactory.create(site=site, created_by=coordinator)
    client.get(home)
    _page(site_lead, townhall, "Opening hours", in_menu=True)
    workshops.edit_workshop(actor=coordinator, workshop=workshop, title="Bloggers' breakfast")
    html = client.get(home).content.decode()
    assert ">Opening hours<" in html
    assert "Bloggers&#x27; breakfast" in html


def test_a_scheduled_page_joins_the_menu_on_the_first_request_after_its_time(
    client_as, resident, site_lead, townhall, site, monkeypatch
):
    client = client_as(resident)
    home = reverse("townhall:home", args=[site.slug])
    soon = timezone.now() + dt.timedelta(seconds=30)
    _page(site_lead, townhall, "Summer fair", in_menu=True, go_live_at=soon)
    assert ">Summer fair<" not in client.get(home).content.decode()  # kept for 30 s at most
    later = soon + dt.timedelta(seconds=1)
    monkeypatch.setattr("django.utils.timezone.now", lambda: later)
    monkeypatch.setattr("django.core.cache.backends.locmem.time.time", lambda: later.timestamp())
    assert ">Summer fair<" in client.get(home).content.decode()


def test_the_home_page_s_five_workshops_never_stand_in_for_the_events_page_s_list(
    client, coordinator, townhall, site
):
    for n in range(7):
        WorkshopFactory.create(site=site, created_by=coordinator, title=f"Workshop number {n}")
    home = client.get(reverse("townhall:home", args=[site.slug])).content.decode()
    events = client.get(reverse("townhall:events", args=[site.slug])).content.decode()
    assert home.count("Workshop number") < 7
    assert events.count("Workshop number") >= 7


def test_accepting_an_editor_invitation_counts_at_once_in_the_same_request(
    site_lead, resident, townhall
):
    from townhall import permissions
    from townhall.models import SiteEditor

    assert not permissions.can_edit(resident, townhall)  # the answer is kept on the user
    editor = SiteEditor.objects.create(site=townhall, email=resident.email, granted_by=site_lead)
    from programme.invitations import invitation_token

    token = invitation_token("townhall.editor", editor.pk, resident.email)
    services.accept_editor_invitation(user=resident, site=townhall, token=token)
    assert permissions.can_edit(resident, townhall)


@pytest.mark.parametrize("number", ["2", "abc", "0", "-1", "999", "9" * 40])
def test_the_news_list_kept_page_by_page_shows_a_page_for_any_number_and_new_items_at_once(
    client, site_lead, townhall, site, number
):
    url = reverse("townhall:news", args=[site.slug])
    for n in range(3):
        PageFactory.create(site=townhall, created_by=site_lead, kind="news", title=f"Item {n}")
    assert client.get(url, {"page": number}).status_code == 200
    item = PageFactory.create(
        site=townhall, created_by=site_lead, kind="news", title="Bus news", first_published_at=None
    )
    services.publish(actor=site_lead, page=item)
    assert "Bus news" in client.get(url).content.decode()
