"""The readiness dashboard, the hooks that fill it, the build stage, the go-live gate and stalled sites."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from programme import hooks, readiness
from programme.models import BuildStage, BuildStageChange, GoLiveSignOff, PilotSite, SignOffRole
from programme.queries import dashboard_rows
from programme.services import NotAllowed, ProgrammeError, meetings
from programme.services import readiness as readiness_services
from tests.conftest import CAST
from tests.factories import PilotSiteFactory
from tests.matching import first

WEEKS = dt.timedelta(weeks=6)


@pytest.fixture(autouse=True)
def programme_checklist_only(monkeypatch):
    """These tests are about the gate itself, so the checklist holds programme's own item only.

    Each app tests the items it adds (e.g. tests/workshops/test_readiness.py).
    """
    every = readiness.checklist
    monkeypatch.setattr(
        readiness, "checklist", lambda: [item for item in every() if item.key == "content"]
    )


@pytest.mark.parametrize("role", CAST)
def test_the_dashboard_is_for_coordinators_critical_friends_and_site_leads(
    client_as, person, site, role
):
    response = client_as(person).get(reverse("programme:dashboard"))
    if role == "anonymous":
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))
    else:
        assert response.status_code == (
            200 if role in {"coordinator", "critical_friend", "site_lead"} else 403
        )


def test_the_dashboard_shows_every_site_with_its_stage_and_audit(
    client_as, coordinator, site, other_site
):
    page = client_as(coordinator).get(reverse("programme:dashboard")).content.decode()
    assert "Kirklees" in page
    assert "Chorley" in page
    assert "Not started" in page
    assert "Social web audit" in page
    assert "0 of 4 categories" in page


def test_an_indicator_added_through_the_hook_becomes_a_column(client_as, coordinator, site):
    indicator = readiness.Indicator(
        "parking",
        "Parking spaces",
        10,
        lambda sites: {s.pk: readiness.IndicatorValue("7 of 9 spaces", "partial") for s in sites},
    )
    with hooks.readiness_indicators.temporarily(lambda: [indicator]):
        page = client_as(coordinator).get(reverse("programme:dashboard")).content.decode()
    assert '<th scope="col">Parking spaces</th>' in page
    assert "7 of 9 spaces" in page
    page = client_as(coordinator).get(reverse("programme:dashboard")).content.decode()
    assert "Parking spaces" not in page  # gone with the hook


def test_a_site_with_no_movement_for_weeks_is_stalled(coordinator, site, other_site):
    long_ago = timezone.now() - dt.timedelta(weeks=10)
    PilotSite.objects.filter(pk=site.pk).update(build_stage_changed_at=long_ago)
    PilotSite.objects.filter(pk=other_site.pk).update(build_stage_changed_at=long_ago)
    meetings.raise_action(actor=coordinator, title="Fresh work", owner=coordinator, site=other_site)

    rows = {row.site.slug: row for row in dashboard_rows(stalled_after=WEEKS)}

    assert rows["kirklees"].stalled
    assert not rows["chorley"].stalled  # an action raised this week counts as movement


def test_a_live_site_is_never_stalled(site):
    PilotSite.objects.filter(pk=site.pk).update(
        build_stage=BuildStage.LIVE, build_stage_changed_at=timezone.now() - dt.timedelta(weeks=20)
    )
    assert not dashboard_rows(stalled_after=WEEKS)[0].stalled


def test_stalled_sites_stand_out_on_the_dashboard(client_as, coordinator, site):
    PilotSite.objects.filter(pk=site.pk).update(
        build_stage_changed_at=timezone.now() - dt.timedelta(weeks=10)
    )
    page = client_as(coordinator).get(reverse("programme:dashboard")).content.decode()
    assert "1 site stalled." in page
    assert ">Stalled<" in page


def test_the_build_stage_moves_with_its_history(site_lead, site):
    readiness_services.set_build_stage(
        actor=site_lead, site=site, stage=BuildStage.SETTING_UP, note="Hosting ready"
    )

    site.refresh_from_db()
    assert site.build_stage == BuildStage.SETTING_UP
    change = BuildStageChange.objects.get()
    assert (change.changed_by, change.note) == (site_lead, "Hosting ready")


def test_the_build_stage_cannot_be_set_to_live_directly(coordinator, site):
    with pytest.raises(ProgrammeError) as error:
        readiness_services.set_build_stage(actor=coordinator, site=site, stage=BuildStage.LIVE)
    assert error.value.code == "needs_sign_off"


def test_officers_do_not_move_the_build_stage(officer, site):
    with pytest.raises(NotAllowed):
        readiness_services.set_build_stage(actor=officer, site=site, stage=BuildStage.SETTING_UP)


def ready(site, actor):
    readiness_services.set_build_stage(actor=actor, site=site, stage=BuildStage.CONTENT_READY)


def test_signing_off_needs_the_checklist_met(site_lead, site):
    with pytest.raises(ProgrammeError) as error:
        readiness_services.sign_off_go_live(actor=site_lead, site=site, role=SignOffRole.SITE_LEAD)
    assert error.value.code == "checklist_unmet"
    assert "Site content ready" in error.value.message


def test_a_site_goes_live_only_with_both_sign_offs(coordinator, site_lead, site):
    ready(site, coordinator)

    readiness_services.sign_off_go_live(actor=site_lead, site=site, role=SignOffRole.SITE_LEAD)
    site.refresh_from_db()
    assert site.build_stage == BuildStage.CONTENT_READY  # one signature is not enough

    readiness_services.sign_off_go_live(actor=coordinator, site=site, role=SignOffRole.COORDINATOR)
    site.refresh_from_db()
    assert site.build_stage == BuildStage.LIVE
    assert GoLiveSignOff.objects.filter(site=site).count() == 2
    assert first(GoLiveSignOff.objects.all()).checklist[0]["met"] is True


def test_only_the_site_lead_signs_as_site_lead(coordinator, officer, site):
    ready(site, coordinator)
    with pytest.raises(NotAllowed) as error:
        readiness_services.sign_off_go_live(
            actor=coordinator, site=site, role=SignOffRole.SITE_LEAD
        )
    assert error.value.code == "not_allowed"
    with pytest.raises(NotAllowed):
        readiness_services.sign_off_go_live(actor=officer, site=site, role=SignOffRole.COORDINATOR)


def test_signing_twice_in_the_same_role_is_refused(coordinator, site):
    ready(site, coordinator)
    readiness_services.sign_off_go_live(actor=coordinator, site=site, role=SignOffRole.COORDINATOR)
    with pytest.raises(ProgrammeError) as error:
        readiness_services.sign_off_go_live(
            actor=coordinator, site=site, role=SignOffRole.COORDINATOR
        )
    assert error.value.code == "already_signed"


def test_a_withdrawn_sign_off_is_kept_but_no_longer_counts(coordinator, site_lead, site):
    ready(site, coordinator)
    sign_off = readiness_services.sign_off_go_live(
        actor=site_lead, site=site, role=SignOffRole.SITE_LEAD
    )
    readiness_services.withdraw_sign_off(actor=site_lead, sign_off=sign_off)

    readiness_services.sign_off_go_live(actor=coordinator, site=site, role=SignOffRole.COORDINATOR)

    site.refresh_from_db()
    assert site.build_stage == BuildStage.CONTENT_READY
    assert GoLiveSignOff.objects.filter(site=site).count() == 2


def test_leaving_live_supersedes_the_sign_offs(coordinator, site_lead, site):
    ready(site, coordinator)
    readiness_services.sign_off_go_live(actor=site_lead, site=site, role=SignOffRole.SITE_LEAD)
    readiness_services.sign_off_go_live(actor=coordinator, site=site, role=SignOffRole.COORDINATOR)

    with pytest.raises(ProgrammeError):  # a live site is not moved by the ordinary stage form
        readiness_services.set_build_stage(
            actor=coordinator, site=site, stage=BuildStage.CONTENT_READY, note="Taken down"
        )
    readiness_services.take_offline(
        actor=coordinator, site=site, stage=BuildStage.CONTENT_READY, reason="Taken down"
    )

    assert not GoLiveSignOff.objects.filter(site=site, superseded_at__isnull=True).exists()


def test_a_live_site_goes_offline_only_with_a_reason_and_a_confirmation(
    client_as, coordinator, site_lead, site
):
    ready(site, coordinator)
    readiness_services.sign_off_go_live(actor=site_lead, site=site, role=SignOffRole.SITE_LEAD)
    readiness_services.sign_off_go_live(actor=coordinator, site=site, role=SignOffRole.COORDINATOR)
    client = client_as(site_lead)
    profile = client.get(reverse("programme:site", args=[site.slug])).content.decode()
    assert "Take the site offline" in profile
    assert "Change stage" not in profile
    # One stray click does nothing: the ordinary form refuses a live site.
    stray = client.post(reverse("programme:site_stage", args=[site.slug]), {"stage": "not_started"})
    assert stray.status_code == 400
    url = reverse("programme:site_offline", args=[site.slug])
    assert (
        "Say why the site is going offline"
        in client.post(url, {"stage": "content_ready"}).content.decode()
    )
    confirm = client.post(url, {"stage": "content_ready", "reason": "The council's web team asked"})
    text = confirm.content.decode()
    assert "What will happen" in text
    assert "coming soon" in text
    assert "Yes, take Kirklees offline now" in text
    site.refresh_from_db()
    assert site.is_live  # not yet: they have only been told what will happen
    done = client.post(
        url, {"stage": "content_ready", "reason": "The council's web team asked", "confirm": "yes"}
    )
    assert done.status_code == 302
    assert done["Location"] == reverse("programme:site", args=[site.slug])
    site.refresh_from_db()
    assert site.build_stage == BuildStage.CONTENT_READY
    assert site.stage_changes.order_by("-changed_at").first().note == "The council's web team asked"


def test_no_stage_is_chosen_beforehand(client_as, site_lead, site):
    html = client_as(site_lead).get(reverse("programme:site", args=[site.slug])).content.decode()
    assert '<option value="" selected>Choose a stage</option>' in html
    missing = client_as(site_lead).post(reverse("programme:site_stage", args=[site.slug]), {})
    assert missing.status_code == 400
    assert "Choose the stage the site moves to" in missing.content.decode()


def test_going_live_through_the_site_page(client_as, coordinator, site_lead, site):
    ready(site, coordinator)
    url = reverse("programme:site_sign_off", args=[site.slug, "site_lead"])

    client_as(site_lead).post(url, {"note": "Content checked"})
    response = client_as(coordinator).post(
        reverse("programme:site_sign_off", args=[site.slug, "coordinator"]), {"note": ""}
    )

    assert response.url == reverse("programme:site", args=[site.slug])
    site.refresh_from_db()
    assert site.is_live


def test_signing_off_through_the_page_before_the_checklist_is_met_says_why(
    client_as, site_lead, site
):
    response = client_as(site_lead).post(
        reverse("programme:site_sign_off", args=[site.slug, "site_lead"]), {"note": ""}
    )
    assert response.status_code == 400
    assert "The checklist is not met yet" in response.content.decode()


@pytest.mark.parametrize("role", ["officer", "ambassador", "critical_friend"])
def test_others_cannot_sign_off_or_change_the_stage(client_as, request, site, role):
    person = request.getfixturevalue(role)
    client = client_as(person)
    assert (
        client.post(reverse("programme:site_sign_off", args=[site.slug, "coordinator"])).status_code
        == 403
    )
    assert (
        client.post(
            reverse("programme:site_stage", args=[site.slug]), {"stage": "setting_up"}
        ).status_code
        == 403
    )
    site.refresh_from_db()
    assert site.build_stage == BuildStage.NOT_STARTED


def test_changing_the_stage_through_the_page(client_as, site_lead, site):
    response = client_as(site_lead).post(
        reverse("programme:site_stage", args=[site.slug]), {"stage": "setting_up", "note": ""}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("programme:site", args=[site.slug])
    site.refresh_from_db()
    assert site.build_stage == BuildStage.SETTING_UP


def test_an_unknown_sign_off_role_is_refused(client_as, coordinator, site):
    assert (
        client_as(coordinator)
        .post(reverse("programme:site_sign_off", args=[site.slug, "mayor"]))
        .status_code
        == 403
    )


def test_the_dashboard_runs_a_fixed_number_of_queries(
    client, coordinator, site, assert_bounded_queries
):
    client.force_login(coordinator)

    def grow():
        for extra in PilotSiteFactory.create_batch(6):
            meetings.raise_action(actor=coordinator, title="Work", owner=coordinator, site=extra)

    assert_bounded_queries(reverse("programme:dashboard"), grow)
