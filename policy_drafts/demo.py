"""The social web policy as the pilot wrote it: two versions, a working copy, and comments in every capacity."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from programme.models import PilotSite, User
from programme.services import moderation

from . import services
from .models import DraftStatus, PolicyDraft

SECTIONS = [
    (
        "Why we have this policy",
        "The virtual town hall brings the conversation residents already have online into reach of the council. "
        "This policy is one document for citizens, officers, elected members and external content providers, so "
        "everyone works to the same rules.",
    ),
    (
        "Speaking in a capacity",
        "When you comment or post, you say in what capacity you speak: as a resident, an officer of the council, "
        "an elected member, a community ambassador or a content provider. Officers may speak as residents; their "
        "comments are then marked as a personal view.",
    ),
    (
        "Content from outside the council",
        "Local news sites, bloggers and social reporters can have their posts shown on a town hall site. Content "
        "providers who agree to this policy have their feeds shown without waiting for moderation.",
    ),
    (
        "Moderation",
        "Community ambassadors and coordinators moderate the sites. Moderators hide content that breaks these "
        "rules and always give a reason. Nothing anyone writes is deleted.",
    ),
]


# The open consultation closes about three weeks after the demo is loaded, at 5pm.
CLOSES_IN = dt.timedelta(weeks=3)


def closing_date() -> dt.datetime:
    day = timezone.localdate() + CLOSES_IN
    return timezone.make_aware(dt.datetime.combine(day, dt.time(17, 0)))


def give_a_closing_date(coordinator: User) -> None:
    """The open demo consultation says when it closes; one loaded before closing dates
    were shown gets one too (once: a date it already has is kept)."""
    draft = PolicyDraft.objects.filter(
        slug="social-web-policy", status=DraftStatus.OPEN, closes_at__isnull=True
    ).first()
    if draft is not None:
        services.set_status(
            actor=coordinator,
            draft=draft,
            status=DraftStatus.OPEN,
            opens_at=draft.opens_at,
            closes_at=closing_date(),
        )


def seed(sites: dict[str, PilotSite], users: dict[str, User]) -> None:
    coordinator = users["coordinator@demo.example"]
    if PolicyDraft.objects.filter(slug="social-web-policy").exists():
        give_a_closing_date(coordinator)
        return
    draft = services.create_draft(
        actor=coordinator,
        title="Social web policy",
        summary="How officers, members, residents and content providers take part on the town hall sites.",
        audiences=["citizens", "officers", "members", "content_providers"],
        owners=[users["friend@demo.example"]],
        sections=SECTIONS,
    )
    v1 = services.publish_version(actor=coordinator, draft=draft, change_note="")
    services.set_status(
        actor=coordinator, draft=draft, status=DraftStatus.OPEN, closes_at=closing_date()
    )
    sections = {s.heading: s for s in v1.sections.all()}
    capacity = sections["Speaking in a capacity"]
    outside = sections["Content from outside the council"]
    moderation_section = sections["Moderation"]

    officer_view = services.add_comment(
        author=users["officer@kirklees.demo.example"],
        section=capacity,
        capacity="resident",
        stance="support",
        body="Speaking personally, this is the answer to the officer-as-citizen question we kept asking.",
    )
    services.add_comment(
        author=users["officer@kirklees.demo.example"],
        section=capacity,
        capacity="officer:kirklees",
        stance="question",
        body="Can an officer switch capacity within one thread?",
    )
    member = services.add_comment(
        author=users["member@kirklees.demo.example"],
        section=capacity,
        capacity="elected_member:kirklees",
        stance="suggest",
        body="Members are also residents; say so.",
        quote="an elected member",
        suggestion="an elected member (who is a resident too)",
    )
    services.add_comment(
        author=users["resident@demo.example"],
        section=outside,
        capacity="resident",
        stance="object",
        body="Unmoderated feeds worry me.",
        quote="without waiting for moderation",
    )
    provider = services.add_comment(
        author=users["provider@kirklees.demo.example"],
        section=outside,
        capacity="content_provider:kirklees",
        stance="suggest",
        body="Make the agreement explicit.",
        quote="who agree to this policy",
        suggestion="who have agreed to the adopted version of this policy",
    )
    services.add_comment(
        author=users["ambassador@kirklees.demo.example"],
        section=moderation_section,
        capacity="ambassador:kirklees",
        stance="support",
        body="As an ambassador I want to always give a reason.",
    )
    services.add_comment(
        author=users["friend@demo.example"],
        section=moderation_section,
        capacity="critical_friend",
        stance="question",
        body="How will appeals against moderation work?",
    )
    rude = services.add_comment(
        author=users["resident@demo.example"],
        section=moderation_section,
        capacity="resident",
        stance="object",
        body="Moderators are all council stooges.",
    )
    services.reply(
        author=users["lead@kirklees.demo.example"],
        parent=officer_view,
        capacity="officer:kirklees",
        body="Agreed, and the label makes it fair.",
    )
    services.respond(
        actor=coordinator,
        comment=officer_view,
        body="You said it answers the question; we kept it.",
    )
    moderation.hide_content(
        moderator=users["ambassador@kirklees.demo.example"],
        target=rude,
        reason="A personal attack on moderators; please comment on the policy.",
    )
    services.decide_suggestion(actor=coordinator, comment=provider, accept=True)
    services.decide_suggestion(
        actor=coordinator,
        comment=member,
        accept=False,
        reason="Every capacity is held by a resident; we say it once, above.",
    )
    services.publish_version(
        actor=coordinator,
        draft=draft,
        change_note="Content providers agree to the adopted version.",
    )
    # The working copy moves on towards version 3.
    working = [
        {"key": s.key, "heading": s.heading, "body": s.body} for s in draft.working_sections.all()
    ]
    working.append(
        {
            "heading": "Appeals",
            "body": "If your contribution is hidden, you can ask a coordinator to look again.",
        }
    )
    draft.refresh_from_db()
    services.save_working_copy(
        actor=coordinator, draft=draft, revision=draft.working_revision, sections=working
    )
