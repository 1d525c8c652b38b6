"""The Open Graph and card tags of a public page, from the item the page names as
`preview_of` (see `townhall.previews`); pages that name none carry no tags."""

from __future__ import annotations

from typing import Any

from django import template

from .. import previews

register = template.Library()


@register.inclusion_tag("townhall/partials/_link_preview.html", takes_context=True)
def link_preview_tags(context: template.Context) -> dict[str, Any]:
    preview = context.get("link_preview")
    townhall = context.get("townhall")
    item = context.get("preview_of")
    if preview is None and townhall is not None and item is not None:
        preview = previews.preview_for(townhall, item)
    return {"link_preview": preview}
