import pytest

from policy_drafts.models import DraftStatus, PolicyDraft
from tests.factories import DRAFT_SECTIONS, PolicyDraftFactory, first_version

# The three sections of the drafts these tests read, by heading: the factory's own.
SECTIONS = DRAFT_SECTIONS


@pytest.fixture
def draft(coordinator):
    """The coordinator's draft: a working copy of the three SECTIONS, nothing published yet."""
    return PolicyDraftFactory.create(
        title="Social web policy",
        status=DraftStatus.DRAFTING,
        owners=[coordinator],
        sections=SECTIONS,
        sections__published=False,
    )


def opened(draft):
    """Version 1 of `draft`'s working copy, published by its owner, and the draft open for
    comment: the rows `services.publish_version` and `services.set_status` store."""
    version = first_version(draft)
    PolicyDraft.objects.filter(pk=draft.pk).update(status=DraftStatus.OPEN)
    return version


@pytest.fixture
def v1(draft):
    """The draft's version 1, published by the coordinator, and the draft open for comment."""
    return opened(draft)


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
