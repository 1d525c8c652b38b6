"""What policy_drafts holds about a person, for their "download my data", and its stores."""

from __future__ import annotations

from programme.models import User
from programme.personal_data import PersonalDataStore, owned_by

from .models import Agreement, Comment, Response


def personal_data(user: User) -> dict[str, object]:
    return {
        "policy_comments": [
            {
                "draft": comment.section.version.draft.title,
                "version": comment.section.version.number,
                "section": comment.section.heading,
                "capacity": comment.capacity_label,
                "stance": comment.stance,
                "body": comment.body,
                "quote": comment.quote,
                "suggestion": comment.suggestion,
                "at": comment.created_at.isoformat(),
            }
            for comment in Comment.objects.filter(author=user).select_related(
                "section__version__draft"
            )
        ],
        "policy_agreements": [
            {
                "draft": a.version.draft.title,
                "version": a.version.number,
                "at": a.agreed_at.isoformat(),
            }
            for a in Agreement.objects.filter(person=user).select_related("version__draft")
        ],
    }


KEPT = "Kept: what they wrote stays in the consultation record, shown as by a former participant."

PERSONAL_DATA_STORES = [
    PersonalDataStore(
        Comment,
        ("author", "body", "quote", "suggestion"),
        KEPT,
        records=owned_by(Comment, "author"),
    ),
    PersonalDataStore(Response, ("author", "body"), KEPT, records=owned_by(Response, "author")),
]


def stores() -> list[PersonalDataStore]:
    """The `personal_data_stores` hook."""
    return PERSONAL_DATA_STORES
