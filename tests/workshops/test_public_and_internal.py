"""Public and internal kept apart: an invitation-only or internal workshop is in no public
list, search, calendar or feed, and its page is for the people it is for; an outcome's
internal notes stay with the people running the programme; the public summary is public."""

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from programme.models import BuildStage, PilotSite, Role, RoleGrant
from programme.services import grant_role
from tests.factories import UserFactory, WorkshopFactory
from workshops import services
from workshops.models import Access, Workshop, WorkshopKind, WorkshopStatus

from .conftest import at, book, plan

SECRET = "Members keen but want a short guide"


@pytest.fixture
def live(site):
    PilotSite.objects.filter(pk=site.pk).update(build_stage=BuildStage.LIVE)
    return site


@pytest.fixture
def public(coordinator, site):
    return WorkshopFactory.create(site=site, created_by=coordinator, title="Meet the bloggers")


@pytest.fixture
def internal(coordinator, site):
    return WorkshopFactory.create(
        site=site,
        created_by=coordinator,
        title="Kirklees internal workshop",
        kind=WorkshopKind.INTERNAL_BRIEFING,
    )


@pytest.fixture
def invitation_only(coordinator, site):
    return WorkshopFactory.create(
        site=site,
        created_by=coordinator,
        title="Briefing for councillors",
        kind=WorkshopKind.MEMBERS_BRIEFING,
        access=Access.INVITATION,
    )


