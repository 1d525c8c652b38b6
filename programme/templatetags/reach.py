"""Carry a shared link's code on to the form where a person takes part (programme/reach.py):
in the address of a link to the form's page, and in the form itself; never in a cookie."""

from __future__ import annotations

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from .. import reach

register = template.Library()


@register.simple_tag(takes_context=True)
def via_query(context: template.Context) -> str:
    """`?via=…&ch=…` when the page was reached through a shared link, else ""."""
    request = context.get("request")
    return reach.query(request) if request is not None else ""


@register.simple_tag(takes_context=True)
def via_fields(context: template.Context) -> SafeString:
    """Hidden fields holding the code and channel, for a form on a page reached by one."""
    request = context.get("request")
    carried = reach.carried(request) if request is not None else {}
    return format_html_join(
        "",
        '<input type="hidden" name="{}" value="{}">',
        ((name, value) for name, value in carried.items() if value),
    )
