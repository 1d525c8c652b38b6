"""The recruitment pipeline: every stage change, including the ones that must be refused."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from ambassadors import services
from ambassadors.models import Application, OnboardingKind, Stage, StageChange, Task
from policy_drafts.models import DraftStatus
from programme import permissions as programme_permissions
from programme.models import Role, RoleGrant, User
from programme.platform.outcomes import ToldByEmail
from programme.services import NotAllowed
from tests.factories import PolicyDraftFactory, UserFactory, WorkshopFactory
from tests.matching import found
from tests.outcomes import made

from .conftest import (
    accept_token,
    apply_to,
    approved,
    approved_only,
    to_references,
    with_references,
)


def test_applying_records_the_first_stage_and_emails_a_private_link(
    menus, site, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        application = apply_to(
            site, equality={"age_band": "25-44", "gender": "", "ethnicity": "", "disability": ""}
        )
    assert application.stage == Stage.APPLIED
    assert application.timeline.get().to_stage == Stage.APPLIED
    assert f"/ambassadors/status/{application.token}/" in mail.outbox[0].body
    assert application.equality.age_band == "25-44"


@pytest.mark.parametrize(
    ("change", "code"), [({"consent": False}, "consent_required"), ({"tasks": []}, "no_tasks")]
)
def test_bad_applications_are_refused(menus, site, change, code):
    with pytest.raises(services.AmbassadorError) as error:
        apply_to(site, **change)
    assert error.value.code == code
    assert not Application.objects.exists()


def test_applying_twice_answers_the_same_and_emails_the_first_status_link(
    application, site, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert apply_to(site, email="APPLICANT0@example.org") == ToldByEmail("applied_already")
    assert Application.objects.count() == 1
    assert mailoutbox[-1].to == ["applicant0@example.org"]
    assert application.token in mailoutbox[-1].body


def test_each_move_is_recorded_with_who_and_why(coordinator, application):
    services.advance(
        actor=coordinator, application=application, to=Stage.SCREENING, reason="Looks good"
    )
    change = StageChange.objects.filter(to_stage=Stage.SCREENING).get()
    assert (change.from_stage, change.by, change.note) == (Stage.APPLIED, coordinator, "Looks good")


def test_stages_cannot_be_skipped(coordinator, application):
    with pytest.raises(services.AmbassadorError) as error:
        services.advance(actor=coordinator, application=application, to=Stage.ACTIVE)
    assert error.value.code == "not_allowed_move"


def test_approving_without_references_is_refused(coordinator, application):
    application = to_references(coordinator, application)
    with_references(coordinator, application, count=1)
    with pytest.raises(services.AmbassadorError) as error:
        services.advance(actor=coordinator, application=application, to=Stage.APPROVED)
    assert error.value.code == "references_missing"
    application.refresh_from_db()
    assert application.stage == Stage.REFERENCES


def test_a_task_that_needs_safeguarding_needs_a_check_before_approval(coordinator, menus, site):
    application = apply_to(site, tasks=[Task.objects.get(name="Running drop-in help")])
    application = to_references(coordinator, application)
    with_references(coordinator, application)
    with pytest.raises(services.AmbassadorError) as error:
        services.advance(actor=coordinator, application=application, to=Stage.APPROVED)
    assert error.value.code == "safeguarding_missing"
    services.record_safeguarding(
        actor=coordinator,
        application=application,
        certificate_reference="001234567890",
        seen_on=timezone.localdate(),
    )
    assert (
        services.advance(actor=coordinator, application=application, to=Stage.APPROVED).stage
        == Stage.ONBOARDING
    )


def test_a_withdrawn_application_cannot_be_moved(coordinator, application):
    services.withdraw(application=application, reason="Moving away")
    with pytest.raises(services.AmbassadorError) as error:
        services.advance(actor=coordinator, application=application, to=Stage.SCREENING)
    assert error.value.code == "not_allowed_move"


def test_a_site_lead_cannot_touch_another_sites_applicants(site_lead, menus, other_site):
    elsewhere = apply_to(other_site)
    with pytest.raises(NotAllowed) as error:
        services.advance(actor=site_lead, application=elsewhere, to=Stage.SCREENING)
    assert error.value.code == "not_allowed"


def test_declining_needs_a_reason_and_sends_a_kind_email(
    coordinator, application, django_capture_on_commit_callbacks
):
    with pytest.raises(services.AmbassadorError):
        services.advance(actor=coordinator, application=application, to=Stage.DECLINED)
    with django_capture_on_commit_callbacks(execute=True):
        services.advance(
            actor=coordinator,
            application=application,
            to=Stage.DECLINED,
            reason="We have enough in Lindley.",
        )
    message = mail.outbox[-1]
    assert message.to == [application.email]
    assert "We have enough in Lindley." in message.body
    assert "grateful" in message.body


def test_approval_invites_the_applicant_and_opens_the_onboarding_checklist(
    coordinator, application, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        application = approved_only(coordinator, application)
    assert application.stage == Stage.ONBOARDING
    assert application.person is None  # nothing is linked by address
    assert not User.objects.filter(email="applicant0@example.org").exists()
    assert "/ambassadors/welcome/" in mailoutbox[-1].body
    assert [s.item.kind for s in application.onboarding.select_related("item")][:2] == [
        OnboardingKind.AGREEMENT,
        OnboardingKind.READ_POLICY,
    ]


def test_an_applicant_without_an_account_creates_one_from_the_welcome_link_and_comes_back(
    coordinator, application, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        application = approved_only(coordinator, application)
    welcome = found(r"https?://\S+(/ambassadors/welcome/\S+/)", mail.outbox[-1].body, 1)
    page = client.get(welcome).content.decode()
    main = page[page.index("<main") :]  # the page's own button, not the header's link
    sign_up = found(r'href="(/accounts/sign-up/[^"]*)"', main, 1)
    assert "next=" in sign_up  # "Create an account" keeps the way back to this link

    with django_capture_on_commit_callbacks(execute=True):
        client.get(sign_up)
        client.post(
            sign_up,
            {
                "full_name": application.full_name,
                "email": application.email,
                "password": "a long new passphrase",
                "password_again": "a long new passphrase",
            },
        )
    confirm = found(r"https?://\S+?(/accounts/confirm/\S+)", mail.outbox[-1].body, 1)
    sign_in = client.post(confirm)["Location"]
    response = client.post(
        sign_in, {"username": application.email, "password": "a long new passphrase"}
    )
    assert response.status_code == 302
    assert response["Location"] == welcome

    response = client.post(welcome)
    assert response.status_code == 302
    assert response["Location"] == "/ambassadors/me/"
    application.refresh_from_db()
    assert application.person == User.objects.get(email=application.email)


def test_approval_never_links_an_account_that_merely_has_the_address(
    coordinator, menus, site, client
):
    application = apply_to(site, email="victim@example.org")
    squatter = UserFactory.create(email="victim@example.org", email_confirmed_at=None)
    application = approved_only(coordinator, application)
    assert application.person is None

    client.force_login(squatter)
    response = client.post(f"/ambassadors/welcome/{accept_token(application)}/")
    assert response.status_code == 400
    assert "Confirm your email address first" in response.content.decode()
    application.refresh_from_db()
    assert application.person is None
    own_page = client.get("/ambassadors/me/").content.decode()
    assert "Onboarding progress" not in own_page


def test_the_confirmed_owner_of_the_address_takes_up_the_place(coordinator, menus, site, client):
    application = approved_only(coordinator, apply_to(site, email="victim@example.org"))
    owner = UserFactory.create(email="victim@example.org")
    client.force_login(owner)
    response = client.post(f"/ambassadors/welcome/{accept_token(application)}/")
    assert response.status_code == 302
    assert response["Location"] == "/ambassadors/me/"
    application.refresh_from_db()
    assert application.person == owner


def test_another_account_cannot_take_up_someone_elses_place(coordinator, application, resident):
    application = approved_only(coordinator, application)
    with pytest.raises(services.AmbassadorError) as error:
        services.accept_place(user=resident, token=accept_token(application))
    assert error.value.code == "wrong_account"


def test_onboarding_cannot_complete_before_the_place_is_taken_up(coordinator, application):
    application = approved_only(coordinator, application)
    with pytest.raises(services.AmbassadorError) as error:
        services.complete_onboarding(actor=coordinator, application=application)
    assert error.value.code == "not_accepted"


def test_an_application_made_signed_in_with_a_confirmed_account_is_linked_at_once(
    coordinator, resident, menus, site
):
    application = apply_to(site, email=resident.email, person=resident)
    assert application.person == resident
    assert approved_only(coordinator, application).person == resident


def test_an_unconfirmed_account_is_refused_until_it_confirms(menus, site):
    """Signed in, an application is in the account's confirmed address; none yet, none made."""
    newcomer = UserFactory.create(email_confirmed_at=None)
    with pytest.raises(services.AmbassadorError) as error:
        apply_to(site, person=newcomer)
    assert error.value.code == "unconfirmed"
    assert not Application.objects.exists()


