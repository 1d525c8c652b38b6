"""Counts agree with their nouns wherever the product says them."""

import pytest

from programme.platform.text import plural


@pytest.mark.parametrize(
    ("count", "one", "many", "said"),
    [
        (0, "action", None, "0 actions"),
        (1, "action", None, "1 action"),
        (2, "entry", "entries", "2 entries"),
        (1, "entry", "entries", "1 entry"),
        (1, "minute", None, "1 minute"),
    ],
)
def test_plural(count, one, many, said):
    assert plural(count, one, many) == said
