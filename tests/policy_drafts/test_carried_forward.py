"""Comments carried forward (#26): the current version's sections say, openly, what people
said about them on earlier versions and whether the owners answered, and link to each."""

from __future__ import annotations

import datetime as dt
import re

from django.urls import reverse
from django.utils import timezone

from policy_drafts import services
from policy_drafts.models import Comment, Response

from ..factories import CommentFactory, UserFactory
from .conftest import section
from .test_comments import publish_v2


def _say(target, body, *, minutes, author=None):
    return Comment.objects.create(
        section=target,
        author=author or UserFactory.create(display_name="Ann Example"),
        stance="support",
        body=body,
        capacity_kind="resident",
        capacity_label="Resident",
        created_at=timezone.now() - dt.timedelta(minutes=minutes),
    )


def _part(page: str, key: str) -> str:
    """The HTML of one section of a version's page."""
    start = page.index(f'id="s-{key}"')
    end = page.find("<section", start)
    return page[start : end if end != -1 else len(page)]


def _versions(coordinator, draft, v1):
    v2 = publish_v2(coordinator, draft, lambda s: s[2].update(body="Ambassadors moderate."))
    v3 = publish_v2(coordinator, draft, lambda s: s[2].update(body="Ambassadors moderate, kindly."))
    return v2, v3


def test_the_current_version_shows_earlier_comments_and_answers_openly(
    client, coordinator, v1, draft
):
    on_v1 = section(v1, "Moderation")
    first = _say(on_v1, "Moderators should give reasons in public.", minutes=50)
    second = _say(on_v1, "Who moderates the moderators?", minutes=40)
    services.respond(actor=coordinator, comment=first, body="We agree; done in version 2.")
    v2 = publish_v2(coordinator, draft, lambda s: s[2].update(body="Ambassadors moderate."))
    on_v2 = section(v2, "Moderation")
    third = _say(on_v2, "Better, but say how to appeal a decision.", minutes=30)
    fourth = _say(on_v2, "Thanks for listening to residents here.", minutes=20)
    services.respond(actor=coordinator, comment=fourth, body="Thank you.")
    v3 = publish_v2(coordinator, draft, lambda s: s[2].update(body="Ambassadors moderate, kindly."))

    page = client.get(v3.get_absolute_url()).content.decode()
    here = _part(page, on_v1.key)

    assert "4 comments and 2 answers on earlier versions" in here
    assert "No comments on this version yet — 4 on earlier versions" in here
    assert "Comments (0)" not in here
    assert "No comments on this section yet" not in here
    # Shown openly, not folded away under a summary.
    assert "<details" not in here
    # The latest few, newest first, each with its author, capacity, an excerpt, whether the
    # owners answered, and a link to it where it is.
    for comment in (fourth, third, second):
        assert comment.body in here
        assert f'href="{comment.get_absolute_url()}"' in here
    assert "Ann Example" in here
    assert "Resident" in here
    assert here.index(fourth.body) < here.index(third.body) < here.index(second.body)
    answered = re.findall(r"The owners answered", here)
    assert len(answered) == 1  # the fourth; the first, answered too, is not among the latest
    assert here.count("Not answered yet") == 2
    # A link to all of them, version by version.
    for version, n in ((1, 2), (2, 2)):
        link = reverse("policy_drafts:section_comments", args=[draft.slug, version, on_v1.key])
        assert f'href="{link}"' in here
        assert f"version {version} ({n})" in here

    # A section nobody spoke about says so plainly.
    quiet = _part(page, section(v1, "Why we have this policy").key)
    assert "No comments on this section yet" in quiet
    assert "earlier versions" not in quiet


def test_a_section_with_comments_on_both_counts_both(client, coordinator, resident, v1, draft):
    _say(section(v1, "Moderation"), "An early view.", minutes=30)
    v2 = publish_v2(coordinator, draft, lambda s: s[2].update(body="Ambassadors moderate."))
    services.set_status(actor=coordinator, draft=draft, status="open")
    CommentFactory.create(
        author=resident,
        section=section(v2, "Moderation"),
        capacity="resident",
        stance="support",
        body="A view on this version.",
    )
    here = _part(client.get(v2.get_absolute_url()).content.decode(), section(v2, "Moderation").key)
    assert "1 comment on earlier versions" in here
    assert "Comments on this version (1) — 1 on earlier versions" in here
    assert "A view on this version." in here
    assert "An early view." in here


def test_withdrawn_and_hidden_comments_are_counted_but_never_quoted(client, coordinator, v1, draft):
    on_v1 = section(v1, "Moderation")
    withdrawn = _say(on_v1, "I take this back entirely.", minutes=30)
    hidden = _say(on_v1, "Something rude and personal.", minutes=20)
    Comment.objects.filter(pk=withdrawn.pk).update(withdrawn_at=timezone.now())
    Comment.objects.filter(pk=hidden.pk).update(
        hidden_at=timezone.now(), hidden_by=coordinator, hidden_reason="Personal attack"
    )
    v2 = publish_v2(coordinator, draft, lambda s: s[2].update(body="Ambassadors moderate."))

    here = _part(client.get(v2.get_absolute_url()).content.decode(), on_v1.key)
    assert "2 comments on earlier versions" in here
    assert "I take this back" not in here
    assert "rude" not in here
    assert "Withdrawn by its author" in here
    assert "Hidden by a moderator" in here
    assert f'href="{withdrawn.get_absolute_url()}"' in here


def test_the_current_version_runs_the_same_queries_however_many_earlier_comments(
    client, coordinator, v1, draft, assert_bounded_queries
):
    v2, v3 = _versions(coordinator, draft, v1)

    def add(many, versions=(v1, v2)):
        for version in versions:
            for heading in ("Moderation", "Speaking in a capacity", "Why we have this policy"):
                for n in range(many):
                    said = _say(section(version, heading), f"Said {n}", minutes=n + 1)
                    if n % 2:
                        Response.objects.create(comment=said, author=coordinator, body="Noted.")

    add(1)
    assert_bounded_queries(v3.get_absolute_url(), lambda: add(12))