def test_completing_onboarding_grants_the_ambassador_role_and_moderation(
    coordinator, application, site
):
    application = approved(coordinator, application)
    with pytest.raises(services.AmbassadorError) as error:
        services.complete_onboarding(actor=coordinator, application=application)
    assert error.value.code == "onboarding_incomplete"

    for step in application.onboarding.all():
        services.tick_step(actor=application.person, step=step)
    services.complete_onboarding(actor=coordinator, application=application)

    application.refresh_from_db()
    assert application.stage == Stage.ACTIVE
    assert (
        RoleGrant.objects.active()
        .filter(user=application.person, role=Role.AMBASSADOR, site=site)
        .exists()
    )
    assert programme_permissions.has_role(
        User.objects.get(pk=application.person_id), Role.AMBASSADOR, site
    )


def test_training_records_get_an_expiry_and_an_expired_one_is_not_done(coordinator, application):
    application = approved(coordinator, application)
    training = application.onboarding.get(item__kind=OnboardingKind.MODERATION_TRAINING)
    services.tick_step(actor=coordinator, step=training)
    training.refresh_from_db()
    assert training.expires_on > timezone.localdate() + dt.timedelta(days=300)
    training.expires_on = timezone.localdate() - dt.timedelta(days=1)
    assert not training.is_done


