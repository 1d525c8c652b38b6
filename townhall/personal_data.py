"""What the town hall sites hold about a person, and what closing their account ends and
clears here."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from programme.models import User
from programme.personal_data import Forgetting, PersonalDataStore, owned_by

from .models import Complaint, Discussion, Post, SiteEditor


def personal_data(user: User) -> dict[str, object]:
    return {
        "discussion_posts": [
            {
                "discussion": post.discussion.title,
                "capacity": post.capacity_label,
                "body": post.body,
                "at": post.created_at.isoformat(),
            }
            for post in Post.objects.filter(author=user).select_related("discussion")
        ],
        "complaints": [
            {"text": c.text, "at": c.created_at.isoformat()}
            for c in Complaint.objects.filter(complainant=user)
        ],
        "site_editing": [
            {
                "site": e.site.name,
                "since": e.granted_at.isoformat(),
                "ended": e.revoked_at.isoformat() if e.revoked_at else None,
            }
            for e in SiteEditor.objects.filter(user=user).select_related("site")
        ],
    }


def account_closing(user: User) -> None:
    """Their editing rights end, and so do invitations still waiting at their address."""
    SiteEditor.objects.open().filter(
        Q(user=user) | Q(user__isnull=True, email__iexact=user.email)
    ).update(revoked_at=timezone.now())


def _editing(forgetting: Forgetting) -> QuerySet[SiteEditor]:
    return SiteEditor.objects.filter(Q(user=forgetting.user) | forgetting.addressed("email"))


def _forget_editing(forgetting: Forgetting) -> None:
    # Ended first (account_closing), so no open invitation is left without an address.
    SiteEditor.objects.filter(pk__in=forgetting.of(SiteEditor)).update(email="")


KEPT = "Kept: what they wrote stays, shown as by a former participant."

PERSONAL_DATA_STORES = [
    PersonalDataStore(
        SiteEditor,
        ("email", "user"),
        "Their editing rights and any invitation to their address end; the invited "
        "address leaves every such row (who granted it, and when, stay).",
        records=_editing,
        email_fields=("email",),
        close=_forget_editing,
    ),
    PersonalDataStore(
        Discussion, ("started_by", "title"), KEPT, records=owned_by(Discussion, "started_by")
    ),
    PersonalDataStore(Post, ("author", "body"), KEPT, records=owned_by(Post, "author")),
    PersonalDataStore(
        Complaint, ("complainant", "text"), KEPT, records=owned_by(Complaint, "complainant")
    ),
]


def stores() -> list[PersonalDataStore]:
    """The `personal_data_stores` hook."""
    return PERSONAL_DATA_STORES
