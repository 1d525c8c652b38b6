"""`{% render_block block number=forloop.counter %}`: a page's block shown by its own kind
(`townhall.blocks`), through the kind's template. Templates never branch on a block's type;
a type no kind knows shows nothing."""

from __future__ import annotations

from typing import Any

from django import template

from ..blocks import kind_of

register = template.Library()


@register.simple_tag(takes_context=True)
def render_block(context: template.Context, block: Any, number: int = 0) -> str:
    """The block as HTML, with what its template may use from the page: `data` (what the
    page's blocks read), `show_embeds`, `townhall`, and `number`, its place on the page
    (from 1, the anchor `#block-<number>`)."""
    kind = kind_of(block)
    if kind is None:
        return ""
    return kind.render(
        block,
        {
            "data": context.get("data"),
            "show_embeds": context.get("show_embeds", False),
            "townhall": context.get("townhall"),
            "number": number,
        },
    )
