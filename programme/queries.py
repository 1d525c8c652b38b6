"""Reads for programme/ pages, scoped by the viewer, with their joins done once here."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    F,
    Max,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.shortcuts import get_object_or_404
from django.utils import timezone

from . import hooks, permissions, readiness
from .models import (
    ActionItem,
    ActionItemQuerySet,
    ActionStatus,
    AuditCategory,
    AuditEntry,
    BuildStage,
    BuildStageChange,
    DemocraticAction,
    EmailStatus,
    Following,
    GoLiveSignOff,
    Meeting,
    MeetingQuerySet,
    OutgoingEmail,
    PilotSite,
    Relationship,
    Reply,
    Report,
    Role,
    RoleGrant,
    RoundKind,
    ShareCode,
    Strand,
    StrandMember,
    SurveyLink,
    SurveyResponse,
    SurveyRound,
    Update,
    User,
)


def content_type_id(model: type[models.Model]) -> int:
    """The id moderation addresses use for a kind of content (Django keeps it after the first read)."""
    return ContentType.objects.get_for_model(model).pk


def pilot_sites() -> QuerySet[PilotSite]:
    """Every pilot site, in its usual order."""
    return PilotSite.objects.all()


def site_by_slug(slug: str, *, among: QuerySet[PilotSite] | None = None) -> PilotSite | None:
    """The pilot site with this address, if any (and if it is `among` those given)."""
    sites = PilotSite.objects.all() if among is None else among
    return sites.filter(slug=slug).first()


def audit_site_ids_editable_by(user: permissions.AnyUser) -> set[int]:
    return set(permissions.audit_sites_editable_by(user).values_list("pk", flat=True))


def sites_for_home() -> QuerySet[PilotSite]:
    return PilotSite.objects.with_initiatives()


@dataclass(frozen=True)
class RoleHolders:
    role: Role
    people: list[User]


def site_people(site: PilotSite, viewer: permissions.AnyUser) -> list[RoleHolders]:
    """The site's people grouped by role, in the order DESIGN.md lists the roles.

    People running the pilot see everyone; others see only the roles people
    chose to show on their civic persona.
    """
    grants = RoleGrant.objects.active().for_site(site).select_related("user")
    if not permissions.can_see_site_profile(viewer, site):
        grants = grants.filter(
            shown_on_persona=True
        )  # defensive: the view already refuses outsiders
    by_role: dict[str, list[User]] = defaultdict(list)
    for grant in grants.order_by("user__full_name"):
        by_role[grant.role].append(grant.user)
    return [RoleHolders(Role(role), by_role[role]) for role in Role if by_role.get(role)]


def shown_roles(user: User) -> list[RoleGrant]:
    """The roles a person chose to show on their civic persona."""
    return list(
        RoleGrant.objects.active().filter(user=user, shown_on_persona=True).select_related("site")
    )


def failed_emails() -> int:
    """Emails the worker gave up on, for a coordinator to send again."""
    return OutgoingEmail.objects.filter(status=EmailStatus.FAILED).count()


# Choosing people ------------------------------------------------------------

PEOPLE_SHOWN = 20
"""How many matches a person picker offers at once: typing more narrows them."""


def _holding(grants: QuerySet[RoleGrant]) -> QuerySet[User]:
    return (
        # Holding one of these grants: a bare "revoked_at is null" on the join also matched
        # people with no grant at all (the outer join's empty row), letting residents in.
        User.objects.filter(role_grants__in=grants)
        .distinct()
        .order_by("full_name", "pk")
        .prefetch_related(
            Prefetch(
                "role_grants",
                queryset=RoleGrant.objects.active().select_related("site"),
                to_attr="active_grants",
            )
        )
    )


def programme_people() -> QuerySet[User]:
    """People who hold a role: the ones who attend meetings, own actions and are invited
    (with their roles read in one query, for the labels)."""
    return _holding(RoleGrant.objects.active())


def people_at(site_id: int | None) -> QuerySet[User]:
    """People with a role at this site or across the programme (any site when None)."""
    grants = RoleGrant.objects.active()
    if site_id is not None:
        grants = grants.filter(Q(site_id=site_id) | Q(site__isnull=True))
    return _holding(grants)


def find_people(
    people: QuerySet[User], text: str, limit: int = PEOPLE_SHOWN, *, full: bool = False
) -> list[User]:
    """The first people whose name holds every word typed, by name; all of them (up to the
    limit) for nothing typed. Never matched on email addresses, which pickers do not show.
    Only coordinators (`full`) find people by their full names; anyone else by the name
    each person shows (their civic persona), so a search cannot reveal who "Amir P." is."""
    for word in text.split()[:6]:
        if full:
            people = people.filter(full_name__icontains=word)
        else:
            people = people.filter(
                Q(display_name__icontains=word) | Q(display_name="", full_name__icontains=word)
            )
    return list(people[:limit])


def name_and_roles(person: User, *, full: bool = False) -> str:
    """How a person is shown in pickers: "Owen Bright (Officer, Kirklees)". To coordinators
    (`full`), their full name and every role; to anyone else, as their civic persona shows
    them: the name they chose to show, and only the roles they chose to show."""
    grants = getattr(person, "active_grants", None) or []
    if not full:
        grants = [grant for grant in grants if grant.shown_on_persona]
    roles = ", ".join(grant.label for grant in grants)
    name = person.full_name if full else person.public_name
    return f"{name} ({roles})" if roles else name


# Meetings and actions -------------------------------------------------------


def meetings() -> MeetingQuerySet:
    return Meeting.objects.prefetch_related("sites").annotate(
        action_count=Count("actions", distinct=True),
        attendee_count=Count("attendees", distinct=True),
    )


def meeting_detail(pk: int) -> Meeting:
    actions = ActionItem.objects.select_related("owner", "site")
    return get_object_or_404(
        Meeting.objects.select_related("created_by").prefetch_related(
            "sites", "attendees", Prefetch("actions", queryset=actions), "updates"
        ),
        pk=pk,
    )


def actions_for_table() -> ActionItemQuerySet:
    return ActionItem.objects.select_related("owner", "site", "meeting")


def open_actions_at(site: PilotSite) -> ActionItemQuerySet:
    return actions_for_table().filter(site=site).open().order_by("due_on")


def my_actions(user: User) -> ActionItemQuerySet:
    """The person's actions: open ones first (soonest due first), then the rest."""
    return (
        ActionItem.objects.owned_by(user)
        .select_related("site", "meeting")
        .order_by(
            Case(When(status=ActionStatus.OPEN, then=0), default=1),
            F("due_on").asc(nulls_last=True),
            "-status_changed_at",
        )
    )


