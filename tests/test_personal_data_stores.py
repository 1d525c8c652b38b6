"""Every store of personal data forgets a person: closing an account, and the retention purge.

Each store listed by `programme.personal_data.personal_data_stores()` has a row planted
here that names someone; after closing their account (or the purge of their application)
neither their address nor their name, nor what else identifies them, is left in that
store. A catch-all then searches every text and JSON column of every model, so a store
added without an entry in the list (or here) fails.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives
from django.db import models
from django.db.models import Q, QuerySet
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ambassadors import services as ambassador_services
from ambassadors.models import (
    Application,
    DutyLog,
    EqualityMonitoring,
    Reference,
    SafeguardingCheck,
    StageChange,
)
from policy_drafts import services as draft_services
from policy_drafts.models import Comment, Response
from programme.models import (
    ActionItem,
    ActivityLog,
    EmailStatus,
    Following,
    OutgoingEmail,
    PilotSite,
    Reply,
    Report,
    Role,
    RoleGrant,
    ShareCode,
    StrandMember,
    User,
)
from programme.platform import outbox
from programme.services import data_protection, emails, grant_role, log_activity
from programme.services import reach as reach_services
from programme.services.moderation import report_content
from programme.services.strands import add_strand, assign_strand_role
from programme.services.updates import reply_to_update, write_update
from tests.ambassadors.conftest import apply_to
from tests.factories import (
    PASSWORD,
    CommentFactory,
    PolicyDraftFactory,
    UserFactory,
    WorkshopFactory,
)
from tests.outcomes import made
from tests.workshops.conftest import at
from townhall import services as townhall_services
from townhall.models import Complaint, Discussion, Post, SiteEditor
from townhall.permissions import site_for
from townhall.services.discussions import start_discussion
from workshops import services as workshop_services
from workshops.models import Audience, CalendarToken, Feedback, Registration, RegistrationStatus

EMAIL, NAME, SHOWN_AS = "sock1@example.net", "Sorrel Sockington", "Sock One"
APPLICANT, APPLICANT_EMAIL = "Zed Purgetest", "zed@example.net"
REFEREE, REFEREE_EMAIL = "Rita Referee", "rita.referee@example.org"


@dataclass
class World:
    person: User
    site: PilotSite
    coordinator: User
    site_lead: User
    client: Client

    @property
    def townhall(self):
        return site_for(self.site.slug)


@dataclass
class Planted:
    """The rows planted in one store, and what else in them identifies the person."""

    rows: QuerySet
    secrets: tuple[str, ...] = ()


@pytest.fixture
def world(db, site, coordinator, site_lead, client, menus):
    person = UserFactory.create(
        email=EMAIL, full_name=NAME, display_name=SHOWN_AS, bio="Grows leeks"
    )
    return World(person, site, coordinator, site_lead, client)


@pytest.fixture
def menus(db):
    from ambassadors.demo import ensure_menus

    ensure_menus()


def traces(model: type[models.Model], needles: list[str]) -> list[str]:
    """Where any of `needles` appears in a text or JSON column of `model` (case aside)."""
    columns = [
        field.name
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField | models.JSONField)
    ]
    found = []
    for row in model._base_manager.values("pk", *columns):
        for column in columns:
            value = row[column]
            text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
            found += [
                f"{model._meta.label} #{row['pk']} {column}: {needle!r}"
                for needle in needles
                if needle and needle.lower() in (text or "").lower()
            ]
    return found


def close(world: World) -> None:
    data_protection.close_account(actor=world.person, user=world.person)


# A row naming the person, in each store --------------------------------------------------


def _draft_section(world: World):
    """A section of a draft open for comment (the coordinator's: nothing of the person's)."""
    draft = PolicyDraftFactory.create(
        title="Social web policy", owners=[world.coordinator], sections=[("Posting", "Be fair.")]
    )
    return draft.versions.get().sections.get()


def _their_application(world: World, **extra) -> Application:
    """Made signed out, at their address, before they had the account: not linked to it."""
    made = Application.objects.filter(email=EMAIL).first()
    if made is not None:  # the catch-all plants every store at once
        return made
    application = apply_to(
        world.site,
        full_name=NAME,
        email=EMAIL,
        motivation="I run the Lindley allotments",
        equality={"gender": "Self-described: kite flyer"},
        **extra,
    )
    return Application.objects.get(pk=application.pk)


def _workshop(world: World, **extra):
    """A published workshop of the coordinator's (`extra`: its title, times...)."""
    return WorkshopFactory.create(site=world.site, created_by=world.coordinator, **extra)


