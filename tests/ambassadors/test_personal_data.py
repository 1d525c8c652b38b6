"""Download my data holds everything; erasure and closing an account leave no name behind."""

import json

import pytest
from django.urls import reverse
from django.utils import timezone

from ambassadors import services
from ambassadors.models import Application, Stage, Task
from policy_drafts import services as draft_services
from policy_drafts.models import Comment
from programme.models import ActivityLog, Role, RoleGrant, User
from programme.services import grant_role
from tests.factories import PASSWORD, CommentFactory, PolicyDraftFactory, UserFactory

from .conftest import accept_token, apply_to


@pytest.fixture
def v1_open(coordinator):
    draft = PolicyDraftFactory.create(
        title="Social web policy", owners=[coordinator], sections=[("Posting", "Be fair.")]
    )
    return draft.versions.get()


@pytest.fixture
def ambassador_in_training(coordinator, menus, site):
    """Nadia: applied, approved, place taken up, one step done, a duty logged."""
    application = apply_to(
        site,
        full_name="Nadia Quill",
        email="nadia.quill@example.org",
        tasks=[Task.objects.get(name="Running drop-in help")],
    )
    from .conftest import to_references, with_references

    application = to_references(coordinator, application)
    with_references(coordinator, application)
    services.record_safeguarding(
        actor=coordinator,
        application=application,
        certificate_reference="001234567890",
        seen_on=timezone.localdate(),
    )
    application = services.advance(actor=coordinator, application=application, to=Stage.APPROVED)
    person = UserFactory.create(email=application.email, full_name="Nadia Quill")
    application = services.accept_place(user=person, token=accept_token(application))
    application.onboarding.update(done_at=timezone.now())
    application = services.complete_onboarding(actor=coordinator, application=application)
    services.log_duty(
        actor=person,
        application=application,
        kind="event",
        done_on=timezone.localdate(),
        description="Coffee morning at the library",
        people=12,
    )
    return Application.objects.get(pk=application.pk)


def test_the_status_link_download_holds_every_record_about_the_applicant(
    client, ambassador_in_training
):
    data = json.loads(
        client.get(reverse("ambassadors:my_data", args=[ambassador_in_training.token])).content
    )
    assert data["safeguarding_check"]["certificate_reference"] == "001234567890"
    assert data["references"][0]["statement"] == "Kind and reliable."
    assert data["onboarding"]
    assert all(step["done"] for step in data["onboarding"])
    assert data["duty_log"][0]["what"] == "Coffee morning at the library"
    assert any("Nadia Quill" in entry["summary"] for entry in data["activity"])


def test_erasure_leaves_no_name_in_the_activity_log_and_unlinks_the_account(
    client, ambassador_in_training
):
    person = ambassador_in_training.person
    client.post(
        reverse("ambassadors:erase", args=[ambassador_in_training.token]), {"confirmed": "yes"}
    )
    application = Application.objects.get(pk=ambassador_in_training.pk)
    assert application.person is None
    assert not ActivityLog.objects.filter(summary__contains="Nadia Quill").exists()
    assert not ActivityLog.objects.filter(summary__contains="nadia.quill@").exists()
    person.refresh_from_db()
    assert person.is_active  # unlinked, not closed, unless they ask
    assert not RoleGrant.objects.active().filter(user=person, role=Role.AMBASSADOR).exists()


def test_erasure_closes_the_account_when_asked(client, ambassador_in_training):
    person = ambassador_in_training.person
    client.post(
        reverse("ambassadors:erase", args=[ambassador_in_training.token]),
        {"close_account": "on", "confirmed": "yes"},
    )
    person.refresh_from_db()
    assert not person.is_active
    assert person.full_name == "A former participant"


def test_anyone_downloads_everything_held_about_them_from_their_profile(
    client_as, coordinator, ambassador_in_training, v1_open
):
    person = ambassador_in_training.person
    CommentFactory.create(
        author=person, section=v1_open.sections.first(), body="My considered view"
    )
    response = client_as(person).get(reverse("accounts:my_data"))
    assert response["Content-Disposition"] == 'attachment; filename="my-data.json"'
    data = json.loads(response.content)
    assert data["account"]["email"] == "nadia.quill@example.org"
    assert data["policy_comments"][0]["body"] == "My considered view"
    assert data["ambassador_applications"][0]["duty_log"]
    assert {"roles", "activity", "workshop_registrations", "discussion_posts"} <= set(data)


def test_closing_an_account_keeps_what_was_written_without_the_name(
    client_as, client, resident, site, v1_open
):
    grant_role(actor=None, user=resident, role=Role.OFFICER, site=site)
    comment = draft_services.add_comment(
        author=resident,
        section=v1_open.sections.first(),
        capacity="resident",
        stance="support",
        body="Keep this record",
    )
    me = client_as(resident)
    assert me.post(reverse("accounts:close_account"), {"password": "wrong"}).status_code == 200
    response = me.post(reverse("accounts:close_account"), {"password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")

    person = User.objects.get(pk=resident.pk)
    assert not person.is_active
    assert person.email.endswith("@invalid.example")
    assert not RoleGrant.objects.active().filter(user=person).exists()
    assert Comment.objects.get(pk=comment.pk).body == "Keep this record"
    page = client.get(v1_open.get_absolute_url()).content.decode()
    assert "Keep this record" in page
    assert "A former participant" in page
    assert "Rosa Green" not in page
    assert not ActivityLog.objects.filter(summary__contains="resident@example.org").exists()
    assert (
        client_as(None)
        .post(reverse("accounts:login"), {"username": "resident@example.org", "password": PASSWORD})
        .status_code
        == 200
    )  # cannot sign in again


def test_no_one_closes_someone_elses_account(resident, officer):
    from programme.services import ProgrammeError, data_protection

    with pytest.raises(ProgrammeError):
        data_protection.close_account(actor=officer, user=resident)
