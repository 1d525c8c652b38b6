"""Drive the page editor as a browser would: read its one form, change fields, press a button."""

from __future__ import annotations

from collections.abc import Mapping
from html.parser import HTMLParser

from django.core.files import File
from django.urls import reverse


class _FormReader(HTMLParser):
    """The values a browser would send from the form with id `form_id` (no button pressed)."""

    def __init__(self, form_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside = form_id, False
        self.fields: list[tuple[str, str]] = []
        self._textarea: str | None = None
        self._select: str | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form" and a.get("id") == self.form_id:
            self.inside = True
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            value = a.get("value", "on" if a.get("type") == "checkbox" else "")
            self.fields.append((name, value or ""))  # `value` written bare is empty
        elif tag == "textarea":
            self._textarea, self._text = a.get("name"), ""
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and "selected" in a:
            self.fields.append((self._select, a.get("value") or ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "textarea" and self._textarea:
            self.fields.append((self._textarea, self._text.removeprefix("\n")))
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text += data


def form_values(html: str, form_id: str = "page-form") -> dict[str, str]:
    reader = _FormReader(form_id)
    reader.feed(html)
    return dict(reader.fields)


def editor_url(page, action: str = "edit_page") -> str:
    return reverse(f"townhall:{action}", args=[page.site.pilot_site.slug, page.pk])


def open_editor(client, page) -> dict[str, str]:
    response = client.get(editor_url(page))
    assert response.status_code == 200
    return form_values(response.content.decode())


def press(client, page, values: Mapping[str, str | File], action: str = "edit_page", **button: str):
    """Send the editor's form to the address of the button pressed (with its name and value)."""
    return client.post(editor_url(page, action), {**values, **button})


def edit(client, page, changes: dict | None = None, action: str = "edit_page", **button: str):
    """Open the editor, change some fields as a person would, and press a button."""
    values = open_editor(client, page)
    values.update(changes or {})
    return press(client, page, values, action, **button)


def with_block(client, page, kind: str, fields: dict, files: dict | None = None):
    """Add a block of `kind` at the end, fill it in, and save the page: the saved response."""
    values = open_editor(client, page)
    added = press(client, page, values, "add_block", kind=kind)
    values = form_values(added.content.decode())
    n = int(values["blocks"]) - 1
    values.update({f"block-{n}-{name}": value for name, value in fields.items()})
    values.update({f"block-{n}-{name}": value for name, value in (files or {}).items()})
    return press(client, page, values)


def written(actor, page, text: str = "Words of our own, for residents."):
    """The page with its starter text replaced by real words, as an editor would before
    publishing (publishing refuses untouched starter text)."""
    from townhall import services
    from townhall.blocks import STARTER_TEXTS

    page.refresh_from_db()
    blocks = [
        {**b, "markdown": text} if b.get("markdown", "").strip() in STARTER_TEXTS else b
        for b in page.latest_revision.blocks
    ]
    services.save_revision(actor=actor, page=page, base=page.latest_revision.number, blocks=blocks)
    page.refresh_from_db()
    return page
