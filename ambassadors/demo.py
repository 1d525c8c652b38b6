"""Demo recruitment: applications at every stage across the sites, references, onboarding, active and left."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from policy_drafts.models import Section, Version
from programme.invitations import invitation_token
from programme.models import PilotSite, User
from workshops.models import Workshop, WorkshopKind

from . import services
from .models import Application, OnboardingItem, OnboardingKind, Stage, Task
from .services import AMBASSADOR_AGREEMENT_SLUG

TASKS = [
    ("Spreading the word", "Tell neighbours and local groups about the town hall site.", False),
    ("Social reporting", "Write or film short reports on local events.", False),
    ("Moderating", "Keep discussions on the site friendly and on topic.", False),
    ("Running drop-in help", "Help people get online at the library or community centre.", True),
]


@dataclass(frozen=True)
class DemoItem:
    kind: OnboardingKind
    label: str
    months: int | None
    text: str
    link_label: str


ONBOARDING = [
    DemoItem(
        OnboardingKind.AGREEMENT,
        "Agree to the ambassador agreement",
        None,
        "The agreement is short. In it you promise to:\n\n"
        "- be friendly and fair to everyone, whatever their view;\n"
        "- say you are an ambassador when you speak as one;\n"
        "- keep what people tell you private;\n"
        "- ask your coordinator when you are not sure.\n\n"
        "You can step back at any time; just tell your coordinator.",
        "Read the ambassador agreement",
    ),
    DemoItem(
        OnboardingKind.READ_POLICY,
        "Read the social web policy",
        None,
        "The social web policy is the set of rules everyone on the town hall sites works to: "
        "residents, council staff, councillors and local news sites. It takes about ten minutes "
        "to read. You can comment on any part you think could be clearer.",
        "Read the social web policy",
    ),
    DemoItem(
        OnboardingKind.INDUCTION,
        "Attend an induction workshop",
        None,
        "A two-hour session with other new ambassadors and your coordinator: how the town hall "
        "site works, what ambassadors do, and who to ask for help. This step is ticked for you "
        "when you are marked as attending.",
        "Book the induction workshop",
    ),
    DemoItem(
        OnboardingKind.MODERATION_TRAINING,
        "Moderation training",
        12,
        "Ambassadors help keep discussions friendly and on topic. Read how moderation works: when "
        "to hide a post, why you always give a reason, and that nothing anyone writes is deleted. "
        "Tick this once you have read it and talked it through with your coordinator. It needs "
        "a refresher every year.",
        "Read how moderation works",
    ),
    DemoItem(
        OnboardingKind.PERSONA,
        "Choose how you appear on the sites",
        None,
        "Choose the name people see when you post, add a line about yourself, and choose whether "
        "to show that you are an ambassador. You can change these at any time.",
        "Go to your profile",
    ),
    DemoItem(
        OnboardingKind.FIRST_POST,
        "Write your first post",
        None,
        "Say hello on your council's town hall site: who you are, which part of town you know "
        "well, and how people can reach you. A few lines is plenty.",
        "Find your council's town hall site",
    ),
]
# Wording shown before the checklist had text, replaced where a coordinator left it as it was.
OLD_LABELS = {"Set up your civic persona": "Choose how you appear on the sites"}
SOCIAL_WEB_POLICY = "social-web-policy"
INDUCTION_WORKSHOP = "Essex ambassadors' induction"


def _policy_link(slug: str, heading: str = "") -> str | None:
    """A policy draft's address, at one section when asked, if people can read it (it has a
    published version); None otherwise."""
    if not Version.objects.filter(draft__slug=slug).exists():
        return None
    url = reverse("policy_drafts:detail", args=[slug])
    sections = Section.objects.filter(version__draft__slug=slug, heading=heading)
    key = sections.order_by("-version__number").values_list("key", flat=True).first()
    return f"{url}#s-{key}" if key else url


def _induction_link() -> str:
    """The demo's induction workshop once it is published; otherwise the list of upcoming
    induction workshops (a draft workshop is not found by the people it is for)."""
    workshop = Workshop.objects.visible().filter(title=INDUCTION_WORKSHOP).first()
    if workshop is not None:
        return reverse("workshops:detail", args=[workshop.slug])
    query = urlencode({"kind": WorkshopKind.AMBASSADOR_INDUCTION, "when": "upcoming"})
    return f"{reverse('workshops:list')}?{query}"


def demo_links() -> dict[str, tuple[str, str]]:
    """Where each demo item points and what its link says, worked out now: the pages other
    apps' demos made, when they exist (a draft nobody can open yet is not linked)."""
    wording = {d.kind: d.link_label for d in ONBOARDING}
    policy = _policy_link(SOCIAL_WEB_POLICY) or reverse("policy_drafts:list")
    links: dict[str, tuple[str, str]] = {
        kind: (url, wording[kind])
        for kind, url in (
            (OnboardingKind.READ_POLICY, policy),
            (OnboardingKind.INDUCTION, _induction_link()),
            (
                OnboardingKind.MODERATION_TRAINING,
                _policy_link(SOCIAL_WEB_POLICY, "Moderation") or policy,
            ),
            (OnboardingKind.PERSONA, reverse("accounts:profile")),
            (OnboardingKind.FIRST_POST, reverse("programme:sites")),
        )
    }
    agreement = _policy_link(AMBASSADOR_AGREEMENT_SLUG)
    # Until the agreement is published on its own, its promises are in the item's text and
    # the link goes to the policy they come from, saying so.
    links[OnboardingKind.AGREEMENT] = (
        (agreement, wording[OnboardingKind.AGREEMENT])
        if agreement
        else (policy, "Read the social web policy the agreement comes from")
    )
    return links


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
            OnboardingItem(kind=d.kind, label=d.label, position=n, expires_after_months=d.months)
            for n, d in enumerate(ONBOARDING)
        )
    _fill_items()


def _fill_items() -> None:
    """Give every demo item its text and link where they are still empty: a coordinator's own
    words are never overwritten, and a second run changes nothing."""
    demo = {d.kind: d for d in ONBOARDING}
    links = demo_links()
    for item in OnboardingItem.objects.filter(kind__in=demo):
        d = demo[OnboardingKind(item.kind)]
        changed = False
        if item.label in OLD_LABELS:
            item.label, changed = OLD_LABELS[item.label], True
        if not item.text:
            item.text, changed = d.text, True
        if not item.link:
            (item.link, item.link_label), changed = links[item.kind], True
        if changed:
            item.full_clean()
            item.save()


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
    if not isinstance(application, Application):
        raise RuntimeError("each demo applicant applies once")
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
    if not isinstance(active, Application):
        raise RuntimeError("the demo ambassador applies once")
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