def _invite(world: World) -> None:
    if not SiteEditor.objects.filter(email=EMAIL).exists():
        townhall_services.invite_editor(actor=world.site_lead, site=world.townhall, email=EMAIL)


def _post(world: World) -> Post:
    return start_discussion(
        author=world.person,
        site=world.townhall,
        title="Bin collections",
        body="When are the bins collected?",
        capacity="resident",
    )


def plant_user(world: World) -> Planted:
    return Planted(User.objects.filter(pk=world.person.pk), ("Grows leeks",))


def plant_role_grant(world: World) -> Planted:
    grant_role(actor=None, user=world.person, role=Role.OFFICER, site=world.site)
    return Planted(RoleGrant.objects.filter(user=world.person))


def plant_strand_member(world: World) -> Planted:
    strand = add_strand(actor=world.coordinator, name="Technology", slug="technology")
    assign_strand_role(
        actor=world.coordinator, strand=strand, user=world.person, role="critical_friend"
    )
    return Planted(StrandMember.objects.filter(user=world.person))


def plant_action_item(world: World) -> Planted:
    from programme.services.meetings import raise_action

    raise_action(actor=world.coordinator, title="Write the blog post", owner=world.person)
    return Planted(ActionItem.objects.filter(owner=world.person))


def plant_reply(world: World) -> Planted:
    update = write_update(actor=world.coordinator, title="News", body="Out now.", publish=True)
    reply_to_update(author=world.person, update=update, body="Good news", capacity="resident")
    return Planted(Reply.objects.filter(author=world.person))


def plant_following(world: World) -> Planted:
    from programme import following

    following.follow(person=world.person, target=world.site)
    following.follow_by_email(email=EMAIL.upper(), target=world.townhall)
    return Planted(
        Following.objects.filter(Q(person=world.person) | Q(email__iexact=EMAIL)),
        (EMAIL.upper(),),
    )


def plant_share_code(world: World) -> Planted:
    reach_services.share_code_for(world.person, world.site)
    return Planted(ShareCode.objects.filter(person=world.person))


def plant_report(world: World) -> Planted:
    update = write_update(actor=world.coordinator, title="News", body="Out now.", publish=True)
    theirs = reply_to_update(
        author=world.coordinator, update=update, body="Buy now", capacity="resident"
    )
    report_content(reporter=world.person, target=theirs, reason="An advert")
    return Planted(Report.objects.filter(reporter=world.person))


def plant_outgoing_email(world: World) -> Planted:
    outbox.queue(
        EmailMultiAlternatives(f"Hello {NAME}", f"Dear {NAME},", to=[EMAIL]),
        template="accounts/email/confirm.txt",
    )
    # Someone else's email that gives their address (as the complaint email does).
    outbox.queue(
        EmailMultiAlternatives(
            "A complaint", f"{EMAIL} disagrees with a decision.", to=[world.coordinator.email]
        ),
        template="townhall/email/complaint.txt",
    )
    return Planted(OutgoingEmail.objects.all())


def plant_access_attempt(world: World) -> Planted:
    world.client.post(reverse("accounts:login"), {"username": EMAIL, "password": "wrong"})
    return Planted(AccessAttempt.objects.all())


def plant_access_log(world: World) -> Planted:
    world.client.post(reverse("accounts:login"), {"username": EMAIL, "password": PASSWORD})
    return Planted(AccessLog.objects.all())