# Updates --------------------------------------------------------------------


def _with_reply_count(updates: QuerySet[Update]) -> QuerySet[Update]:
    shown = Q(replies__hidden_at__isnull=True, replies__withdrawn_at__isnull=True)
    return updates.select_related("author", "meeting").annotate(
        reply_count=Count("replies", filter=shown)
    )


def published_updates() -> QuerySet[Update]:
    return _with_reply_count(Update.objects.published()).order_by("-published_at", "-pk")


def updates_for(viewer: permissions.AnyUser) -> QuerySet[Update]:
    """Published updates for everyone; coordinators also see drafts, newest first."""
    if permissions.can_write_updates(viewer):
        return _with_reply_count(Update.objects.all()).order_by(
            F("published_at").desc(nulls_first=True), "-created_at", "-pk"
        )
    return published_updates()


def update_for(viewer: permissions.AnyUser, slug: str) -> Update:
    """One update; a draft is a 404 for anyone who may not write updates."""
    return get_object_or_404(updates_for(viewer), slug=slug)


def replies_to(update: Update) -> QuerySet[Reply]:
    return update.replies.select_related("author", "capacity_site", "hidden_by")


# Moderation -----------------------------------------------------------------


def open_reports_for(viewer: permissions.AnyUser) -> list[Report]:
    """Open reports the viewer may act on, with their content loaded in one query per kind."""
    reports = (
        Report.objects.open()
        .select_related("reporter", "content_type", "site")
        .order_by("created_at")
    )
    if not permissions.is_coordinator(viewer):
        ambassador_sites = {
            g.site_id
            for g in permissions.active_grants(viewer)
            if g.role in (Role.AMBASSADOR, Role.SITE_LEAD)
        }
        reports = reports.filter(Q(site__isnull=True) | Q(site__in=ambassador_sites))
    return list(reports.prefetch_related("target"))


# Social web audit -----------------------------------------------------------


@dataclass(frozen=True)
class AuditCell:
    site: PilotSite
    category: AuditCategory
    count: int
    strongest: Relationship | None
    next_step: str

    @property
    def is_gap(self) -> bool:
        return self.strongest is None or self.strongest == Relationship.NONE


@dataclass(frozen=True)
class AuditRow:
    site: PilotSite
    cells: list[AuditCell]


