"""Collaborative policy drafts: the working copy, immutable versions, comments and agreements."""

from .comments import Comment, CommentQuerySet, Response, Stance, SuggestionStatus
from .drafts import (
    Agreement,
    DraftStatus,
    PolicyDraft,
    PolicyDraftQuerySet,
    Section,
    Version,
    VersionImmutableError,
    WorkingSection,
)

__all__ = [
    "Agreement",
    "Comment",
    "CommentQuerySet",
    "DraftStatus",
    "PolicyDraft",
    "PolicyDraftQuerySet",
    "Response",
    "Section",
    "Stance",
    "SuggestionStatus",
    "Version",
    "VersionImmutableError",
    "WorkingSection",
]