def test_someone_else_cannot_tick_an_ambassadors_steps(coordinator, application, resident):
    application = approved(coordinator, application)
    with pytest.raises(NotAllowed):
        services.tick_step(actor=resident, step=application.onboarding.first())


def test_the_agreement_step_needs_the_current_agreement(coordinator, application):
    from policy_drafts import services as draft_services

    draft = PolicyDraftFactory.create(
        title="Ambassador agreement",
        status=DraftStatus.DRAFTING,
        owners=[coordinator],
        sections=[("Terms", "Be kind.")],
    )
    draft_services.adopt(actor=coordinator, draft=draft)
    application = approved(coordinator, application)
    step = application.onboarding.get(item__kind=OnboardingKind.AGREEMENT)

    with pytest.raises(services.AmbassadorError) as error:
        services.tick_step(actor=application.person, step=step)
    assert error.value.code == "agreement_missing"
    draft.refresh_from_db()
    draft_services.agree(person=application.person, draft=draft)
    services.tick_step(actor=application.person, step=step)


def test_attending_an_induction_workshop_ticks_the_step(coordinator, application, site):
    from workshops import services as workshop_services

    application = approved(coordinator, application)
    start = timezone.now() + dt.timedelta(days=3)
    induction = WorkshopFactory.create(
        site=site,
        created_by=coordinator,
        title="Induction",
        kind="ambassador_induction",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        venue_name="Library",
        capacity=10,
        audiences=["ambassadors"],
    )
    registration = made(
        workshop_services.register(
            workshop=induction, person=application.person, audience="ambassadors", consent=True
        )
    )

    workshop_services.mark_attendance(actor=coordinator, registration=registration, attended=True)

    assert application.onboarding.get(item__kind=OnboardingKind.INDUCTION).done_at is not None


def test_leaving_revokes_the_role_at_once_and_records_the_reason(coordinator, application, site):
    application = approved(coordinator, application)
    application.onboarding.update(done_at=timezone.now())
    services.complete_onboarding(actor=coordinator, application=application)

    services.advance(actor=coordinator, application=application, to=Stage.LEFT, reason="New job")

    assert (
        not RoleGrant.objects.active()
        .filter(user=application.person, role=Role.AMBASSADOR)
        .exists()
    )
    assert application.timeline.last().note == "New job"


