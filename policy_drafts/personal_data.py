"""What policy_drafts holds about a person, for their "download my data"."""

from __future__ import annotations

from programme.models import User

from .models import Agreement, Comment


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
