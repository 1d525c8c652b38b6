"""Choosing a passage: as read (across Markdown), by sentence without a mouse, and hostile input."""

import pytest

from policy_drafts import services
from policy_drafts.anchoring import anchor_quote, as_read, reanchor, sentences
from policy_drafts.models import Comment
from tests.factories import PolicyDraftFactory
from tests.policy_drafts.conftest import comment_url

MARKDOWN = (
    "Moderators **hide** content that [breaks the rules](https://example.org/rules). "
    "They always say why.\n\n- Ambassadors moderate\n- Officers answer"
)


@pytest.fixture
def marked(coordinator):
    draft = PolicyDraftFactory.create(
        title="Moderation policy", owners=[coordinator], sections=[("Moderation", MARKDOWN)]
    )
    return draft.versions.get().sections.get()


def _post(client, target, **fields):
    data = {
        f"{target.key}-stance": "question",
        f"{target.key}-body": "Who decides?",
        f"{target.key}-capacity": "resident",
    }
    data.update({f"{target.key}-{name}": value for name, value in fields.items()})
    return client.post(comment_url(target), data)


def test_a_passage_quoted_as_read_is_found_across_bold_links_and_list_items(resident, marked):
    comment = services.add_comment(
        author=resident,
        section=marked,
        capacity="resident",
        stance="question",
        body="Which rules?",
        quote="hide content that breaks the rules. They",
    )
    source = "hide** content that [breaks the rules](https://example.org/rules). They"
    assert comment.quote == source == MARKDOWN[comment.quote_start : comment.quote_end]
    assert comment.passage == "hide content that breaks the rules. They"
    # a later version finds it again by its source text
    assert reanchor(MARKDOWN, comment.quote, comment.quote_prefix, comment.quote_suffix)
    assert anchor_quote(MARKDOWN, "moderate Officers")  # across two list items


def test_without_a_mouse_a_sentence_is_chosen_from_the_list(client_as, resident, marked):
    client = client_as(resident)
    page = client.get(comment_url(marked)).content.decode()
    assert "A sentence you mean" in page
    assert 'data-passage="They always say why."' in page
    assert sentences(MARKDOWN) == (
        "Moderators hide content that breaks the rules.",
        "They always say why.",
        "Ambassadors moderate",
        "Officers answer",
    )
    response = _post(client, marked, sentence="1", quote="")
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert response["Location"] == comment.get_absolute_url()
    assert comment.quote == "They always say why."
    assert comment.quote_start == MARKDOWN.index("They")


def test_typed_words_win_over_a_sentence(client_as, resident, marked):
    _post(client_as(resident), marked, sentence="0", quote="Officers answer")
    assert Comment.objects.get().quote == "Officers answer"


@pytest.mark.parametrize("hostile", ["99", "-1", "one", "1 OR 1=1", "0" * 400])
def test_a_tampered_sentence_is_refused_beside_the_field(client_as, resident, marked, hostile):
    response = _post(client_as(resident), marked, sentence=hostile)
    page = response.content.decode()
    assert response.status_code == 400
    assert not Comment.objects.exists()
    assert f'href="#id_{marked.key}-sentence"' in page
    assert "Who decides?" in page


def test_near_misses_and_marks_alone_find_nothing():
    # bench/markdown.py times these (a pattern built from the quote once took a second)
    assert anchor_quote("a" * 20_000, "a" * 4_999 + "c") is None
    assert anchor_quote("word " * 2_000, "word " * 999 + "x") is None
    assert anchor_quote("**hide**", "** __ ``") is None
    assert as_read("**hide** [it](/x) `now`") == "hide it now"