def audit_matrix(sites: Iterable[PilotSite] | None = None) -> list[AuditRow]:
    """Sites by categories: how many entries, the strongest relationship, and the next step for gaps."""
    sites = list(sites if sites is not None else PilotSite.objects.all())
    stats = {
        (row["site"], row["category"]): row
        for row in AuditEntry.objects.filter(site__in=sites)
        .values("site", "category")
        .annotate(count=Count("pk"), strongest=Max("relationship"))
    }
    # The next step to show for a cell: from its most recently updated entry that has one.
    next_steps: dict[tuple[int, str], str] = {}
    for site_id, category, step in (
        AuditEntry.objects.filter(site__in=sites)
        .exclude(next_step="")
        .order_by("-updated_at")
        .values_list("site", "category", "next_step")
    ):
        next_steps.setdefault((site_id, category), step)
    rows = []
    for site in sites:
        cells = []
        for category in AuditCategory:
            found = stats.get((site.pk, category.value))
            cells.append(
                AuditCell(
                    site=site,
                    category=category,
                    count=found["count"] if found else 0,
                    strongest=Relationship(found["strongest"]) if found else None,
                    next_step=next_steps.get((site.pk, category.value), ""),
                )
            )
        rows.append(AuditRow(site, cells))
    return rows


def audit_entries() -> QuerySet[AuditEntry]:
    """The audit's entries, each with what fetching its feed last found (see the
    `audit_feed_health` hook; without one, none is checked)."""
    entries = AuditEntry.objects.select_related("site").annotate(
        feed_healthy=Value(None, output_field=BooleanField()),
        feed_problem=Value("", output_field=CharField()),
    )
    for with_health in hooks.audit_feed_health.implementations():
        entries = with_health(entries)
    return entries


# Readiness ------------------------------------------------------------------


@dataclass(frozen=True)
class DashboardRow:
    site: PilotSite
    open_actions: int
    overdue_actions: int
    last_moved: dt.datetime
    stalled: bool
    indicators: dict[str, readiness.IndicatorValue]