def plant_access_failure_log(world: World) -> Planted:
    AccessFailureLog.objects.create(
        username=EMAIL,
        ip_address="203.0.113.9",
        user_agent="Firefox",
        http_accept="*/*",
        path_info="/accounts/login/",
        locked_out=False,
    )
    return Planted(AccessFailureLog.objects.all())


def plant_log_entry(world: World) -> Planted:
    LogEntry.objects.create(
        user=world.coordinator,
        content_type=ContentType.objects.get_for_model(User),
        object_id=str(world.person.pk),
        object_repr=str(world.person),
        action_flag=CHANGE,
        change_message=f"Changed name to {NAME}.",
    )
    # About something else, naming their address.
    LogEntry.objects.create(
        user=world.coordinator,
        content_type=ContentType.objects.get_for_model(SiteEditor),
        object_id="999",
        object_repr=f"{EMAIL} edits Kirklees",
        action_flag=CHANGE,
        change_message="[]",
    )
    return Planted(LogEntry.objects.all())


def plant_activity_log(world: World) -> Planted:
    # The inviter's line names the invitee's address; the application's names them.
    _invite(world)
    _their_application(world)
    log_activity(
        actor=world.coordinator,
        action="programme.thanked",
        summary=f"{SHOWN_AS} was thanked",
        target=world.person,
        data={"email": EMAIL},
    )
    # A coordinator asked for an email to them to be sent again: its subject names them.
    failed = outbox.queue(
        EmailMultiAlternatives(f"Welcome, {NAME}", "Hello", to=[EMAIL]),
        template="accounts/email/confirm.txt",
    )
    OutgoingEmail.objects.filter(pk=failed.pk).update(status=EmailStatus.FAILED)
    failed.refresh_from_db()
    emails.send_again(actor=world.coordinator, emails=[failed])
    return Planted(ActivityLog.objects.all())


def plant_comment(world: World) -> Planted:
    # Through the service: the activity line it writes names the person too.
    draft_services.add_comment(
        author=world.person,
        section=_draft_section(world),
        capacity="resident",
        stance="support",
        body="Keep this record",
    )
    return Planted(Comment.objects.filter(author=world.person))


def plant_response(world: World) -> Planted:
    comment = CommentFactory.create(
        author=world.coordinator, section=_draft_section(world), body="A view"
    )
    Response.objects.create(comment=comment, author=world.person, body="We changed it")
    return Planted(Response.objects.filter(author=world.person))


def plant_registration(world: World) -> Planted:
    workshop_services.register(
        workshop=_workshop(world),
        person=world.person,
        audience=Audience.RESIDENTS,
        consent=True,
        accessibility_needs="Step-free access",
        dietary_requirements="No peanuts",
    )
    # Before they had the account, they came to one as a guest.
    Registration.objects.create(
        workshop=_workshop(world, title="Last year's", starts_at=at(-30), ends_at=at(-30, 13)),
        guest_name=NAME,
        guest_email=EMAIL,
        audience=Audience.RESIDENTS,
        accessibility_needs="A hearing loop",
        consented_at=timezone.now(),
        status=RegistrationStatus.CONFIRMED,
        attended=True,
    )
    return Planted(Registration.objects.all(), ("Step-free access", "No peanuts", "A hearing loop"))


def plant_feedback(world: World) -> Planted:
    registration = made(
        workshop_services.register(
            workshop=_workshop(world),
            person=world.person,
            audience=Audience.RESIDENTS,
            consent=True,
        )
    )
    Feedback.objects.create(registration=registration, rating=5, comments="A useful morning")
    return Planted(Feedback.objects.all())


def plant_calendar_token(world: World) -> Planted:
    token = workshop_services.calendar_token_for(person=world.person)
    return Planted(CalendarToken.objects.all(), (token.token,))


def plant_application(world: World) -> Planted:
    _their_application(world)
    return Planted(Application.objects.all(), ("I run the Lindley allotments",))


def plant_equality_monitoring(world: World) -> Planted:
    _their_application(world)
    return Planted(EqualityMonitoring.objects.all(), ("Self-described: kite flyer",))


