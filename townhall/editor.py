"""The page editor's one form: title, summary, tags, every block, dates, menu and parent.

Everything the editor holds travels in every request, so adding, moving or removing a
block (with or without JavaScript) re-renders the form from what was typed, and nothing
typed anywhere on the page is lost. Saving turns it into one revision, or refuses with
every field still as typed.

Field names: `title`, `summary`, `tags`, the schedule's fields, `blocks` (how many),
then `block-<n>-type` and each block form's fields under the prefix `block-<n>`
(an image block also carries `block-<n>-image_id`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.http import QueryDict

from programme.models import User

from . import services
from .blocks import PALETTE, BlockKind, kind_of
from .forms import PageDetailsForm, ScheduleForm
from .models import Page, PageRevision, SiteImage

MAX_BLOCKS = 100
# New images kept in one request: each is decoded and written again, so a request with a
# file in each of its 100 blocks does the work of three. The rest are asked for again.
MAX_NEW_IMAGES = 3


@dataclass
class Entry:
    """One block as the editor holds it: its kind and the values typed so far."""

    kind: BlockKind
    values: dict[str, Any] = field(default_factory=dict)
    image_id: int | None = None
    upload: UploadedFile | None = None
    form: forms.Form | None = None
    image: SiteImage | None = None
    upload_error: str = ""  # why the file just sent was refused, shown next to its field

    @property
    def is_empty(self) -> bool:
        """Nothing typed or chosen: such a block is left out when the page is saved."""
        if self.kind.live:
            return False
        typed = [v for k, v in self.values.items() if k not in self.kind.settings]
        chosen = self.image_id or self.upload or self.upload_error  # a file refused, too
        return not chosen and not any(str(v).strip() for v in typed)


def _values_of(block: dict[str, Any]) -> tuple[dict[str, Any], int | None]:
    """A stored block as the values its form shows, and its picture if it has one."""
    kind = kind_of(block)
    return (kind.values(block) if kind else {}), block.get("image_id")


class PageEditor:
    """The whole page as one form, bound to a request's data or to the latest revision."""

    def __init__(
        self,
        page: Page,
        data: QueryDict | None = None,
        files: Any = None,
    ) -> None:
        self.page = page
        self.revision = page.latest
        self.bound = data is not None
        self.checked = False  # set once `cleaned` has checked every part
        if data is None:
            self.base = self.revision.number
            self.details = PageDetailsForm(
                initial={
                    "base": self.base,
                    "title": self.revision.title,
                    "summary": self.revision.summary,
                    "tags": ", ".join(tag.name for tag in page.tags.all()),
                }
            )
            self.schedule = ScheduleForm(
                initial={
                    "go_live_at": page.go_live_at,
                    "expires_at": page.expires_at,
                    "review_on": page.review_on,
                    "in_menu": page.in_menu,
                    "parent": page.parent_id,
                },
                page=page,
            )
            self.entries = []
            for block in self.revision.blocks:
                if (kind := kind_of(block)) is not None:
                    values, image_id = _values_of(block)
                    self.entries.append(Entry(kind, values, image_id))
        else:
            self.details = PageDetailsForm(data)
            self.schedule = ScheduleForm(data, page=page)
            self.base = _int(data.get("base"), self.revision.number)
            self.entries = self._parse(data, files or {})
        self._attach_images()

    # Reading what was sent ---------------------------------------------------------------

    def _parse(self, data: QueryDict, files: Any) -> list[Entry]:
        entries = []
        for n in range(min(_int(data.get("blocks"), 0), MAX_BLOCKS)):
            kind = PALETTE.get(data.get(f"block-{n}-type", ""))
            if kind is None:
                continue
            prefix = f"block-{n}-"
            values: dict[str, Any] = {}
            for name, field_ in kind.form.base_fields.items():
                if name == "file":
                    continue
                key = prefix + name
                if isinstance(field_, forms.BooleanField):
                    values[name] = data.get(key) in ("on", "true", "1", "True")
                elif isinstance(field_.widget, forms.CheckboxSelectMultiple):
                    values[name] = data.getlist(key)
                else:
                    values[name] = data.get(key, "")
            entries.append(
                Entry(
                    kind,
                    values,
                    image_id=_int(data.get(prefix + "image_id"), None),
                    upload=files.get(prefix + "file"),
                )
            )
        return entries

    def _attach_images(self) -> None:
        """The site's own images only: an id from another site is dropped, never shown."""
        ids = {e.image_id for e in self.entries if e.image_id}
        images = SiteImage.objects.filter(site=self.page.site, pk__in=ids).in_bulk() if ids else {}
        for entry in self.entries:
            entry.image = images.get(entry.image_id)
            if entry.image_id and entry.image is None:
                entry.image_id = None
            if entry.image is not None and not self.bound:
                entry.values |= {
                    "alt_text": entry.image.alt_text,
                    "decorative": entry.image.decorative,
                }

    # Changing the shape, without saving ----------------------------------------------------

    def add(self, key: str) -> int | None:
        """Add an empty block of a kind at the end; its number (from 1), or None."""
        if key not in PALETTE or len(self.entries) >= MAX_BLOCKS:
            return None
        self.entries.append(Entry(PALETTE[key], PALETTE[key].initial()))
        return len(self.entries)

    def move(self, index: int, offset: int) -> int | None:
        target = index + offset
        if not (0 <= index < len(self.entries) and 0 <= target < len(self.entries)):
            return None
        self.entries[index], self.entries[target] = self.entries[target], self.entries[index]
        return target + 1

    def remove(self, index: int) -> Entry | None:
        if not 0 <= index < len(self.entries):
            return None
        return self.entries.pop(index)

    def keep_uploads(self, actor: User) -> None:
        """An image chosen in this request is kept now (pending until the page is saved), so
        a re-rendered form (which cannot hold a file) shows it rather than asking for it
        again. At most MAX_NEW_IMAGES in one request; a file refused says why beside its
        field."""
        tried = 0
        for entry in self.entries:
            if not entry.kind.takes_image or entry.upload is None:
                continue
            upload, entry.upload = entry.upload, None
            if tried == MAX_NEW_IMAGES:
                entry.upload_error = (
                    f"Only {MAX_NEW_IMAGES} new images are added at a time, so this one was "
                    "not: choose it again."
                )
                continue
            tried += 1
            try:
                entry.image = services.keep_image(
                    actor=actor,
                    site=self.page.site,
                    upload=upload,
                    alt_text=str(entry.values.get("alt_text", "")),
                    decorative=bool(entry.values.get("decorative")),
                )
            except services.TownhallError as error:
                entry.upload_error = error.message
                continue
            entry.image_id = entry.image.pk

    # Forms for showing and for checking ----------------------------------------------------

    def forms(self, *, check: bool = False) -> list[Entry]:
        """Each entry with its form: checked (bound, showing errors) or as typed (unbound)."""
        for n, entry in enumerate(self.entries):
            if entry.kind.live:
                entry.form = None
                continue
            prefix = f"block-{n}"
            # A file refused is said beside its field, which only a bound form can hold.
            if check or entry.upload_error:
                data = QueryDict(mutable=True)
                for name, value in entry.values.items():
                    if isinstance(value, bool):
                        if value:
                            data[f"{prefix}-{name}"] = "on"
                    elif isinstance(value, list):
                        data.setlist(f"{prefix}-{name}", value)
                    else:
                        data[f"{prefix}-{name}"] = value
                form = entry.kind.form(data, prefix=prefix)
            else:
                form = entry.kind.form(initial=entry.values, prefix=prefix)
            if entry.kind.takes_image:
                file_field = form.fields["file"]
                file_field.required = False  # an image already kept, or checked when saving
                file_field.label = "Replace the image" if entry.image else "Image"
                file_field.widget.attrs["accept"] = "image/jpeg,image/png,image/gif"
                if check and entry.image is None and not entry.upload_error:
                    form.add_error("file", "Choose the image to show.")
                if entry.upload_error:
                    form.add_error("file", entry.upload_error)
            entry.form = form
        return self.entries

    def cleaned(self) -> dict[str, Any] | None:
        """Everything needed to save, or None when any part needs fixing (errors attached)."""
        self.entries = [e for e in self.entries if not e.is_empty]
        self.checked = True
        details_ok = self.details.is_valid()
        schedule_ok = self.schedule.is_valid()
        entries = self.forms(check=True)
        blocks_ok = all(e.form is None or e.form.is_valid() for e in entries)
        if not (details_ok and schedule_ok and blocks_ok):
            return None
        blocks = []
        for entry in entries:
            data = entry.form.cleaned_data if entry.form is not None else {}
            if entry.kind.takes_image:
                data = {**data, "image_id": entry.image_id}
            blocks.append(entry.kind.stored(data))
        return {
            "base": self.details.cleaned_data["base"],
            "title": self.details.cleaned_data["title"],
            "summary": self.details.cleaned_data["summary"],
            "tags": services.parse_tags(self.details.cleaned_data["tags"]),
            "blocks": blocks,
            **self.schedule.cleaned_data,
        }

    def errors_by_field(self) -> dict[str, str]:
        """Each field's first error by the field's id: a draft that saves itself shows them
        beside their fields without re-rendering what the person is typing in."""
        found: dict[str, str] = {}
        forms_ = [self.details, self.schedule, *(e.form for e in self.entries if e.form)]
        for form in forms_:
            if not form.is_bound:
                continue
            for name, messages in form.errors.items():
                if name in form.fields and messages:
                    found[form[name].auto_id] = str(messages[0])
        return found

    def problems_by_block(self) -> dict[int, list[str]]:
        """Form errors by block number (from 1), for the summary at the top of the editor."""
        found: dict[int, list[str]] = {}
        for n, entry in enumerate(self.entries, start=1):
            if entry.form is not None and entry.form.is_bound and entry.form.errors:
                found[n] = [str(m) for messages in entry.form.errors.values() for m in messages]
        return found


