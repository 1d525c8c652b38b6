"""Render pathological Markdown and print the worst time per input.

    make bench              # or: .venv/bin/python bench/markdown.py [--size N] [--repeat N]

Each input is 20,000 characters of what makes Markdown parsers slow: long runs
of "[", "*", "<" and backticks, nested links and quotes. The figure that
counts is the slowest single render of each input (goal: under 50 ms), which
is what one comment or page block costs when it is saved.

Then what is shown from stored text on every request, with the worst text stored
before the limits on length (#24): the plain text of each input (calendars, PDFs),
30,000 ">" as a workshop's objectives (its page's text, its .ics), and comparing two
versions of a section that repeats 2,000 words. Goal: under 50 ms each.
"""

from __future__ import annotations

import argparse
import functools
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GOAL_MS = 50.0


def inputs(size: int) -> dict[str, str]:
    def fill(unit: str) -> str:
        return (unit * (size // len(unit) + 1))[:size]

    return {
        "[ run": fill("["),
        "![ run": fill("!["),
        "* run": fill("*"),
        "_* mixed emphasis": fill("*a_"),
        "< run": fill("<"),
        "<a  unclosed tags": fill("<a "),
        "` run": fill("`"),
        "nested links [a](": fill("[a]("),
        "nested brackets [[[a]]]": fill("[")[: size // 2] + fill("]")[: size // 2],
        "> nested quotes": fill(">"),
        "> quoted lines": fill("> [x\n"),
        "- nested lists": "".join(f"{'  ' * (n % 40)}- a\n" for n in range(size // 44)),
        "- - - lists on one line": fill("- "),
        "> - quotes in lists": fill("> - "),
        "| table cells": "| a |\n| - |\n" + fill("|a"),
        "link references": fill("[a]: b\n[a]\n"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=20000, help="characters per input")
    parser.add_argument("--repeat", type=int, default=5, help="renders per input (worst is kept)")
    args = parser.parse_args()

    from programme.platform.markdown import render_markdown

    print(f"Pathological Markdown, {args.size:,} characters each, worst of {args.repeat} renders")
    worst_overall = 0.0
    for name, text in inputs(args.size).items():
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            render_markdown(text)
            times.append((time.perf_counter() - start) * 1000)
        worst = max(times)
        worst_overall = max(worst_overall, worst)
        print(f"  {name:<28} worst {worst:7.2f} ms")
    verdict = "within" if worst_overall < GOAL_MS else "OVER"
    print(f"  worst of all: {worst_overall:.2f} ms ({verdict} the {GOAL_MS:.0f} ms goal)")
    passages(args.size, args.repeat)
    shown_from_stored_text(args.size, args.repeat)


def passages(size: int, repeat: int) -> None:
    """Finding a quoted passage in a section, as a comment is posted: quotes that nearly
    match everywhere (a pattern built from the quote once took a second on the first)."""
    from policy_drafts.anchoring import anchor_quote

    cases = {
        "a…a then c, in a…a": ("a" * size, "a" * (size // 4) + "c"),
        "word… then x, in word…": ("word " * (size // 5), "word " * (size // 20) + "x"),
        "marks everywhere": ("*_[" * (size // 3), "*a_" * 1000),
        "bold and links": ("**a** [b](https://x.org) " * (size // 25), "a b " * 500 + "c"),
    }
    print(f"Finding a quoted passage in {size:,} characters, worst of {repeat}")
    worst_overall = 0.0
    for name, (body, quote) in cases.items():
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            anchor_quote(body, quote)
            times.append((time.perf_counter() - start) * 1000)
        worst_overall = max(worst_overall, max(times))
        print(f"  {name:<28} worst {max(times):7.2f} ms")
    verdict = "within" if worst_overall < GOAL_MS else "OVER"
    print(f"  worst of all: {worst_overall:.2f} ms ({verdict} the {GOAL_MS:.0f} ms goal)")


def _worst_ms(run: Callable[[], object], repeat: int) -> float:
    run()  # once first, untimed: a process serving requests has its imports and URLs loaded
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return max(times)


def _print_worst(title: str, cases: dict[str, Callable[[], object]], repeat: int) -> None:
    print(title)
    worst_overall = 0.0
    for name, run in cases.items():
        worst = _worst_ms(run, repeat)
        worst_overall = max(worst_overall, worst)
        print(f"  {name:<44} worst {worst:7.2f} ms")
    verdict = "within" if worst_overall < GOAL_MS else "OVER"
    print(f"  worst of all: {worst_overall:.2f} ms ({verdict} the {GOAL_MS:.0f} ms goal)")


def shown_from_stored_text(size: int, repeat: int) -> None:
    """What a view, a calendar or a comparison does with the worst text stored."""
    import datetime as dt
    import os

    os.environ.setdefault("DJANGO_DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()

    from programme.models import PilotSite
    from programme.platform.markdown import plain_text_of_html, render_markdown
    from workshops.ics import calendar
    from workshops.models import Workshop

    # A request reads the rendering stored when the text was saved.
    cases: dict[str, Callable[[], object]] = {
        name: functools.partial(plain_text_of_html, render_markdown(text))
        for name, text in inputs(size).items()
    }
    _print_worst(
        f"Plain text (calendars, PDFs) of the same inputs as stored, worst of {repeat}",
        cases,
        repeat,
    )

    deep = ">" * 30000
    now = dt.datetime.now(dt.UTC)
    workshop = Workshop(
        pk=1,
        slug="deep",
        title="Deep",
        site=PilotSite(name="Kirklees", slug="kirklees"),
        objectives=deep,
        starts_at=now,
        ends_at=now + dt.timedelta(hours=2),
        created_at=now,
        updated_at=now,
    )
    workshop.objectives_html = render_markdown(deep)  # as saved
    _print_worst(
        f'A workshop whose objectives are 30,000 ">", worst of {repeat}',
        {
            'plain text of 30,000 ">"': functools.partial(
                plain_text_of_html, workshop.objectives_html
            ),
            "its .ics": functools.partial(calendar, "Deep", [workshop]),
        },
        repeat,
    )
    ten = _worst_ms(functools.partial(calendar, "All", [workshop] * 10), repeat)
    print(f"  (a calendar of ten such workshops: worst {ten:.2f} ms, ten times one)")

    from policy_drafts.diff import word_diff

    words = 2000
    pairs = " ".join(f"x{n} again" for n in range(words // 2))
    spend = " ".join(f"x{n} again" for n in range(440))
    shuffled = [
        ["council", "residents", "policy", "site", "news", "the", "posts", "web"][n % 8]
        for n in range(words)
    ]
    _print_worst(
        f"Comparing two versions of a section repeating {words:,} words, worst of {repeat}",
        {
            "one word repeated, one changed in the middle": functools.partial(
                word_diff,
                "word " * words,
                "word " * (words // 2) + "other " + "word " * (words // 2),
            ),
            "one word repeated, against another": functools.partial(
                word_diff, "word " * words, "other " * words
            ),
            "every other word repeated, the rest new": functools.partial(
                word_diff, pairs, pairs.replace("x", "y")
            ),
            # Sized so that difflib's first search fits the budget and uses up nearly all
            # of it (a longer one is refused at once): the most a comparison can cost.
            "the same, 880 words (the whole budget spent)": functools.partial(
                word_diff, spend, spend.replace("x", "y")
            ),
            "8 words repeated, in a new order": functools.partial(
                word_diff, " ".join(shuffled), " ".join(shuffled[1::2] + shuffled[::2])
            ),
        },
        repeat,
    )


if __name__ == "__main__":
    main()
