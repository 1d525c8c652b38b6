"""Model fields shared by every app."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import models
from django.db.models.query_utils import DeferredAttribute

from programme.platform.markdown import is_current, render_markdown, show_html


class _RenderedMarkdownAttribute(DeferredAttribute):
    """Reads as safe HTML, rendered again only when stored by an older renderer.

    A data descriptor (it defines `__set__`), so reads come here even once the
    stored value sits in the instance's `__dict__`.
    """

    field: RenderedMarkdownField

    def __get__(self, instance: models.Model | None, cls: type | None = None) -> Any:
        if instance is None:
            return self
        stored = super().__get__(instance, cls)
        return show_html(stored, getattr(instance, self.field.source))

    def __set__(self, instance: models.Model, value: str) -> None:
        instance.__dict__[self.field.attname] = value


class RenderedMarkdownField(models.TextField):
    """The HTML of a Markdown field on the same model, rendered and sanitised on save.

    `body_html = RenderedMarkdownField(source="body")` stores the rendering of
    `body` every time the row is saved, so a page view never parses Markdown;
    reading `obj.body_html` gives sanitised, safe HTML. A save with
    `update_fields` must name both fields.
    """

    descriptor_class = _RenderedMarkdownAttribute

    def __init__(self, *args: Any, source: str = "body", **kwargs: Any) -> None:
        self.source = source
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> tuple[str, str, Sequence[Any], dict[str, Any]]:
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        for key, value in (("blank", True), ("editable", False), ("default", "")):
            if kwargs.get(key) == value:
                kwargs.pop(key)
        return name, path, args, kwargs

    def pre_save(self, model_instance: models.Model, add: bool) -> str:
        rendered = render_markdown(getattr(model_instance, self.source))
        model_instance.__dict__[self.attname] = rendered
        return rendered

    def value_from_object(self, obj: models.Model) -> str:
        # Serialisers and forms see what is stored, not the shown HTML.
        return obj.__dict__.get(self.attname, "")


def rerender_stale_markdown(model: type[models.Model]) -> int:
    """Store a fresh rendering wherever a row's HTML is missing or from an older renderer.

    Used by `manage.py rerender_markdown` and by the migrations that add a
    rendered field. Returns the number of rows rewritten. Rows are updated one
    by one with `update()`, which also reaches rows whose `save()` refuses
    changes (a published version's sections): the words do not change.
    """
    fields = [f for f in model._meta.concrete_fields if isinstance(f, RenderedMarkdownField)]
    names = [name for f in fields for name in (f.attname, f.source)]
    count = 0
    for row in model._base_manager.values("pk", *names).iterator():
        fresh = {
            field.attname: render_markdown(row[field.source])
            for field in fields
            if row[field.source] and not is_current(row[field.attname])
        }
        if fresh:
            model._base_manager.filter(pk=row["pk"]).update(**fresh)
            count += 1
    return count
