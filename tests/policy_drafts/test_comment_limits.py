"""Comments and replies on drafts are limited per person; the form keeps what was typed."""

import pytest

from policy_drafts import services as draft_services
from policy_drafts.models import Comment
from policy_drafts.services.comments import COMMENTS
from tests.policy_drafts.conftest import comment_url


def test_comments_are_limited_per_person_and_the_page_says_when(client_as, resident, v1):
    section = v1.sections.first()
    for n in range(COMMENTS.count):
        draft_services.add_comment(
            author=resident, section=section, capacity="resident", stance="question", body=f"{n}"
        )
    response = client_as(resident).post(
        comment_url(section),
        {
            f"{section.key}-capacity": "resident",
            f"{section.key}-stance": "support",
            f"{section.key}-body": "One more thought that must not be lost",
        },
    )
    assert response.status_code == 400
    assert b"You can try again at" in response.content
    assert b"One more thought that must not be lost" in response.content  # kept in the form
    assert Comment.objects.count() == COMMENTS.count


def test_replies_to_comments_share_the_comment_limit(resident, v1):
    section = v1.sections.first()
    first = draft_services.add_comment(
        author=resident, section=section, capacity="resident", stance="question", body="0"
    )
    for n in range(1, COMMENTS.count):
        draft_services.reply(author=resident, parent=first, body=f"{n}", capacity="resident")
    with pytest.raises(draft_services.DraftError) as error:
        draft_services.reply(author=resident, parent=first, body="flood", capacity="resident")
    assert error.value.code == "rate_limited"