def titles(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize(
    "where",
    [
        lambda site: reverse("townhall:events", args=[site.slug]),
        lambda site: reverse("townhall:search", args=[site.slug]) + "?q=Huddersfield",
        lambda site: reverse("townhall:home", args=[site.slug]),
        lambda site: reverse("townhall:widget", args=[site.slug]),
        lambda site: reverse("workshops:list"),
    ],
    ids=["events", "search", "home", "widget", "workshop list"],
)
def test_public_lists_carry_only_public_workshops(
    client, live, public, internal, invitation_only, where
):
    page = titles(client.get(where(live)))
    assert "Meet the bloggers" in page
    assert "Kirklees internal workshop" not in page
    assert "Briefing for councillors" not in page


@pytest.mark.parametrize(
    "feed",
    [
        lambda site: reverse("workshops:calendar"),
        lambda site: reverse("townhall:site_workshops_ics", args=[site.slug]),
    ],
    ids=["all workshops", "the site's workshops"],
)
def test_public_calendars_carry_only_public_workshops(
    client, live, public, internal, invitation_only, feed
):
    calendar = Calendar.from_ical(client.get(feed(live)).content)
    summaries = [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]
    assert len(summaries) == 1
    assert summaries[0].startswith("Meet the bloggers")


def test_an_internal_workshop_page_is_not_found_by_the_public(
    client, client_as, live, internal, invitation_only, resident
):
    for workshop in (internal, invitation_only):
        for who in (None, resident):
            client_as(who)
            assert client.get(workshop.get_absolute_url()).status_code == 404
            assert (
                client.get(reverse("workshops:register", args=[workshop.slug])).status_code == 404
            )
            assert client.get(reverse("workshops:ics", args=[workshop.slug])).status_code == 404


def test_the_councils_own_people_and_invitees_see_what_is_for_them(
    client_as, live, coordinator, internal, invitation_only, officer, elected_member, resident
):
    # An officer of the council sees its internal workshop, to register for it.
    assert client_as(officer).get(internal.get_absolute_url()).status_code == 200
    listed = titles(client_as(officer).get(reverse("workshops:list")))
    assert "Kirklees internal workshop" in listed
    # An invited resident sees the invitation-only one, and it is in their site's events.
    services.invite(actor=coordinator, workshop=invitation_only, people=[resident])
    client = client_as(resident)
    assert client.get(invitation_only.get_absolute_url()).status_code == 200
    assert "Briefing for councillors" in titles(
        client.get(reverse("townhall:events", args=[live.slug]))
    )
    assert "Kirklees internal workshop" not in titles(client.get(reverse("workshops:list")))


def test_a_person_with_a_place_keeps_seeing_their_workshop(client_as, live, internal, officer):
    book(internal, officer)
    officer.role_grants.update(revoked_at=timezone.now())  # no longer one of the council's own
    assert client_as(officer).get(internal.get_absolute_url()).status_code == 200


def _held(coordinator, site):
    workshop = WorkshopFactory.create(
        site=site, created_by=coordinator, starts_at=at(-3, 10), ends_at=at(-3, 12)
    )
    Workshop.objects.filter(pk=workshop.pk).update(status=WorkshopStatus.HELD)
    return Workshop.objects.get(pk=workshop.pk)


def test_outcome_notes_are_internal_and_the_summary_public(
    client, client_as, coordinator, site, officer
):
    workshop = _held(coordinator, site)
    client_as(coordinator).post(
        reverse("workshops:outcome", args=[workshop.slug]),
        {
            "public_summary": "We agreed to write a **short guide** for members.",
            "notes": SECRET,
            "decisions": "Laila drafts the guide by Friday.",
            "actions-TOTAL_FORMS": "0",
            "actions-INITIAL_FORMS": "0",
        },
    )
    outcome = Workshop.objects.get(pk=workshop.pk).outcome
    assert outcome.notes == SECRET

    for who in (None, officer):  # the public, and someone of the council not running it
        page = titles(client_as(who).get(workshop.get_absolute_url()))
        assert "<strong>short guide</strong>" in page
        assert SECRET not in page
        assert "Laila drafts" not in page
    page = titles(client_as(coordinator).get(workshop.get_absolute_url()))
    assert SECRET in page
    assert "Not public" in page


def test_the_outcome_form_says_which_field_is_public(client_as, coordinator, site):
    workshop = _held(coordinator, site)
    page = titles(client_as(coordinator).get(reverse("workshops:outcome", args=[workshop.slug])))
    assert "Public: shown to anyone" in page
    assert "Internal: only coordinators, the site lead and the facilitators" in page


def test_facilitators_are_on_the_page_and_in_the_pack(
    client, client_as, coordinator, site, site_lead, public
):
    site_lead.display_name = "Laila H."
    site_lead.bio = "Runs the Kirklees pilot."
    site_lead.save()
    public.facilitators.set([site_lead])
    page = titles(client.get(public.get_absolute_url()))
    assert "Who runs it" in page
    assert "Laila H." in page
    assert "Runs the Kirklees pilot." in page
    pack = titles(
        client_as(coordinator).get(reverse("workshops:briefing_pack_page", args=[public.slug]))
    )
    assert "Facilitators" in pack
    assert "Laila H." in pack


def test_the_workshop_page_reads_facilitators_in_fixed_queries(
    client, coordinator, site, site_lead, public, assert_bounded_queries
):
    public.facilitators.set([site_lead])

    def grow():
        people = [UserFactory.create(full_name=f"Officer {n}") for n in range(6)]
        for person in people:
            grant_role(actor=None, user=person, role=Role.OFFICER, site=site)
        RoleGrant.objects.filter(user__in=people).update(shown_on_persona=True)
        public.facilitators.set(people)

    assert_bounded_queries(public.get_absolute_url(), grow)


def test_a_draft_stays_hidden_even_when_open_to_all(client, coordinator, site):
    draft = plan(coordinator, site, title="Not yet", starts_at=at(5), ends_at=at(5, 12))
    assert not draft.is_public
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert Workshop.objects.public().count() == 0


def test_residents_get_a_list_of_what_is_coming_up_and_staff_their_table(
    client_as, coordinator, resident, public
):
    for who in (None, resident):
        page = titles(client_as(who).get(reverse("workshops:list")))
        assert "Workshops coming up" in page
        assert "Meet the bloggers" in page
        assert "Download CSV" not in page
        assert 'name="status"' not in page
        assert "<table" not in page
    page = titles(client_as(coordinator).get(reverse("workshops:list")))
    assert "Download CSV" in page
    assert 'class="table-responsive"' in page
