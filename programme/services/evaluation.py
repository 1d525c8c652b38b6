"""The evaluation questionnaire: rounds per site, single-use links, and answers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import IntegrityError, transaction

from programme.platform import limits
from programme.platform.errors import NotAllowed, ProgrammeError
from programme.platform.text import plural

from .. import permissions
from ..models import (
    DemocraticAction,
    PilotSite,
    RoundKind,
    SurveyLink,
    SurveyResponse,
    SurveyRound,
    User,
)
from .activity import log_activity

MAX_LINKS_AT_ONCE = 500


@transaction.atomic
def open_round(*, actor: User, site: PilotSite, kind: RoundKind | str) -> SurveyRound:
    """Start the baseline or closing round of the questionnaire at a site."""
    kind = RoundKind(kind)
    if not permissions.can_manage_surveys(actor):
        raise NotAllowed("Only coordinators run the evaluation.")
    if SurveyRound.objects.filter(site=site, kind=kind).exists():
        raise ProgrammeError(f"{site} already has a {kind.label.lower()} round.", "round_exists")
    survey_round = SurveyRound.objects.create(site=site, kind=kind)
    log_activity(
        actor=actor,
        action="programme.survey.opened",
        summary=f"{survey_round} opened",
        target=survey_round,
        site=site,
    )
    return survey_round


@transaction.atomic
def set_round_open(*, actor: User, survey_round: SurveyRound, is_open: bool) -> SurveyRound:
    if not permissions.can_manage_surveys(actor):
        raise NotAllowed("Only coordinators run the evaluation.")
    survey_round = SurveyRound.objects.select_for_update().get(pk=survey_round.pk)
    survey_round.is_open = is_open
    survey_round.save(update_fields=["is_open"])
    verb = "reopened" if is_open else "closed"
    log_activity(
        actor=actor,
        action=f"programme.survey.{verb}",
        summary=f"{survey_round} {verb}",
        target=survey_round,
        site=survey_round.site,
    )
    return survey_round


@transaction.atomic
def make_links(*, actor: User, survey_round: SurveyRound, count: int) -> list[SurveyLink]:
    """Make single-use links to hand out to residents without an account."""
    if not permissions.can_manage_surveys(actor):
        raise NotAllowed("Only coordinators run the evaluation.")
    if not 1 <= count <= MAX_LINKS_AT_ONCE:
        raise ProgrammeError(
            f"Make between 1 and {MAX_LINKS_AT_ONCE} links at a time.", "bad_count"
        )
    links = SurveyLink.objects.bulk_create(SurveyLink(round=survey_round) for _ in range(count))
    log_activity(
        actor=actor,
        action="programme.survey.links_made",
        summary=f"{plural(count, 'link')} made for {survey_round}",
        target=survey_round,
        site=survey_round.site,
        data={"count": count},
    )
    return links


# Answers from one client address: a household or a drop-in session, not a script.
ANSWERS_PER_CLIENT = limits.Limit("survey-answers", 30, dt.timedelta(hours=1), "answered")


def _check_respondent(respondent: User | None) -> None:
    """Without a link, only a signed-in person whose address is confirmed answers."""
    if respondent is None or not respondent.is_authenticated:
        raise ProgrammeError("Sign in, or use the link you were given, to answer.", "who_are_you")
    if not respondent.is_confirmed:
        raise ProgrammeError(
            "Confirm your email address first (we sent you a link), then answer.", "unconfirmed"
        )


def _unused_link(link: SurveyLink, survey_round: SurveyRound) -> SurveyLink:
    """The link, locked, if it is this round's and not used yet."""
    link = SurveyLink.objects.select_for_update().get(pk=link.pk)
    if link.round_id != survey_round.pk:
        raise ProgrammeError("This link belongs to another questionnaire.", "wrong_round")
    if SurveyResponse.objects.filter(link=link).exists():
        raise ProgrammeError("This link has already been used to answer.", "already_answered")
    return link


@transaction.atomic
def answer_survey(
    *,
    survey_round: SurveyRound,
    actions: Iterable[str],
    respondent: User | None = None,
    link: SurveyLink | None = None,
    client: str = "",
) -> SurveyResponse:
    """Record one answer: once per single-use link, or once per signed-in person whose
    address is confirmed (free accounts must not outvote residents)."""
    survey_round = SurveyRound.objects.select_for_update().get(pk=survey_round.pk)
    if not survey_round.is_open:
        raise ProgrammeError(
            "This questionnaire has closed. Thank you for your interest.", "closed"
        )
    chosen = sorted(set(actions))
    if any(value not in DemocraticAction.values for value in chosen):
        raise ProgrammeError("Choose from the list.", "unknown_action")
    if link is None:
        _check_respondent(respondent)
    if client:
        limits.count_or_refuse(ANSWERS_PER_CLIENT, client)
    if link is not None:
        link = _unused_link(link, survey_round)
    if respondent is not None and respondent.is_authenticated:
        if SurveyResponse.objects.filter(round=survey_round, respondent=respondent).exists():
            raise ProgrammeError(
                "You have already answered this questionnaire. Thank you.", "already_answered"
            )
    else:
        respondent = None
    try:
        with transaction.atomic():
            response = SurveyResponse.objects.create(
                round=survey_round, link=link, respondent=respondent, actions=chosen
            )
    except IntegrityError as error:
        raise ProgrammeError(
            "This questionnaire has already been answered.", "already_answered"
        ) from error
    # Answers are anonymous in the results; the log records only that one came in.
    log_activity(
        actor=None,
        action="programme.survey.answered",
        summary=f"An answer to {survey_round}",
        site=survey_round.site,
    )
    return response
