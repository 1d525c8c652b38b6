"""Emails to many people are one task that fans out on the worker, never a loop in a request."""

from __future__ import annotations

import pytest
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks.backends.dummy import DummyBackend

from policy_drafts import services as drafts
from policy_drafts.models import Agreement, DraftStatus
from programme.models import OutgoingEmail
from workshops import services as workshops

from .factories import PolicyDraftFactory, UserFactory, WorkshopFactory
from .policy_drafts.conftest import SECTIONS, working
from .workshops.conftest import book

PEOPLE = 40


@pytest.fixture
def queued(settings):
    """A queue that keeps what it is given, so a test sees what the request left for later."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
    assert isinstance(backend, DummyBackend)
    backend.clear()
    yield backend
    backend.clear()


def house_rules(coordinator):
    """A programme-wide draft by the coordinator, its version 1 published (not yet open)."""
    return PolicyDraftFactory.create(
        title="House rules", status=DraftStatus.DRAFTING, owners=[coordinator], sections=SECTIONS
    )


def test_adopting_a_new_version_queues_one_task_that_asks_everyone_to_agree_again(
    coordinator, queued, django_capture_on_commit_callbacks
):
    draft = house_rules(coordinator)
    first = draft.versions.get()
    drafts.adopt(actor=coordinator, draft=draft)
    Agreement.objects.bulk_create(
        Agreement(person=person, version=first) for person in UserFactory.create_batch(PEOPLE)
    )
    draft.refresh_from_db()
    shorter = working(draft)[:2]
    drafts.save_working_copy(
        actor=coordinator, draft=draft, revision=draft.working_revision, sections=shorter
    )
    drafts.publish_version(actor=coordinator, draft=draft, change_note="Shorter")

    with django_capture_on_commit_callbacks(execute=True):
        drafts.adopt(actor=coordinator, draft=draft)
    assert OutgoingEmail.objects.count() == 0  # the request wrote no email itself
    # One task asks everyone to agree again; one tells the draft's followers, one tells each
    # commenter what came of what they said (nobody follows or commented here).
    tasks = {r.task.name: r for r in queued.results}
    assert sorted(tasks) == ["ask_to_agree_again", "tell_followers", "tell_the_outcome"]

    result = tasks["ask_to_agree_again"]
    assert result.task.call(*result.args) == PEOPLE  # what the worker does
    assert OutgoingEmail.objects.count() == PEOPLE
    assert {email.subject for email in OutgoingEmail.objects.all()} == {
        "Please agree to the new House rules"
    }


def test_cancelling_a_workshop_queues_one_task_for_everyone_registered(
    coordinator, site, queued, django_capture_on_commit_callbacks
):
    workshop = WorkshopFactory.create(site=site, created_by=coordinator, capacity=PEOPLE)
    for person in UserFactory.create_batch(PEOPLE):
        book(workshop, person)
    queued.clear()
    OutgoingEmail.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=True):
        workshops.cancel_workshop(actor=coordinator, workshop=workshop, reason="Flooded")
    assert OutgoingEmail.objects.count() == 0
    assert [r.task.name for r in queued.results] == ["tell_of_cancellation"]
    (result,) = queued.results
    assert result.task.call(*result.args) == PEOPLE
    assert OutgoingEmail.objects.filter(subject__startswith="Cancelled:").count() == PEOPLE


def test_when_the_queue_is_down_the_request_does_the_work_itself(
    coordinator, site, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "tests.programme.test_outbox.QueueDown"}}
    workshop = WorkshopFactory.create(site=site, created_by=coordinator)
    book(workshop, UserFactory.create())
    with django_capture_on_commit_callbacks(execute=True):
        workshops.cancel_workshop(actor=coordinator, workshop=workshop, reason="Flooded")
    assert OutgoingEmail.objects.filter(subject__startswith="Cancelled:").count() == 1


def test_a_new_version_queues_one_task_that_tells_every_follower(
    coordinator, queued, django_capture_on_commit_callbacks
):
    from programme import following

    draft = house_rules(coordinator)
    for person in UserFactory.create_batch(PEOPLE):
        following.follow(person=person, target=draft)
    queued.clear()
    draft.refresh_from_db()
    shorter = working(draft)[:2]
    drafts.save_working_copy(
        actor=coordinator, draft=draft, revision=draft.working_revision, sections=shorter
    )

    with django_capture_on_commit_callbacks(execute=True):
        drafts.publish_version(actor=coordinator, draft=draft, change_note="Shorter")
    assert OutgoingEmail.objects.count() == 0  # the request wrote no email itself
    assert [r.task.name for r in queued.results] == ["tell_followers"]
    (result,) = queued.results
    assert result.task.call(*result.args) == PEOPLE  # what the worker does
    assert OutgoingEmail.objects.filter(
        subject="Version 2 of House rules is published"
    ).count() == (PEOPLE)
