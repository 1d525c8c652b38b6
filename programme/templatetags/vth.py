from django import template
from django.forms import BoundField

register = template.Library()


@register.filter
def error_anchor(field: BoundField) -> str:
    """The id an error summary links to: the field's input, or the first of a group."""
    if field.id_for_label:
        return field.id_for_label
    # Checkbox and radio groups have no single input; link to the first option.
    return f"{field.auto_id}_0" if field.auto_id else ""


@register.filter(name="markdown")
def markdown_filter(text: str | None) -> str:
    """Render what a person wrote in Markdown, sanitised (see programme/markdown.py)."""
    from programme.markdown import render_markdown

    return render_markdown(text)


@register.filter
def get_item(mapping: dict, key: str) -> object:
    return mapping.get(key) if mapping else None


@register.filter
def sanitise(value: str | None) -> str:
    """HTML from elsewhere, sanitised again as it is shown (see programme/markdown.py)."""
    from programme.markdown import sanitise_html

    return sanitise_html(value)