def plant_stage_change(world: World) -> Planted:
    application = _their_application(world)
    StageChange.objects.create(application=application, note=f"Phoned {NAME} at the allotment")
    return Planted(StageChange.objects.all(), ("at the allotment",))


def plant_reference(world: World) -> Planted:
    application = _their_application(world)
    Reference.objects.create(
        application=application,
        referee_name=REFEREE,
        referee_email=REFEREE_EMAIL,
        known_for="Ten years, from the allotments",
        statement=f"{NAME} is reliable",
    )
    # And one they gave a neighbour, at their address.
    neighbour = apply_to(world.site, full_name="Nell Neighbour", email="nell@example.org")
    Reference.objects.create(
        application=neighbour, referee_name=NAME, referee_email=EMAIL, statement="Nell is kind"
    )
    return Planted(Reference.objects.all(), (REFEREE, REFEREE_EMAIL, "from the allotments"))


def plant_safeguarding_check(world: World) -> Planted:
    application = _their_application(world)
    SafeguardingCheck.objects.create(
        application=application,
        certificate_reference="DBS001234567890",
        seen_by=world.coordinator,
        seen_on=timezone.localdate(),
    )
    return Planted(SafeguardingCheck.objects.all(), ("DBS001234567890",))


def plant_duty_log(world: World) -> Planted:
    application = _their_application(world)
    DutyLog.objects.create(
        application=application, kind="event", done_on=timezone.localdate(), description="Leaflets"
    )
    return Planted(DutyLog.objects.all())


def plant_site_editor(world: World) -> Planted:
    _invite(world)
    return Planted(SiteEditor.objects.all())


def plant_discussion(world: World) -> Planted:
    _post(world)
    return Planted(Discussion.objects.filter(started_by=world.person))


def plant_post(world: World) -> Planted:
    _post(world)
    return Planted(Post.objects.filter(author=world.person))


def plant_complaint(world: World) -> Planted:
    post = _post(world)
    Complaint.objects.create(post=post, complainant=world.person, text="Why was it held?")
    return Planted(Complaint.objects.filter(complainant=world.person))


CLOSING: dict[str, Callable[[World], Planted]] = {
    "programme.User": plant_user,
    "programme.RoleGrant": plant_role_grant,
    "programme.StrandMember": plant_strand_member,
    "programme.ActionItem": plant_action_item,
    "programme.Reply": plant_reply,
    "programme.Following": plant_following,
    "programme.ShareCode": plant_share_code,
    "programme.Report": plant_report,
    "programme.OutgoingEmail": plant_outgoing_email,
    "axes.AccessAttempt": plant_access_attempt,
    "axes.AccessLog": plant_access_log,
    "axes.AccessFailureLog": plant_access_failure_log,
    "admin.LogEntry": plant_log_entry,
    "programme.ActivityLog": plant_activity_log,
    "policy_drafts.Comment": plant_comment,
    "policy_drafts.Response": plant_response,
    "workshops.Registration": plant_registration,
    "workshops.Feedback": plant_feedback,
    "workshops.CalendarToken": plant_calendar_token,
    "ambassadors.Application": plant_application,
    "ambassadors.EqualityMonitoring": plant_equality_monitoring,
    "ambassadors.StageChange": plant_stage_change,
    "ambassadors.Reference": plant_reference,
    "ambassadors.SafeguardingCheck": plant_safeguarding_check,
    "ambassadors.DutyLog": plant_duty_log,
    "townhall.SiteEditor": plant_site_editor,
    "townhall.Discussion": plant_discussion,
    "townhall.Post": plant_post,
    "townhall.Complaint": plant_complaint,
}
# What people wrote stays, shown as by a former participant.
KEPT = {
    "programme.Reply",
    "programme.Report",
    "policy_drafts.Comment",
    "policy_drafts.Response",
    "workshops.Feedback",
    "ambassadors.DutyLog",
    "townhall.Discussion",
    "townhall.Post",
    "townhall.Complaint",
}
WHO = [EMAIL, NAME, SHOWN_AS]


