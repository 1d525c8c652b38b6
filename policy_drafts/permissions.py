"""Who may do what with policy drafts."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from programme import permissions as programme_permissions

from .models import Comment, PolicyDraft

AnyUser = programme_permissions.AnyUser


def is_owner(user: AnyUser, draft: PolicyDraft) -> bool:
    if not user.is_authenticated:
        return False
    return user.pk in draft.owner_ids


def can_edit(user: AnyUser, draft: PolicyDraft) -> bool:
    """Only owners and coordinators edit a draft, publish versions and decide on suggestions."""
    return programme_permissions.is_coordinator(user) or is_owner(user, draft)


def can_create_drafts(user: AnyUser) -> bool:
    return programme_permissions.is_coordinator(user)


def can_read(user: AnyUser, draft: PolicyDraft, *, has_versions: bool) -> bool:
    """Anyone may read a published version; before the first, only its editors see the draft."""
    return has_versions or can_edit(user, draft)


def can_comment(user: AnyUser, draft: PolicyDraft, *, is_current: bool) -> bool:
    """Signed-in people comment on the current version while the draft is open for comment."""
    return bool(user.is_authenticated and is_current and draft.is_open_for_comment())


def can_see_report(user: AnyUser, draft: PolicyDraft) -> bool:
    return can_edit(user, draft)


def can_respond(user: AnyUser, comment: Comment) -> bool:
    return can_edit(user, comment.section.version.draft)


def get_draft_for_user(user: AnyUser, slug: str, *, write: bool = False) -> PolicyDraft:
    """A draft by slug: 404 if unknown or not yet published to this person; 403 for read-only writers."""
    draft = get_object_or_404(
        PolicyDraft.objects.select_related("site", "adopted_version"), slug=slug
    )
    editor = can_edit(user, draft)
    if not can_read(user, draft, has_versions=draft.versions.exists()):
        raise Http404
    if write and not editor:
        raise PermissionDenied
    return draft


def get_draft_for_poster(slug: str) -> PolicyDraft:
    """A draft for its poster: only one anyone may read (`can_read` for a visitor: it has a
    published version); 404 for the rest, whoever asks, as a poster is for a noticeboard."""
    draft = get_object_or_404(PolicyDraft.objects.select_related("site"), slug=slug)
    if not can_read(AnonymousUser(), draft, has_versions=draft.versions.exists()):
        raise Http404
    return draft


def can_print_posters(user: AnyUser, draft: PolicyDraft) -> bool:
    """People who spread the word for the draft's site are offered its poster and flyers;
    for a programme-wide draft, anyone with a role in the programme."""
    if draft.site is None:
        return programme_permissions.holds_any_role(user)
    return programme_permissions.can_share_for(user, draft.site)
