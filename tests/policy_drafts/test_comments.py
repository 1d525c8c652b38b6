"""Comments in a capacity, on a section or a passage; replies, suggestions, responses, moderation."""

import pytest
from django.urls import reverse

from policy_drafts import services
from policy_drafts.models import Comment, DraftStatus, SuggestionStatus
from policy_drafts.services import DraftError
from programme import services as programme_services
from programme.models import RoleGrant
from programme.services import NotAllowed, moderation

from ..factories import CommentFactory
from .conftest import comment_url, opened, section, working


def test_an_officer_comments_as_a_resident_and_it_says_personal_view(officer, v1):
    comment = services.add_comment(
        author=officer,
        section=section(v1, "Speaking in a capacity"),
        capacity="resident",
        stance="support",
        body="Speaking personally, yes.",
    )
    assert comment.capacity_label == "Resident (personal view)"


def test_a_capacity_not_held_is_refused(resident, v1):
    with pytest.raises(DraftError) as error:
        services.add_comment(
            author=resident,
            section=section(v1, "Moderation"),
            capacity="officer:kirklees",
            stance="object",
            body="As the council...",
        )
    assert error.value.code == "not_your_capacity"
    assert not Comment.objects.exists()


def test_the_capacity_is_stored_not_derived(coordinator, officer, v1):
    comment = services.add_comment(
        author=officer,
        section=section(v1, "Moderation"),
        capacity="officer:kirklees",
        stance="support",
        body="Fine.",
    )
    programme_services.revoke_role(actor=coordinator, grant=RoleGrant.objects.get(user=officer))
    comment.refresh_from_db()
    assert comment.capacity_label == "Officer of Kirklees Council"


def test_a_quote_is_stored_with_its_offsets_and_context(resident, v1):
    target = section(v1, "Speaking in a capacity")
    comment = services.add_comment(
        author=resident,
        section=target,
        capacity="resident",
        stance="question",
        body="Always?",
        quote="Officers may speak as residents",
    )
    assert target.body[comment.quote_start : comment.quote_end] == "Officers may speak as residents"
    assert comment.quote_prefix.endswith("you speak. ")


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"body": "  "}, "body_required"),
        ({"quote": "words that are not there"}, "quote_not_found"),
        ({"suggestion": "Better words"}, "suggestion_needs_quote"),
        ({"stance": "shrug"}, "bad_stance"),
    ],
)
def test_bad_comments_are_refused_and_nothing_is_saved(resident, v1, fields, code):
    data = {"body": "A comment", "stance": "support", "quote": "", "suggestion": ""} | fields
    with pytest.raises(DraftError) as error:
        services.add_comment(
            author=resident, section=section(v1, "Moderation"), capacity="resident", **data
        )
    assert error.value.code == code
    assert not Comment.objects.exists()


def test_a_closed_draft_refuses_comments(coordinator, resident, v1, draft):
    services.set_status(actor=coordinator, draft=draft, status=DraftStatus.REVIEWING)
    with pytest.raises(DraftError) as error:
        services.add_comment(
            author=resident,
            section=section(v1, "Moderation"),
            capacity="resident",
            stance="support",
            body="Late",
        )
    assert error.value.code == "closed"


def publish_v2(coordinator, draft, change):
    sections = working(draft)
    change(sections)
    draft.refresh_from_db()
    services.save_working_copy(
        actor=coordinator, draft=draft, revision=draft.working_revision, sections=sections
    )
    return services.publish_version(actor=coordinator, draft=draft, change_note="Second version")


def test_a_comment_made_on_v1_stays_on_v1(coordinator, resident, v1, draft):
    comment = CommentFactory.create(
        author=resident, section=section(v1, "Moderation"), body="On version one"
    )
    v2 = publish_v2(
        coordinator, draft, lambda s: s[2].update(body="Ambassadors moderate, with reasons.")
    )

    comment.refresh_from_db()
    assert comment.section.version == v1
    assert not Comment.objects.filter(section__version=v2).exists()
    with pytest.raises(DraftError) as error:
        services.add_comment(
            author=resident,
            section=section(v1, "Moderation"),
            capacity="resident",
            stance="support",
            body="Too late for v1",
        )
    assert error.value.code == "version_closed"


def test_the_new_version_shows_earlier_comments_reanchored_or_gone(
    client, coordinator, resident, v1, draft
):
    kept = CommentFactory.create(
        author=resident,
        section=section(v1, "Speaking in a capacity"),
        stance="question",
        body="Moved?",
        quote="Officers may speak as residents",
    )
    lost = CommentFactory.create(
        author=resident,
        section=section(v1, "Moderation"),
        stance="object",
        body="Reasons?",
        quote="always give a reason",
    )

    def change(sections):
        sections[1]["body"] = (
            "Officers may speak as residents. When you comment, say who you are."  # quote moved
        )
        sections[2]["body"] = "Ambassadors moderate the sites."  # quote gone

    v2 = publish_v2(coordinator, draft, change)
    from policy_drafts.queries import earlier_comments, sections_with_comments

    earlier = earlier_comments(v2, sections_with_comments(v2))
    found = {item.comment.pk: item.anchor for items in earlier.by_key.values() for item in items}
    kept_anchor = found[kept.pk]
    assert kept_anchor is not None
    assert kept_anchor.start == 0
    assert found[lost.pk] is None

    page = client.get(v2.get_absolute_url()).content.decode()
    assert "2 comments on earlier versions" not in page  # counted section by section
    assert "1 comment on earlier versions" in page
    assert "this passage is no longer in the text" in page


