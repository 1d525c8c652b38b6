"""The version's page holds no forms until one is asked for: each section's comment form and
each comment's reply form is a page of its own, or fetched in place under it by script."""

import pytest
from django.urls import reverse

from policy_drafts import services
from policy_drafts.models import Comment, DraftStatus

from ..factories import CommentFactory
from .conftest import comment_url, section, working


@pytest.fixture
def question(coordinator, v1):
    return CommentFactory.create(
        author=coordinator,
        section=section(v1, "Moderation"),
        capacity="coordinator",
        stance="question",
        body="Who moderates?",
    )


def test_the_version_page_links_to_each_form_and_renders_none(client_as, resident, v1, question):
    page = client_as(resident).get(v1.get_absolute_url()).content.decode()
    for part in v1.sections.all():
        assert f'href="{comment_url(part)}" data-form-here="comment-form-{part.key}"' in page
    assert f'href="{reverse("policy_drafts:reply", args=[question.pk])}"' in page
    assert "<textarea" not in page
    assert 'name="capacity"' not in page


def test_a_sections_comment_form_is_a_page_of_its_own_or_fetched_in_place(client_as, resident, v1):
    client = client_as(resident)
    target = section(v1, "Speaking in a capacity")
    page = client.get(comment_url(target)).content.decode()
    assert "<h1>Comment on “Speaking in a capacity”</h1>" in page
    assert "Officers may speak as residents." in page  # the text, to select words in
    assert f'name="{target.key}-body"' in page
    assert "A sentence you mean" in page

    fetched = client.get(comment_url(target), HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fetched
    assert f'id="comment-form-{target.key}"' in fetched
    assert f'action="{comment_url(target)}"' in fetched
    assert "Your comment on “Speaking in a capacity”" in fetched


def test_a_reply_form_is_a_page_of_its_own_or_fetched_in_place(client_as, resident, question):
    client = client_as(resident)
    url = reverse("policy_drafts:reply", args=[question.pk])
    assert "<h1>Reply to Clara Ward</h1>" in client.get(url).content.decode()
    fetched = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fetched
    assert f'id="reply-form-{question.pk}"' in fetched
    # Ids of its own: a page may hold several reply forms at once.
    assert f'id="reply-{question.pk}-body"' in fetched


def test_no_form_is_offered_once_the_draft_stops_taking_comments(
    client_as, coordinator, resident, v1, draft, question
):
    services.set_status(actor=coordinator, draft=draft, status=DraftStatus.REVIEWING)
    client = client_as(resident)
    target = section(v1, "Moderation")
    assert "data-form-here" not in client.get(v1.get_absolute_url()).content.decode()
    for url in (comment_url(target), reverse("policy_drafts:reply", args=[question.pk])):
        response = client.get(url)
        assert response.status_code == 302
        response = client.post(url, {f"{target.key}-body": "Late", "body": "Late"}, follow=True)
        assert "This draft is not taking comments." in response.content.decode()
    assert Comment.objects.count() == 1


def test_an_earlier_version_takes_no_comments(client_as, coordinator, resident, v1, draft):
    sections = working(draft)
    sections[0]["body"] = "A new first paragraph."
    draft.refresh_from_db()
    services.save_working_copy(
        actor=coordinator, draft=draft, revision=draft.working_revision, sections=sections
    )
    services.publish_version(actor=coordinator, draft=draft, change_note="Second")
    response = client_as(resident).post(
        comment_url(section(v1, "Moderation")),
        {f"{section(v1, 'Moderation').key}-body": "On the old one", "capacity": "resident"},
    )
    assert response.status_code == 302
    assert response["Location"] == v1.get_absolute_url()  # back to the version it came from
    assert not Comment.objects.exists()


def test_visitors_are_asked_to_sign_in_and_what_they_typed_is_kept(client, v1):
    target = section(v1, "Moderation")
    response = client.get(comment_url(target))
    assert response.status_code == 302
    assert "?next=" in response.url
    # A session that ended while they wrote: the sign-in page carries their words.
    response = client.post(comment_url(target), {f"{target.key}-body": "Keep these words"})
    assert response.status_code == 200
    assert "Keep these words" in response.content.decode()
    assert not Comment.objects.exists()


def test_comments_are_no_longer_posted_to_the_reading_page(client_as, resident, v1):
    target = section(v1, "Moderation")
    response = client_as(resident).post(
        v1.get_absolute_url(), {"section": target.key, f"{target.key}-body": "Hello"}
    )
    assert response.status_code == 405
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    ("number", "key"),
    [("99999999999999999999999999", "x"), ("1", "nope"), ("1", "%3Cscript%3E"), ("0", "x")],
)
def test_an_unknown_version_or_section_is_not_found(client_as, resident, v1, draft, number, key):
    url = f"/policies/{draft.slug}/v{number}/sections/{key}/comment/"
    assert client_as(resident).get(url).status_code == 404


def test_an_owner_responds_from_a_page_of_its_own_or_in_place(
    client_as, coordinator, resident, question
):
    url = reverse("policy_drafts:respond", args=[question.pk])
    client = client_as(coordinator)
    shown = client.get(question.get_absolute_url(), follow=True).content.decode()
    assert f'href="{url}" data-form-here="respond-form-{question.pk}"' in shown
    assert "<h1>Respond to Clara Ward</h1>" in client.get(url).content.decode()
    fetched = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fetched
    assert f'id="respond-{question.pk}-body"' in fetched

    response = client.post(url, {"body": "   "})
    assert response.status_code == 400
    assert "Write your response" in response.content.decode()
    response = client.post(url, {"body": "We added members."})
    assert response.status_code == 302
    assert response["Location"] == question.get_absolute_url()  # back to the comment
    assert question.responses.get().body == "We added members."

    client = client_as(resident)
    assert client.get(url).status_code == 403
    assert client.post(url, {"body": "I own this now"}).status_code == 403
    assert question.responses.count() == 1