def test_the_retention_purge_anonymises_old_applications_not_taken_forward(
    coordinator, menus, site, capsys
):
    old = apply_to(site, 1)
    services.withdraw(application=old)
    Application.objects.filter(pk=old.pk).update(
        stage_changed_at=timezone.now() - dt.timedelta(days=200)
    )
    recent = apply_to(site, 2)
    services.withdraw(application=recent)
    live = apply_to(site, 3)

    call_command("purge_ambassador_applications")
    call_command("purge_ambassador_applications")  # safe to run again

    old.refresh_from_db(), recent.refresh_from_db(), live.refresh_from_db()
    assert old.anonymised_at
    assert old.full_name == "Former applicant"
    assert "applicant1" not in old.email
    assert old.timeline.exists()  # the history stays, without personal details
    assert recent.anonymised_at is None
    assert live.anonymised_at is None
    assert "1 application anonymised." in capsys.readouterr().out


def test_erasure_anonymises_rather_than_deletes(coordinator, application):
    application = to_references(coordinator, application)
    with_references(coordinator, application)
    services.erase(application=application)

    application.refresh_from_db()
    assert application.stage == Stage.WITHDRAWN
    assert application.full_name == "Former applicant"
    assert application.motivation == ""
    assert not application.references.exclude(referee_name="Referee").exists()
    assert application.timeline.count() >= 4
    assert not hasattr(application, "equality") or application.equality is None


def test_the_export_holds_everything_about_the_applicant(coordinator, application):
    data = services.export(application)
    assert data["name"] == "Applicant 0"
    assert data["tasks"] == ["Spreading the word"]
    timeline = data["timeline"]
    assert isinstance(timeline, list)
    assert timeline[0]["to"] == "applied"


def active_ambassador(coordinator, application):
    application = approved(coordinator, application)
    application.onboarding.update(done_at=timezone.now())
    return services.complete_onboarding(actor=coordinator, application=application)


def test_an_active_ambassador_logs_activity_with_hours_if_they_wish(coordinator, application):
    application = active_ambassador(coordinator, application)
    entry = services.log_duty(
        actor=application.person,
        application=application,
        kind="helped",
        done_on=timezone.localdate(),
        description="Drop-in at the library",
        people=6,
        hours=2,
    )
    assert entry.hours == 2
    with pytest.raises(services.AmbassadorError) as error:
        services.log_duty(
            actor=application.person,
            application=application,
            kind="event",
            done_on=timezone.localdate() + dt.timedelta(days=2),
            description="Tomorrow",
        )
    assert error.value.code == "future_date"
    with pytest.raises(NotAllowed):
        services.log_duty(
            actor=coordinator,
            application=application,
            kind="event",
            done_on=timezone.localdate(),
            description="Not mine",
        )


def test_leaving_offers_an_exit_conversation(
    coordinator, application, django_capture_on_commit_callbacks
):
    application = active_ambassador(coordinator, application)
    with django_capture_on_commit_callbacks(execute=True):
        services.advance(actor=coordinator, application=application, to=Stage.LEFT, reason="Moving")
    assert "exit conversation" in mail.outbox[-1].body


def test_expired_moderation_training_pauses_moderation_until_renewed(
    coordinator, application, resident
):
    from programme.services import updates

    application = active_ambassador(coordinator, application)
    update = updates.write_update(actor=coordinator, title="News", body="x", publish=True)
    reply = updates.reply_to_update(
        author=resident, update=update, body="Rude", capacity="resident"
    )
    ambassador = User.objects.get(pk=application.person_id)
    assert programme_permissions.can_moderate(ambassador, reply)

    training = application.onboarding.get(item__kind=OnboardingKind.MODERATION_TRAINING)
    training.expires_on = timezone.localdate() - dt.timedelta(days=1)
    training.save()
    assert not programme_permissions.can_moderate(User.objects.get(pk=ambassador.pk), reply)

    services.tick_step(actor=ambassador, step=training)  # the refresher
    assert programme_permissions.can_moderate(User.objects.get(pk=ambassador.pk), reply)