def dashboard_rows(
    *, stalled_after: dt.timedelta, now: dt.datetime | None = None
) -> list[DashboardRow]:
    """One row per site: build stage, actions, stalled flag, and every registered indicator."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    sites = list(
        PilotSite.objects.annotate(
            open_actions=Count(
                "actions", filter=Q(actions__status=ActionStatus.OPEN), distinct=True
            ),
            overdue_actions=Count(
                "actions",
                filter=Q(actions__status=ActionStatus.OPEN, actions__due_on__lt=today),
                distinct=True,
            ),
            last_action_change=Max("actions__status_changed_at"),
            last_action_raised=Max("actions__created_at"),
        )
    )
    values = readiness.indicator_values(sites)
    rows = []
    for site in sites:
        moments = [site.build_stage_changed_at, site.last_action_change, site.last_action_raised]
        last_moved = max(m for m in moments if m is not None)
        stalled = site.build_stage != BuildStage.LIVE and now - last_moved > stalled_after
        rows.append(
            DashboardRow(
                site, site.open_actions, site.overdue_actions, last_moved, stalled, values[site.pk]
            )
        )
    return rows


def strand_contacts(site: PilotSite) -> QuerySet[StrandMember]:
    return StrandMember.objects.current().filter(site=site).select_related("strand", "user")


def strands() -> QuerySet[Strand]:
    return Strand.objects.prefetch_related(
        Prefetch(
            "members",
            queryset=StrandMember.objects.current().select_related("user", "site"),
            to_attr="current_members",
        )
    )


# Evaluation -----------------------------------------------------------------


@dataclass(frozen=True)
class ActionResult:
    action: DemocraticAction
    baseline_count: int
    baseline_percent: float
    closing_count: int
    closing_percent: float

    @property
    def change(self) -> float:
        return self.closing_percent - self.baseline_percent


@dataclass(frozen=True)
class SurveyComparison:
    site: PilotSite | None  # None: every site together
    baseline_responses: int
    closing_responses: int
    results: list[ActionResult]


def survey_comparison(site: PilotSite | None = None) -> SurveyComparison:
    """Counts and percentages per action, baseline against closing, for one site or all."""
    responses = SurveyResponse.objects.all()
    if site is not None:
        responses = responses.filter(round__site=site)
    return _compared(site, responses.values_list("round__kind", "actions"))


def survey_comparisons(sites: list[PilotSite]) -> tuple[SurveyComparison, list[SurveyComparison]]:
    """All sites together, and each of `sites`, from one read of the answers: the results
    page costs the same queries with five sites or fifty."""
    answers = list(SurveyResponse.objects.values_list("round__site_id", "round__kind", "actions"))
    overall = _compared(None, ((kind, actions) for _, kind, actions in answers))
    per_site = [
        _compared(site, ((kind, actions) for at, kind, actions in answers if at == site.pk))
        for site in sites
    ]
    return overall, per_site


def _compared(site: PilotSite | None, answers: Iterable[tuple[str, list[str]]]) -> SurveyComparison:
    totals = {RoundKind.BASELINE.value: 0, RoundKind.CLOSING.value: 0}
    counts = {kind: dict.fromkeys(DemocraticAction.values, 0) for kind in totals}
    for kind, actions in answers:
        totals[kind] += 1
        for action in actions:
            if action in counts[kind]:
                counts[kind][action] += 1

    def percent(kind: str, action: str) -> float:
        return round(100 * counts[kind][action] / totals[kind], 1) if totals[kind] else 0.0

    results = [
        ActionResult(
            action,
            counts[RoundKind.BASELINE][action.value],
            percent(RoundKind.BASELINE, action.value),
            counts[RoundKind.CLOSING][action.value],
            percent(RoundKind.CLOSING, action.value),
        )
        for action in DemocraticAction
    ]
    return SurveyComparison(site, totals[RoundKind.BASELINE], totals[RoundKind.CLOSING], results)


def current_sign_offs(site: PilotSite) -> QuerySet[GoLiveSignOff]:
    return GoLiveSignOff.objects.filter(site=site, superseded_at__isnull=True).select_related(
        "signed_by"
    )


def stage_history(site: PilotSite) -> QuerySet[BuildStageChange]:
    return site.stage_changes.select_related("changed_by")


def waiting_for_moderation(user: permissions.AnyUser) -> list[dict[str, Any]]:
    """Everything held for this person to approve, from every app that holds some
    (the `waiting_for_moderation` hook), one entry per place."""
    if not permissions.can_see_moderation_queue(user):
        return []
    return [entry for fn in hooks.waiting_for_moderation.implementations() for entry in fn(user)]


def audit_entry(pk: int) -> AuditEntry:
    return get_object_or_404(AuditEntry.objects.select_related("site"), pk=pk)


def survey_rounds() -> QuerySet[SurveyRound]:
    return SurveyRound.objects.select_related("site").order_by("site__name", "kind")


def survey_round(*, pk: int | None = None, token: str | None = None) -> SurveyRound:
    """A round by its id (staff pages) or its public token; 404 if none."""
    found = SurveyRound.objects.select_related("site")
    return (
        get_object_or_404(found, pk=pk) if token is None else get_object_or_404(found, token=token)
    )


def unused_links(survey_round: SurveyRound) -> QuerySet[SurveyLink]:
    return SurveyLink.objects.filter(round=survey_round, response__isnull=True)


def survey_link(token: str) -> SurveyLink:
    return get_object_or_404(SurveyLink.objects.select_related("round__site"), token=token)


def sites_where_actions_are_raised(user: permissions.AnyUser) -> QuerySet[PilotSite]:
    """Coordinators raise actions anywhere; a site lead at the sites they lead."""
    if permissions.is_coordinator(user):
        return PilotSite.objects.all()
    return PilotSite.objects.filter(pk__in=permissions.sites_led_by(user))


def following_by_token(token: str, *, visitor_only: bool = False) -> Following:
    """The following an email's link names (404 for none); `visitor_only`: a visitor's."""
    followings = Following.objects.select_related("person", "content_type")
    if visitor_only:
        followings = followings.filter(person__isnull=True)
    return get_object_or_404(followings, token=token[:64])


def own_following(person: User, raw_id: str) -> Following | None:
    """One of the person's followings by the id a form sent, or None for anything else
    (someone else's, a word, a number too long for a database id)."""
    if not (raw_id.isascii() and raw_id.isdigit() and len(raw_id) < 16):
        return None
    return Following.objects.filter(pk=int(raw_id), person=person).first()


def followings_of(person: User) -> list[Following]:
    """What a person follows (still), each with the thing it is about, in a fixed number of
    queries."""
    return list(
        Following.objects.filter(person=person, stopped_at__isnull=True)
        .select_related("content_type")
        .prefetch_related("target")
        .order_by("-created_at", "-pk")
    )


def active_share_code(code: str, site: PilotSite) -> ShareCode | None:
    """The active share code `code` of this site (a person's or the site's own), or None:
    a revoked one, another site's, or no such code."""
    return ShareCode.objects.active().filter(code=code, site=site).first()
