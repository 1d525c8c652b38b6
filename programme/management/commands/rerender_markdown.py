"""Store a fresh rendering of every Markdown text whose stored HTML is missing or out of date."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand

from programme.platform.fields import RenderedMarkdownField, rerender_stale_markdown
from programme.platform.text import plural


class Command(BaseCommand):
    help = (
        "Render again the Markdown whose stored HTML came from an older renderer. "
        "Run after an upgrade that changes programme.platform.markdown.RENDERER_VERSION; until then "
        "pages render such text as they show it."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        total = 0
        for model in apps.get_models():
            if any(isinstance(f, RenderedMarkdownField) for f in model._meta.concrete_fields):
                total += rerender_stale_markdown(model)
            # Models that keep Markdown inside structured data (a page's blocks) say how.
            if hasattr(model, "rerender_stale_markdown"):
                total += model.rerender_stale_markdown()
        self.stdout.write(f"Rendered {plural(total, 'stored text')} again.")
