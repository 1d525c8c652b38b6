import pytest

from policy_drafts import services
from policy_drafts.models import DraftStatus

SECTIONS = [
    ("Why we have this policy", "The town hall brings the conversation into reach of the council."),
    (
        "Speaking in a capacity",
        "When you comment, you say in what capacity you speak. Officers may speak as residents.",
    ),
    ("Moderation", "Ambassadors moderate the sites and always give a reason."),
]


@pytest.fixture
def draft(coordinator):
    return services.create_draft(actor=coordinator, title="Social web policy", sections=SECTIONS)


@pytest.fixture
def v1(coordinator, draft):
    version = services.publish_version(actor=coordinator, draft=draft, change_note="")
    services.set_status(actor=coordinator, draft=draft, status=DraftStatus.OPEN)
    return version


def section(version, heading):
    return version.sections.get(heading=heading)


def working(draft):
    return [
        {"key": s.key, "heading": s.heading, "body": s.body} for s in draft.working_sections.all()
    ]


def comment_url(section):
    """Where a section's comment form is, and where it posts."""
    from django.urls import reverse

    version = section.version
    return reverse(
        "policy_drafts:comment_on_section",
        args=[version.draft.slug, version.number, section.key],
    )