@dataclass(frozen=True)
class Difference:
    """One part of the page as saved by someone else and as this person typed it."""

    part: str
    theirs: str
    yours: str


def side_by_side(editor: PageEditor, newer: PageRevision) -> list[Difference]:
    """Where the newer saved revision and what this person typed differ: the title, the
    summary and each block by its place, so that both can be read before choosing."""
    typed = editor.details.data if editor.bound else {}
    parts = [
        ("Title", newer.title, str(typed.get("title", ""))),
        ("Summary", newer.summary, str(typed.get("summary", ""))),
    ]
    theirs = [
        (kind, _values_of(block)[0])
        for block in newer.blocks
        if (kind := kind_of(block)) is not None
    ]
    yours = [(entry.kind, entry.values) for entry in editor.entries]
    for n in range(max(len(theirs), len(yours))):
        saved = (
            f"{theirs[n][0].label}: {theirs[n][0].words(theirs[n][1])}"
            if n < len(theirs)
            else "(none)"
        )
        mine = (
            f"{yours[n][0].label}: {yours[n][0].words(yours[n][1])}" if n < len(yours) else "(none)"
        )
        parts.append((f"Block {n + 1}", saved, mine))
    return [Difference(part, a, b) for part, a, b in parts if a.strip() != b.strip()]


def _int(value: Any, default: Any) -> Any:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default
