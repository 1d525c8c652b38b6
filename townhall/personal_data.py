"""What the town hall sites hold about a person, and what closing their account ends here."""

from __future__ import annotations

from django.utils import timezone

from programme.models import User

from .models import Complaint, Post, SiteEditor


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
    SiteEditor.objects.open().filter(user=user).update(revoked_at=timezone.now())
