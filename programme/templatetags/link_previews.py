"""The Open Graph and card tags of a public page in the programme's frame: the `link_preview`
a view gives, or one from the `preview_title` and `preview_description` the page names (and
`preview_path`, where its address is not the one it was asked by), with the programme's card.
Pages that name none (staff pages, forms, anything reached by a token) carry no tags, and so
no canonical link. A council's site has its own (`townhall_previews`)."""

from __future__ import annotations

from typing import Any

from django import template

from programme.platform import previews

register = template.Library()


@register.inclusion_tag("includes/link_preview.html", takes_context=True)
def programme_preview_tags(context: template.Context) -> dict[str, Any]:
    preview = context.get("link_preview")
    if preview is None and context.get("preview_title"):
        preview = previews.programme_preview(
            context.get("request"),
            str(context.get("preview_title")),
            str(context.get("preview_description") or ""),
            path=str(context.get("preview_path") or ""),
        )
    return {"link_preview": preview}