def test_accepting_a_suggestion_applies_it_to_the_working_copy(
    coordinator, content_provider, v1, draft
):
    comment = CommentFactory.create(
        author=content_provider,
        section=section(v1, "Moderation"),
        capacity="content_provider:kirklees",
        stance="suggest",
        body="Be precise",
        quote="always give a reason",
        suggestion="always tell the author why",
    )

    services.decide_suggestion(actor=coordinator, comment=comment, accept=True)

    comment.refresh_from_db()
    assert comment.suggestion_status == SuggestionStatus.ACCEPTED
    assert "always tell the author why" in draft.working_sections.get(heading="Moderation").body


def test_accepting_a_suggestion_replaces_the_anchored_passage_not_the_first_match(
    coordinator, resident, draft
):
    body = "Residents may comment. Staff read each one. Residents may comment twice."
    draft_services_set_body(coordinator, draft, "Moderation", body)
    version = opened(draft)
    comment = CommentFactory.create(
        author=resident,
        section=section(version, "Moderation"),
        stance="suggest",
        body="The second one",
        quote="Residents may comment",
        near=body.rindex("Residents may comment"),
        suggestion="People can comment",
    )
    services.decide_suggestion(actor=coordinator, comment=comment, accept=True)
    assert draft.working_sections.get(heading="Moderation").body == (
        "Residents may comment. Staff read each one. People can comment twice."
    )


def test_a_suggestion_whose_passage_changed_is_refused_for_applying_by_hand(
    coordinator, resident, v1, draft
):
    comment = CommentFactory.create(
        author=resident,
        section=section(v1, "Moderation"),
        stance="suggest",
        body="x",
        quote="always give a reason",
        suggestion="always explain",
    )
    draft_services_set_body(
        coordinator, draft, "Moderation", "Moderators always give a reason in writing."
    )
    with pytest.raises(services.DraftError) as error:
        services.decide_suggestion(actor=coordinator, comment=comment, accept=True)
    assert error.value.code == "passage_gone"
    assert (
        draft.working_sections.get(heading="Moderation").body
        == "Moderators always give a reason in writing."
    )


def draft_services_set_body(actor, draft, heading, body):
    sections = working(draft)
    for item in sections:
        if item["heading"] == heading:
            item["body"] = body
    services.save_working_copy(
        actor=actor, draft=draft, sections=sections, revision=draft.working_revision
    )
    draft.refresh_from_db()


def test_declining_needs_a_reason(coordinator, resident, v1):
    comment = CommentFactory.create(
        author=resident,
        section=section(v1, "Moderation"),
        stance="suggest",
        body="x",
        quote="always give a reason",
        suggestion="never",
    )
    with pytest.raises(DraftError) as error:
        services.decide_suggestion(actor=coordinator, comment=comment, accept=False)
    assert error.value.code == "reason_required"
    services.decide_suggestion(
        actor=coordinator, comment=comment, accept=False, reason="Reasons matter."
    )
    comment.refresh_from_db()
    assert comment.suggestion_status == SuggestionStatus.DECLINED


def test_replies_and_owner_responses(coordinator, resident, officer, v1):
    comment = CommentFactory.create(
        author=resident, section=section(v1, "Moderation"), stance="question", body="Who moderates?"
    )
    answer = services.reply(
        author=officer, parent=comment, body="Ambassadors.", capacity="officer:kirklees"
    )
    services.respond(actor=coordinator, comment=comment, body="We added a section on it.")
    with pytest.raises(NotAllowed):
        services.respond(actor=officer, comment=comment, body="Not an owner")
    assert answer.parent == comment
    assert [r.body for r in comment.responses.all()] == ["We added a section on it."]


def test_a_hidden_comment_is_kept_and_shown_as_hidden(client, ambassador, resident, v1):
    comment = CommentFactory.create(
        author=resident, section=section(v1, "Moderation"), stance="object", body="Rude words"
    )
    moderation.hide_content(moderator=ambassador, target=comment, reason="Personal attack")

    page = client.get(v1.get_absolute_url()).content.decode()

    comment.refresh_from_db()
    assert comment.body == "Rude words"
    assert "Hidden by a moderator" in page
    assert "Personal attack" in page
    assert "Rude words" not in page


def test_commenting_through_the_page_without_javascript(client_as, officer, v1):
    target = section(v1, "Speaking in a capacity")
    response = client_as(officer).post(
        comment_url(target),
        {
            f"{target.key}-stance": "suggest",
            f"{target.key}-body": "Clearer, please.",
            f"{target.key}-quote": "Officers may speak as residents",
            f"{target.key}-suggestion": "Officers may speak as residents too",
            f"{target.key}-capacity": "resident",
        },
    )
    comment = Comment.objects.get()
    assert response.url == comment.get_absolute_url()
    assert comment.suggestion_status == SuggestionStatus.PENDING


def test_a_wrong_quote_through_the_page_is_refused_beside_the_field(client_as, resident, v1):
    target = section(v1, "Moderation")
    response = client_as(resident).post(
        comment_url(target),
        {
            f"{target.key}-stance": "object",
            f"{target.key}-body": "Keep my words",
            f"{target.key}-quote": "not in the text",
            f"{target.key}-capacity": "resident",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert f'href="#id_{target.key}-quote"' in page
    assert "Keep my words" in page
    assert not Comment.objects.exists()


def test_an_unknown_version_or_section_is_a_404(client_as, resident, v1, draft):
    client = client_as(resident)
    assert client.get(reverse("policy_drafts:version", args=[draft.slug, 9])).status_code == 404
    missing = reverse("policy_drafts:comment_on_section", args=[draft.slug, 1, "nope"])
    assert client.post(missing, {"nope-body": "Hello"}).status_code == 404
    assert client.get(missing).status_code == 404
