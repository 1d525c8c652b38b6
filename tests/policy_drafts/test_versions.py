"""Drafts, the working copy and immutable versions."""

import pytest

from policy_drafts import services
from policy_drafts.models import DraftStatus, Section, Version, VersionImmutableError
from policy_drafts.services import DraftError
from programme.services import NotAllowed

from .conftest import section, working


def test_publishing_freezes_the_working_copy_as_numbered_versions(coordinator, draft):
    v1 = services.publish_version(actor=coordinator, draft=draft, change_note="")
    sections = working(draft)
    sections[0]["body"] = "A new first paragraph."
    draft.refresh_from_db()
    services.save_working_copy(
        actor=coordinator, draft=draft, revision=draft.working_revision, sections=sections
    )
    v2 = services.publish_version(
        actor=coordinator, draft=draft, change_note="Rewrote the opening."
    )

    assert (v1.number, v2.number) == (1, 2)
    assert section(v1, "Why we have this policy").body.startswith("The town hall")
    assert section(v2, "Why we have this policy").body == "A new first paragraph."
    assert [s.key for s in v1.sections.all()] == [
        s.key for s in v2.sections.all()
    ]  # keys follow sections


def test_a_published_version_cannot_be_changed_or_deleted(coordinator, v1):
    v1.change_note = "rewritten history"
    with pytest.raises(VersionImmutableError):
        v1.save()
    first = v1.sections.first()
    first.body = "changed"
    with pytest.raises(VersionImmutableError):
        first.save()
    with pytest.raises(VersionImmutableError):
        v1.delete()
    assert Section.objects.get(pk=first.pk).body != "changed"


def test_the_back_office_cannot_change_versions(client_as, coordinator, v1):
    client = client_as(coordinator)
    page = client.get(f"/admin/policy_drafts/version/{v1.pk}/change/")
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    client.post(f"/admin/policy_drafts/version/{v1.pk}/change/", {"change_note": "edited"})
    client.post(f"/admin/policy_drafts/version/{v1.pk}/delete/", {"post": "yes"})
    v1.refresh_from_db()
    assert v1.change_note == ""
    assert Version.objects.filter(pk=v1.pk).exists()


def test_publishing_an_unchanged_working_copy_is_refused(coordinator, v1, draft):
    with pytest.raises(DraftError) as error:
        services.publish_version(actor=coordinator, draft=draft, change_note="Nothing")
    assert error.value.code == "unchanged"


def test_saving_from_a_stale_revision_is_refused(coordinator, critical_friend, draft):
    draft.owners.add(critical_friend)
    stale = draft.working_revision
    services.save_working_copy(
        actor=coordinator, draft=draft, revision=stale, sections=working(draft)
    )

    with pytest.raises(DraftError) as error:
        services.save_working_copy(
            actor=critical_friend, draft=draft, revision=stale, sections=working(draft)
        )

    assert error.value.code == "stale"


def test_only_owners_and_coordinators_edit(site_lead, draft):
    with pytest.raises(NotAllowed):
        services.save_working_copy(
            actor=site_lead, draft=draft, revision=draft.working_revision, sections=working(draft)
        )


def test_a_draft_opens_for_comment_only_after_a_first_version(coordinator, draft):
    with pytest.raises(DraftError) as error:
        services.set_status(actor=coordinator, draft=draft, status=DraftStatus.OPEN)
    assert error.value.code == "no_version"


def test_the_stale_editor_keeps_their_text_on_the_page(client_as, coordinator, draft):
    client = client_as(coordinator)
    stale = draft.working_revision
    services.save_working_copy(
        actor=coordinator, draft=draft, revision=stale, sections=working(draft)
    )
    data = {
        "revision": stale,
        "sections-TOTAL_FORMS": "1",
        "sections-INITIAL_FORMS": "0",
        "sections-0-heading": "My heading",
        "sections-0-body": "Words I must not lose",
    }

    response = client.post(f"/policies/{draft.slug}/edit/", data)

    page = response.content.decode()
    assert response.status_code == 409
    assert "Words I must not lose" in page
    assert "Someone saved this draft since you opened it" in page
    assert draft.working_sections.filter(heading="My heading").count() == 0
