"""Comparing versions does bounded work whatever a section repeats (#24, finding 4), and
always reads as the new text with what was removed and what was added marked.

difflib's search once visited every place of every repeated word at every one of many
levels: a section repeating 1,500 words took 10 seconds to compare, anonymously. The
tests count the places difflib's search visits, not the time it takes.
"""

import difflib
import html
import re

import pytest
from django.urls import reverse

from policy_drafts import services
from policy_drafts.diff import compare, word_diff

from .conftest import working

# At most this many places visited by difflib's search for one comparison.
STEPS = 200_000


@pytest.fixture
def difflib_steps(monkeypatch):
    """The places difflib's search for a longest match may visit (each unit of a in the
    range, every place of it in b), counted before it searches; refused past STEPS."""
    search = difflib.SequenceMatcher.find_longest_match
    steps = [0]

    def counted(self, alo=0, ahi=None, blo=0, bhi=None):
        ahi = len(self.a) if ahi is None else ahi
        bhi = len(self.b) if bhi is None else bhi
        for unit in self.a[alo:ahi]:
            steps[0] += len(self.b2j.get(unit, ()))
            assert steps[0] <= STEPS, "difflib was set to visit more than 200,000 places"
        return search(self, alo, ahi, blo, bhi)

    monkeypatch.setattr(difflib.SequenceMatcher, "find_longest_match", counted)
    return steps


def versions_read(marked: str) -> tuple[str, str]:
    """The old and the new text a reader of the marked text sees."""
    old = re.sub(r"</?del>", "", re.sub(r"<ins>.*?</ins>", "", marked, flags=re.S))
    new = re.sub(r"</?ins>", "", re.sub(r"<del>.*?</del>", "", marked, flags=re.S))
    return html.unescape(old), html.unescape(new)


WORDS = 2000
AGAIN = " ".join(f"x{n} again" for n in range(WORDS // 2))
EIGHT = [
    ["council", "residents", "policy", "site", "news", "the", "posts", "web"][n % 8]
    for n in range(WORDS)
]
REPEATING = {
    "every other word repeated, the rest new": (AGAIN, AGAIN.replace("x", "y")),
    "one word repeated, against another": ("word " * WORDS, "other " * WORDS),
    "one word repeated, one changed": ("word " * WORDS, "word " * 999 + "other " + "word " * 1000),
    "eight words repeated, in a new order": (" ".join(EIGHT), " ".join(EIGHT[1::2] + EIGHT[::2])),
    "a b against b a": ("a b " * (WORDS // 2), "b a " * (WORDS // 2)),
}


@pytest.mark.parametrize(("old", "new"), REPEATING.values(), ids=REPEATING.keys())
def test_a_section_repeating_2000_words_is_compared_in_bounded_work_and_reads_right(
    difflib_steps, old, new
):
    marked = str(word_diff(old, new))
    assert versions_read(marked) == (old, new)
    assert difflib_steps[0] <= STEPS


def test_an_ordinary_edit_in_a_long_section_is_still_marked_word_by_word(difflib_steps):
    paragraph = (
        "Ambassadors moderate the discussions on their site, and always give a reason. "
        "Officers answer questions within five working days. "
    ) * 60
    old = "\n\n".join([paragraph] * 5)
    new = old.replace("always give a reason", "always give a written reason", 1)
    new = new[: len(new) // 2] + new[len(new) // 2 :].replace("five", "ten", 1)
    marked = str(word_diff(old, new))
    assert versions_read(marked) == (old, new)
    assert marked.count("<ins>") == 2
    assert "<ins> written</ins>" in marked
    assert "<del> five</del><ins> ten</ins>" in marked


def test_the_compare_page_of_a_section_repeating_2000_words_answers_anyone(
    client, coordinator, draft, v1, difflib_steps
):
    sections = working(draft)
    sections[0]["body"] = AGAIN
    sections[1]["body"] = "word " * WORDS
    draft.refresh_from_db()
    services.save_working_copy(
        actor=coordinator, draft=draft, revision=draft.working_revision, sections=sections
    )
    services.publish_version(actor=coordinator, draft=draft, change_note="Repeats")
    sections[0]["body"] = AGAIN.replace("x", "y")
    sections[1]["body"] = "other " * WORDS
    draft.refresh_from_db()
    services.save_working_copy(
        actor=coordinator, draft=draft, revision=draft.working_revision, sections=sections
    )
    services.publish_version(actor=coordinator, draft=draft, change_note="Other words")

    response = client.get(reverse("policy_drafts:compare", args=[draft.slug, 2, 3]))

    assert response.status_code == 200
    assert difflib_steps[0] <= STEPS  # for the whole page, not each section
    page = response.content.decode()
    assert "<ins>y0 again y1 again" in page
    assert "<del>x0 again x1 again" in page


def test_moved_sections_are_those_out_of_their_old_order(coordinator, draft, v1):
    sections = working(draft)
    sections = [sections[2], sections[0], sections[1]]  # the third moved to the top
    draft.refresh_from_db()
    services.save_working_copy(
        actor=coordinator, draft=draft, revision=draft.working_revision, sections=sections
    )
    v2 = services.publish_version(actor=coordinator, draft=draft, change_note="Moved")
    changes = compare(list(v1.sections.all()), list(v2.sections.all()))
    assert [c.moved for c in changes] == [True, False, False]
