"""Comments on a section (or a passage), replies, suggestions and owners' responses."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from programme import following, hooks
from programme.capacities import Capacity, capacity_for_key
from programme.models import FollowReason, User
from programme.notifications import email_after_commit
from programme.platform import limits
from programme.services import NotAllowed, log_activity

from .. import permissions
from ..anchoring import anchor_quote, locate_exactly
from ..models import (
    Comment,
    PolicyDraft,
    Response,
    Section,
    Stance,
    SuggestionStatus,
    Version,
    WorkingSection,
)
from .errors import DraftError

# Comments and replies together, per person: room for a real exchange, not a flood.
COMMENTS = limits.Limit("policy-comments", 10, dt.timedelta(minutes=10), "commented")


def _capacity(author: User, capacity: Capacity | str) -> Capacity:
    if isinstance(capacity, Capacity):
        return capacity
    found = capacity_for_key(author, capacity)
    if found is None:
        raise DraftError("Choose a capacity you hold now.", "not_your_capacity", field="capacity")
    return found


def _check_open(version: Version) -> None:
    draft = PolicyDraft.objects.select_for_update().get(pk=version.draft_id)
    if not draft.is_open_for_comment():
        raise DraftError("This draft is not open for comment.", "closed")
    latest = draft.versions.order_by("-number").values_list("pk", flat=True).first()
    if latest != version.pk:
        raise DraftError("Comments are taken on the current version only.", "version_closed")


@transaction.atomic
def add_comment(
    *,
    author: User,
    section: Section,
    capacity: Capacity | str,
    stance: Stance | str,
    body: str,
    quote: str = "",
    suggestion: str = "",
    near: int | None = None,
) -> Comment:
    """Comment on a section, or a passage within it, speaking in a capacity held now."""
    if not author.is_authenticated:
        raise DraftError("Sign in to comment.", "sign_in")
    _check_open(section.version)
    chosen = _capacity(author, capacity)
    if not body.strip():
        raise DraftError("Write your comment first.", "body_required", field="body")
    if stance not in Stance.values:
        raise DraftError(
            "Choose whether you support, object, suggest a change or ask a question.",
            "bad_stance",
            field="stance",
        )
    quote = quote.strip()
    anchor = anchor_quote(section.body, quote, near) if quote else None
    if quote and anchor is None:
        raise DraftError(
            "That passage is not in this section. Copy it exactly, or leave it empty.",
            "quote_not_found",
            field="quote",
        )
    if suggestion.strip() and not quote:
        raise DraftError(
            "Quote the passage your suggestion would replace.",
            "suggestion_needs_quote",
            field="quote",
        )
    if anchor:
        quote = section.body[anchor.start : anchor.end]  # the source, Markdown and all
    comment = Comment(
        section=section,
        author=author,
        stance=stance,
        body=body.strip(),
        quote=quote,
        suggestion=suggestion.strip(),
        suggestion_status=SuggestionStatus.PENDING if suggestion.strip() else SuggestionStatus.NONE,
    )
    if anchor:
        comment.quote_start, comment.quote_end = anchor.start, anchor.end
        comment.quote_prefix, comment.quote_suffix = anchor.prefix, anchor.suffix
    comment.set_capacity(chosen)
    limits.count_or_refuse(COMMENTS, author.pk, error=DraftError)
    comment.save()
    hooks.public_content_changed(section.version.draft.site)  # "7 people have commented"
    # They hear what comes of it (new versions, the outcome), one click to stop.
    following.follow(person=author, target=section.version.draft, why=FollowReason.COMMENTED)
    log_activity(
        actor=author,
        action="policy.comment.added",
        summary=f"{author} commented on {section.version}",
        target=comment,
        site=section.version.draft.site,
    )
    return comment


def _tell_author(
    comment: Comment, *, by: User, subject: str, template: str, context: dict[str, object]
) -> None:
    """A direct answer to what someone wrote: to them alone, unless they wrote the answer,
    their address is not confirmed, or their comment is not shown (hidden, withdrawn)."""
    author = comment.author
    if author.pk == by.pk or not author.is_confirmed or not comment.is_visible:
        return
    email_after_commit(
        to=author.email,
        subject=subject,
        template=template,
        context={"comment": comment, "person": author, **context},
    )


@transaction.atomic
def reply(*, author: User, parent: Comment, body: str, capacity: Capacity | str) -> Comment:
    if not author.is_authenticated:
        raise DraftError("Sign in to reply.", "sign_in")
    _check_open(parent.section.version)
    chosen = _capacity(author, capacity)
    if not body.strip():
        raise DraftError("Write your reply first.", "body_required", field="body")
    answer = Comment(
        section=parent.section, author=author, parent=parent.parent or parent, body=body.strip()
    )
    answer.set_capacity(chosen)
    limits.count_or_refuse(COMMENTS, author.pk, error=DraftError)
    answer.save()
    draft = parent.section.version.draft
    following.follow(person=author, target=draft, why=FollowReason.COMMENTED)
    _tell_author(
        parent,
        by=author,
        subject=f"{author.public_name} replied to your comment on {draft.title}",
        template="policy_drafts/email/replied.txt",
        context={"answer": answer, "draft": draft, "url": answer.get_absolute_url()},
    )
    log_activity(
        actor=author,
        action="policy.comment.replied",
        summary=f"{author} replied to a comment",
        target=answer,
        site=parent.section.version.draft.site,
    )
    return answer


@transaction.atomic
def decide_suggestion(*, actor: User, comment: Comment, accept: bool, reason: str = "") -> Comment:
    """Accept (and apply to the working copy) or decline, with a reason, a suggested replacement."""
    comment = (
        Comment.objects.select_for_update()
        .select_related("section__version__draft", "author")
        .get(pk=comment.pk)
    )
    draft = comment.section.version.draft
    if not permissions.can_edit(actor, draft):
        raise NotAllowed("Only the draft's owners decide on suggestions.")
    if comment.suggestion_status != SuggestionStatus.PENDING:
        raise DraftError("This suggestion has already been decided.", "already_decided")
    if not accept and not reason.strip():
        raise DraftError(
            "Give a reason for declining: the author is told.", "reason_required", field="reason"
        )
    if accept:
        working = (
            WorkingSection.objects.select_for_update()
            .filter(draft=draft, key=comment.section.key)
            .first()
        )
        # Apply it where the comment is anchored, never at another place the same words
        # happen to appear; if the text there has changed, the owner decides by hand.
        start = (
            locate_exactly(
                working.body,
                comment.quote,
                comment.quote_prefix,
                comment.quote_suffix,
                near=comment.quote_start,
            )
            if working is not None
            else None
        )
        if working is None or start is None:
            raise DraftError(
                "The quoted passage has changed in the working copy since the comment was made; "
                "apply the suggestion by hand, then decline it with a note.",
                "passage_gone",
            )
        end = start + len(comment.quote)
        working.body = working.body[:start] + comment.suggestion + working.body[end:]
        working.save(update_fields=["body"])
        PolicyDraft.objects.filter(pk=draft.pk).update(working_revision=draft.working_revision + 1)
    comment.suggestion_status = SuggestionStatus.ACCEPTED if accept else SuggestionStatus.DECLINED
    comment.suggestion_reason = reason.strip()
    comment.suggestion_decided_by, comment.suggestion_decided_at = actor, timezone.now()
    comment.save(
        update_fields=[
            "suggestion_status",
            "suggestion_reason",
            "suggestion_decided_by",
            "suggestion_decided_at",
        ]
    )
    email_after_commit(
        to=comment.author.email,
        subject=f"Your suggestion on {draft.title}",
        template="policy_drafts/email/suggestion_decided.txt",
        context={"comment": comment, "draft": draft},
    )
    log_activity(
        actor=actor,
        action=f"policy.suggestion.{comment.suggestion_status}",
        summary=f"Suggestion {comment.suggestion_status} on {comment.section.version}",
        target=comment,
        site=draft.site,
    )
    return comment


@transaction.atomic
def respond(*, actor: User, comment: Comment, body: str) -> Response:
    """An owner answers a comment ("you said, we did"); it shows under the comment and in the report."""
    if not permissions.can_respond(actor, comment):
        raise NotAllowed("Only the draft's owners respond to comments.")
    if not body.strip():
        raise DraftError("Write your response first.", "body_required", field="body")
    response = Response.objects.create(comment=comment, author=actor, body=body.strip())
    draft = comment.section.version.draft
    _tell_author(
        comment,
        by=actor,
        subject=f"The owners of {draft.title} answered your comment",
        template="policy_drafts/email/responded.txt",
        context={"response": response, "draft": draft, "url": comment.get_absolute_url()},
    )
    log_activity(
        actor=actor,
        action="policy.comment.responded",
        summary="An owner responded to a comment",
        target=comment,
        site=comment.section.version.draft.site,
    )
    return response
