"""Render pathological Markdown and print the worst time per input.

    make bench              # or: .venv/bin/python bench/markdown.py [--size N] [--repeat N]

Each input is 20,000 characters of what makes Markdown parsers slow: long runs
of "[", "*", "<" and backticks, nested links and quotes. The figure that
counts is the slowest single render of each input (goal: under 50 ms), which
is what one comment or page block costs when it is saved.
"""

from __future__ import annotations

import argparse
import sys
import time
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

    from programme.markdown import render_markdown

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


if __name__ == "__main__":
    main()
