"""Demo recruitment: applications at every stage across the sites, references, onboarding, active and left."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from programme.invitations import invitation_token
from programme.models import PilotSite, User

from . import services
from .models import Application, OnboardingItem, OnboardingKind, Stage, Task

TASKS = [
    ("Spreading the word", "Tell neighbours and local groups about the town hall site.", False),
    ("Social reporting", "Write or film short reports on local events.", False),
    ("Moderating", "Keep discussions on the site friendly and on topic.", False),
    ("Running drop-in help", "Help people get online at the library or community centre.", True),
]
ONBOARDING = [
    (OnboardingKind.AGREEMENT, "Agree to the ambassador agreement", None),
    (OnboardingKind.READ_POLICY, "Read the social web policy", None),
    (OnboardingKind.INDUCTION, "Attend an induction workshop", None),
    (OnboardingKind.MODERATION_TRAINING, "Moderation training", 12),
    (OnboardingKind.PERSONA, "Set up your civic persona", None),
    (OnboardingKind.FIRST_POST, "Write your first post", None),
]


def ensure_menus() -> None:
    for n, (name, description, safeguarding) in enumerate(TASKS):
        Task.objects.get_or_create(
            name=name,
            defaults={
                "description": description,
                "needs_safeguarding": safeguarding,
                "position": n,
            },
        )
    if not OnboardingItem.objects.exists():
        OnboardingItem.objects.bulk_create(
            OnboardingItem(kind=kind, label=label, position=n, expires_after_months=months)
            for n, (kind, label, months) in enumerate(ONBOARDING)
        )


def _apply(site: PilotSite, n: int, **extra: Any) -> Application:
    application = services.apply(
        site=site,
        full_name=f"Demo applicant {n}",
        email=f"applicant{n}@demo.example",
        neighbourhood="Town centre",
        motivation="I want my neighbours to have a say.",
        tasks=[Task.objects.get(name="Spreading the word")],
        consent=True,
        **extra,
    )
    assert application is not None, "each demo applicant applies once"
    return application


def _to(application: Application, actor: User, *stages: Stage) -> Application:
    for stage in stages:
        application = services.advance(actor=actor, application=application, to=stage, reason="")
    return application


def _with_references(application: Application, actor: User) -> None:
    for reference in services.request_references(
        actor=actor,
        application=application,
        referees=[("Referee One", "ref1@demo.example"), ("Referee Two", "ref2@demo.example")],
    ):
        services.submit_reference(
            reference=reference,
            known_for="Five years, as a neighbour",
            statement="Reliable and kind.",
        )


def seed(sites: dict[str, PilotSite], users: dict[str, User]) -> None:
    ensure_menus()
    if Application.objects.exists():
        return
    coordinator = users["coordinator@demo.example"]
    stages = [Stage.SCREENING, Stage.CONVERSATION, Stage.REFERENCES]
    for n, slug in enumerate(sites):
        application = _apply(sites[slug], n)
        _to(application, coordinator, *stages[: n % 4])
    declined = _to(_apply(sites["chorley"], 10), coordinator, Stage.SCREENING)
    services.advance(
        actor=coordinator,
        application=declined,
        to=Stage.DECLINED,
        reason="We have enough ambassadors in that area for now.",
    )
    services.withdraw(application=_apply(sites["essex"], 11), reason="Moving away")

    # Onboarding in progress at Kirklees.
    onboarding = _to(
        _apply(sites["kirklees"], 12),
        coordinator,
        Stage.SCREENING,
        Stage.CONVERSATION,
        Stage.REFERENCES,
    )
    _with_references(onboarding, coordinator)
    services.approve(actor=coordinator, application=onboarding)
    first_step = onboarding.onboarding.select_related("item").get(
        item__kind=OnboardingKind.READ_POLICY
    )
    services.tick_step(actor=coordinator, step=first_step)

    # The demo ambassador: active at Kirklees, with a completed onboarding on record.
    amir = users["ambassador@kirklees.demo.example"]
    active = services.apply(
        site=sites["kirklees"],
        full_name=amir.full_name,
        email=amir.email,
        neighbourhood="Lindley",
        motivation="I run the residents' association newsletter.",
        tasks=Task.objects.all()[:3],
        consent=True,
        person=amir,
    )
    assert active is not None, "the demo ambassador applies once"
    _to(active, coordinator, Stage.SCREENING, Stage.CONVERSATION, Stage.REFERENCES)
    _with_references(active, coordinator)
    services.approve(actor=coordinator, application=active)
    now = timezone.now()
    active.onboarding.update(done_at=now, done_by=coordinator)
    active.onboarding.filter(item__expires_after_months__isnull=False).update(
        expires_on=timezone.localdate() + dt.timedelta(days=365)
    )
    services.complete_onboarding(actor=coordinator, application=active)

    # One who left.
    leaver = _to(
        _apply(sites["redbridge"], 13),
        coordinator,
        Stage.SCREENING,
        Stage.CONVERSATION,
        Stage.REFERENCES,
    )
    _with_references(leaver, coordinator)
    services.approve(actor=coordinator, application=leaver)
    _take_up_place(leaver)
    leaver.onboarding.update(done_at=now, done_by=coordinator)
    services.complete_onboarding(actor=coordinator, application=leaver)
    services.advance(
        actor=coordinator,
        application=leaver,
        to=Stage.LEFT,
        reason="Started a new job; may come back.",
    )


def _take_up_place(application: Application) -> None:
    """The applicant accepts their place, as they would by the link in the welcome email."""
    person = User.objects.create_user(
        application.email,
        None,
        full_name=application.full_name,
        email_confirmed_at=timezone.now(),
    )
    token = invitation_token("ambassadors.application", application.pk, application.email)
    services.accept_place(user=person, token=token)