def test_every_store_in_the_list_has_a_row_planted_here_and_says_what_each_path_does():
    from programme.personal_data import personal_data_stores

    stores = personal_data_stores()
    assert sorted(store.label for store in stores) == sorted(CLOSING)
    assert sorted(store.label for store in stores if store.on_purge) == sorted(PURGE)
    for store in stores:
        assert store.on_closing, store.label
        for name in store.fields:
            store.model._meta.get_field(name)  # a column it really has


@pytest.mark.parametrize("label", sorted(CLOSING))
def test_closing_an_account_leaves_no_trace_of_the_person_in_each_store(world, label):
    model = apps.get_model(label)
    planted = CLOSING[label](world)
    assert planted.rows.exists()
    kept = list(planted.rows.values_list("pk", flat=True))

    close(world)

    assert traces(model, [*WHO, *planted.secrets]) == []
    if label in KEPT:
        assert model._base_manager.filter(pk__in=kept).count() == len(kept)


def test_no_column_of_any_model_names_the_person_once_their_account_is_closed(world):
    """The catch-all: every store planted at once, then every text and JSON column read."""
    secrets = [secret for plant in CLOSING.values() for secret in plant(world).secrets]

    close(world)

    found = [trace for model in apps.get_models() for trace in traces(model, [*WHO, *secrets])]
    assert found == []


def test_the_issue_s_leftovers_are_gone_after_closing(world):
    townhall_services.invite_editor(actor=world.site_lead, site=world.townhall, email=EMAIL)
    world.client.post(reverse("accounts:login"), {"username": EMAIL, "password": "wrong"})
    assert ActivityLog.objects.filter(summary__startswith=f"{EMAIL} invited to edit").exists()

    close(world)

    assert not ActivityLog.objects.filter(summary__icontains=EMAIL).exists()
    assert ActivityLog.objects.filter(
        summary__startswith="a former participant invited to edit"
    ).exists()
    assert not SiteEditor.objects.filter(email__iexact=EMAIL).exists()
    assert not SiteEditor.objects.open().exists()  # the invitation ended too
    assert not AccessAttempt.objects.filter(username__iexact=EMAIL).exists()
    assert not OutgoingEmail.objects.filter(to__iexact=EMAIL).exists()


def test_someone_else_of_the_same_name_keeps_their_name(world):
    namesake = UserFactory.create(email="another.sorrel@example.org", full_name=NAME)
    log_activity(
        actor=namesake,
        action="programme.profile",
        summary=f"{NAME} updated their profile",
        target=namesake,
    )
    theirs = apply_to(world.site, full_name=NAME, email="another.sorrel@example.org")
    plant_activity_log(world)

    close(world)

    assert ActivityLog.objects.filter(actor=namesake, summary__startswith=NAME).exists()
    assert ActivityLog.objects.filter(target_id=str(theirs.pk), summary__startswith=NAME).exists()
    assert Application.objects.get(pk=theirs.pk).full_name == NAME
    namesake.refresh_from_db()
    assert namesake.full_name == NAME
    assert namesake.is_active


def test_what_they_wrote_stays_attributed_to_a_former_participant(world):
    plant_post(world)
    plant_comment(world)

    close(world)

    post = Post.objects.get(body="When are the bins collected?")
    comment = Comment.objects.get(body="Keep this record")
    assert str(post.author) == str(comment.author) == "A former participant"


# The retention purge: an application not taken forward, long ago ------------------------


@pytest.fixture
def applicant(db, site, coordinator, menus):
    application = apply_to(
        site,
        full_name=APPLICANT,
        email=APPLICANT_EMAIL,
        motivation="I know the Marsh estate well",
        equality={"gender": "Self-described: purgetest"},
    )
    return Application.objects.get(pk=application.pk)