def test_a_newly_adopted_agreement_pauses_moderation_until_agreed_again(
    coordinator, application, resident
):
    from policy_drafts import services as draft_services
    from programme.services import updates

    draft = PolicyDraftFactory.create(
        title="Ambassador agreement",
        status=DraftStatus.DRAFTING,
        owners=[coordinator],
        sections=[("Terms", "Be kind.")],
    )
    draft_services.adopt(actor=coordinator, draft=draft)
    draft.refresh_from_db()
    application = approved(coordinator, application)
    ambassador = User.objects.get(pk=application.person_id)
    draft_services.agree(person=ambassador, draft=draft)
    application.onboarding.update(done_at=timezone.now())
    services.complete_onboarding(actor=coordinator, application=application)
    update = updates.write_update(actor=coordinator, title="News", body="x", publish=True)
    reply = updates.reply_to_update(
        author=resident, update=update, body="Rude", capacity="resident"
    )
    assert programme_permissions.can_moderate(User.objects.get(pk=ambassador.pk), reply)

    draft.refresh_from_db()
    services_sections = [
        {"key": s.key, "heading": s.heading, "body": s.body + " Always."}
        for s in draft.working_sections.all()
    ]
    draft_services.save_working_copy(
        actor=coordinator, draft=draft, revision=draft.working_revision, sections=services_sections
    )
    draft_services.publish_version(actor=coordinator, draft=draft, change_note="Stricter")
    draft_services.adopt(actor=coordinator, draft=draft)
    assert not programme_permissions.can_moderate(User.objects.get(pk=ambassador.pk), reply)

    draft.refresh_from_db()
    draft_services.agree(person=ambassador, draft=draft)
    assert programme_permissions.can_moderate(User.objects.get(pk=ambassador.pk), reply)


def test_a_newline_in_an_applicants_name_never_reaches_an_email_header(
    coordinator, menus, site, mailoutbox, django_capture_on_commit_callbacks
):
    application = apply_to(site, full_name="Ann Other\nBcc: everyone@example.org")
    application = to_references(coordinator, application)
    with django_capture_on_commit_callbacks(execute=True):
        services.request_references(
            actor=coordinator, application=application, referees=[("Ref\r\nX", "r@example.org")]
        )
    assert mailoutbox
    for message in mailoutbox:
        assert "\n" not in message.subject
        assert "\r" not in message.subject
        assert message.recipients() == [message.to[0]]  # no header was smuggled in


@pytest.mark.parametrize(
    ("token", "status"),
    # A NUL is no address at all; anything else is a link that does not check out.
    [("x", 400), ("a:b:c", 400), ("%00", 404), ("e" * 3000, 400)],
)
def test_a_forged_or_broken_welcome_link_is_refused_plainly(client, resident, token, status):
    client.force_login(resident)
    response = client.post(f"/ambassadors/welcome/{token}/")
    assert response.status_code == status


@pytest.mark.parametrize("site", ["nowhere", "'; drop table", "%00", "k" * 500])
def test_a_strange_site_in_the_application_address_is_ignored(client, menus, site):
    response = client.get(f"/ambassadors/apply/?site={site}")
    assert response.status_code == 200
    chooser = re.search(r'<select name="site".*?</select>', response.content.decode(), re.S)
    # Only "Choose your council" is selected: no council is chosen for the applicant.
    assert chooser
    assert re.findall(r'<option value="([^"]*)" selected', chooser.group(0)) == [""]


def test_the_application_page_shows_an_invitation_still_waiting(
    client_as, coordinator, application
):
    application = approved_only(coordinator, application)
    page = client_as(coordinator).get(application.get_absolute_url()).content.decode()
    assert "Invited" in page
    assert "waiting for the applicant to take up their place" in page
    services.advance(actor=coordinator, application=application, to=Stage.WITHDRAWN)
    owner = UserFactory.create(email=application.email)
    with pytest.raises(services.AmbassadorError) as error:
        services.accept_place(user=owner, token=accept_token(application))
    assert error.value.code == "withdrawn"
