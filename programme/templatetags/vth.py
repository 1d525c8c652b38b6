import datetime as dt
from typing import Any

from django import template
from django.forms import BoundField

from programme.platform.text import plural

register = template.Library()


@register.filter
def error_anchor(field: BoundField) -> str:
    """The id an error summary links to: the field's input, or the first of a group."""
    if field.id_for_label:
        return field.id_for_label
    # Checkbox and radio groups have no single input; link to the first option.
    return f"{field.auto_id}_0" if field.auto_id else ""


@register.filter
def text_block_html(block: dict) -> str:
    """A page's text block as the HTML stored with it (see programme/platform/markdown.py)."""
    from programme.platform.markdown import show_html

    return show_html(block.get("html"), block.get("markdown"))


@register.filter
def get_item(mapping: dict, key: str) -> object:
    return mapping.get(key) if mapping else None


@register.filter
def sanitise(value: str | None) -> str:
    """HTML from elsewhere, sanitised again as it is shown (see programme/platform/markdown.py)."""
    from programme.platform.markdown import sanitise_html

    return sanitise_html(value)


@register.filter
def machine_time(value: Any) -> str:
    """A date or time as HTML's <time datetime> reads it: to the second, with its offset
    (Django's "c" format keeps microseconds, which HTML refuses)."""
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    return ""


@register.filter
def duration_minutes(minutes: float | None) -> str:
    """Minutes as people say them: "under a minute", "8 minutes", "1 hour 5 minutes"."""
    if minutes is None:
        return ""
    whole = round(minutes)
    if whole < 1:
        return "under a minute"
    hours, rest = divmod(whole, 60)
    parts = [plural(hours, "hour")] if hours else []
    if rest or not hours:
        parts.append(plural(rest, "minute"))
    return " ".join(parts)


@register.simple_tag(takes_context=True)
def keeping_notes(context: template.Context, form: Any) -> str:
    """A crispy form's labels, and whether its writer is signed in (programme/forms/keeping.py)."""
    from programme.forms.keeping import notes

    user = context.get("user")
    return notes(form, signed_in=bool(user and user.is_authenticated))


@register.filter
def named(value: object) -> str:
    """A person's name as an email repeats it: no links, short (programme.platform.text.name_for_email)."""
    from programme.platform.text import name_for_email

    return name_for_email(value)


@register.inclusion_tag("includes/follow.html", takes_context=True)
def follow_box(context: template.Context, target: Any, what: str) -> dict[str, Any]:
    """Follow `target`: one click signed in, an address to confirm for a visitor; or, for
    someone who follows it, how often and where to change it. `what` names it in the
    button ("this consultation")."""
    from ..following import following_of, signed_reference
    from ..forms.following import FollowForm

    request = context["request"]
    user = request.user
    form = FollowForm(
        initial={"target": signed_reference(target), "next": request.get_full_path()},
        signed_in=user.is_authenticated,
        auto_id="follow-%s",
    )
    return {
        "form": form,
        "current": following_of(user, target),
        "what": what,
        "user": user,
        "request": request,
        # Only a signed-in reader's box posts; a visitor's asks for the form's own page.
        "csrf_token": context.get("csrf_token") if user.is_authenticated else None,
    }


@register.filter
def on_this_host(address: str) -> str:
    """One of our absolute addresses (from PUBLIC_BASE_URL) as a path, for a page to load
    from wherever it was itself served (a site's own host, or www and the bare domain)."""
    from django.conf import settings

    base = settings.PUBLIC_BASE_URL.rstrip("/")
    return address[len(base) :] if address.startswith(f"{base}/") else address


@register.filter
def with_article(noun: str) -> str:
    """ "a post", "an item": the article that reads right before a noun."""
    noun = f"{noun}"
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}" if noun else noun


@register.filter
def may_withdraw(item: Any, user: Any) -> bool:
    """Whether `user` may take back `item` now: who may is the permission's to say
    (programme.permissions.can_withdraw, which the view checks too); what is withdrawn
    already has nothing to take back."""
    from programme import permissions

    return not item.is_withdrawn and permissions.can_withdraw(user, item)