def purge(application: Application) -> None:
    ambassador_services.withdraw(application=application)
    Application.objects.filter(pk=application.pk).update(
        stage_changed_at=timezone.now() - dt.timedelta(days=200)
    )
    assert ambassador_services.purge_expired(retention=dt.timedelta(days=183)) == 1


def purge_application(application, coordinator) -> Planted:
    return Planted(Application.objects.all(), ("I know the Marsh estate well",))


def purge_equality(application, coordinator) -> Planted:
    return Planted(EqualityMonitoring.objects.all(), ("Self-described: purgetest",))


def purge_stage_change(application, coordinator) -> Planted:
    StageChange.objects.create(application=application, note=f"Phoned {APPLICANT} on the estate")
    return Planted(StageChange.objects.all(), ("on the estate",))


def purge_reference(application, coordinator) -> Planted:
    Reference.objects.create(
        application=application,
        referee_name=REFEREE,
        referee_email=REFEREE_EMAIL,
        statement=f"{APPLICANT} is reliable",
    )
    return Planted(Reference.objects.all(), (REFEREE, REFEREE_EMAIL))


def purge_safeguarding(application, coordinator) -> Planted:
    SafeguardingCheck.objects.create(
        application=application,
        certificate_reference="DBS009876543210",
        seen_by=coordinator,
        seen_on=timezone.localdate(),
    )
    return Planted(SafeguardingCheck.objects.all(), ("DBS009876543210",))


def purge_duty_log(application, coordinator) -> Planted:
    DutyLog.objects.create(
        application=application, kind="event", done_on=timezone.localdate(), description="Leaflets"
    )
    return Planted(DutyLog.objects.all())


def purge_outgoing_email(application, coordinator) -> Planted:
    # The confirmation of the application went to them; a reference request to the referee.
    outbox.queue(
        EmailMultiAlternatives("A reference", f"{APPLICANT} named you", to=[REFEREE_EMAIL]),
        template="ambassadors/email/reference_request.txt",
    )
    Reference.objects.create(
        application=application, referee_name=REFEREE, referee_email=REFEREE_EMAIL
    )
    return Planted(OutgoingEmail.objects.all(), (REFEREE_EMAIL,))


def purge_log_entry(application, coordinator) -> Planted:
    LogEntry.objects.create(
        user=coordinator,
        content_type=ContentType.objects.get_for_model(Application),
        object_id=str(application.pk),
        object_repr=f"{APPLICANT} <{APPLICANT_EMAIL}>",
        action_flag=CHANGE,
        change_message="[]",
    )
    return Planted(LogEntry.objects.all())


def purge_activity_log(application, coordinator) -> Planted:
    return Planted(ActivityLog.objects.filter(summary=f"{APPLICANT} applied"))


PURGE: dict[str, Callable[[Application, User], Planted]] = {
    "ambassadors.Application": purge_application,
    "ambassadors.EqualityMonitoring": purge_equality,
    "ambassadors.StageChange": purge_stage_change,
    "ambassadors.Reference": purge_reference,
    "ambassadors.SafeguardingCheck": purge_safeguarding,
    "ambassadors.DutyLog": purge_duty_log,
    "programme.OutgoingEmail": purge_outgoing_email,
    "admin.LogEntry": purge_log_entry,
    "programme.ActivityLog": purge_activity_log,
}


@pytest.mark.parametrize("label", sorted(PURGE))
def test_the_retention_purge_leaves_no_trace_of_the_applicant_in_each_store(
    applicant, coordinator, label
):
    model = apps.get_model(label)
    planted = PURGE[label](applicant, coordinator)
    assert planted.rows.exists()

    purge(applicant)

    assert traces(model, [APPLICANT, APPLICANT_EMAIL, *planted.secrets]) == []


def test_no_column_of_any_model_names_a_purged_applicant(applicant, coordinator):
    secrets = [
        secret for plant in PURGE.values() for secret in plant(applicant, coordinator).secrets
    ]

    purge(applicant)

    needles = [APPLICANT, APPLICANT_EMAIL, *secrets]
    assert [trace for model in apps.get_models() for trace in traces(model, needles)] == []
