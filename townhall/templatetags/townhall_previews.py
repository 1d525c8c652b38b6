"""The Open Graph and card tags of a public page in a site's frame: from the item the page
names as `preview_of` (see `townhall.previews`), or, for a page about no one item (a list), from
the `preview_title` and `preview_description` it names (and `preview_path`, where its address
is not the one it was asked by), with the site's card. Pages that name none carry no tags,
and so no canonical link."""

from __future__ import annotations

from typing import Any

from django import template

from .. import previews

register = template.Library()


@register.inclusion_tag("includes/link_preview.html", takes_context=True)
def link_preview_tags(context: template.Context) -> dict[str, Any]:
    preview = context.get("link_preview")
    townhall = context.get("townhall")
    item = context.get("preview_of")
    if preview is None and townhall is not None:
        if item is not None:
            preview = previews.preview_for(townhall, item)
        elif context.get("preview_title"):
            preview = previews.listing_preview(
                townhall,
                context.get("request"),
                str(context.get("preview_title")),
                str(context.get("preview_description") or ""),
                str(context.get("preview_path") or ""),
            )
    return {"link_preview": preview}
