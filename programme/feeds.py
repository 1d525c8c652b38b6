"""The programme updates as RSS and Atom feeds."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed

from programme.platform.text import strip_controls

from .models import Update


def _cleaned(values: dict) -> dict:
    return {k: strip_controls(v) if isinstance(v, str) else v for k, v in values.items()}


class CleanRssFeed(Rss201rev2Feed):
    """RSS that never carries a control character XML 1.0 forbids, whatever was stored."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **_cleaned(kwargs))

    def add_item(self, *args: Any, **kwargs: Any) -> None:
        super().add_item(*args, **_cleaned(kwargs))


class CleanAtomFeed(Atom1Feed):
    """Atom likewise; every entry needs an author and an updated date (RFC 4287)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **_cleaned(kwargs))

    def add_item(self, *args: Any, **kwargs: Any) -> None:
        super().add_item(*args, **_cleaned(kwargs))


class UpdatesFeed(Feed):
    feed_type: type[SyndicationFeed] = CleanRssFeed
    title = f"{settings.PROGRAMME_NAME}: programme updates"
    link = reverse_lazy("programme:updates")
    description = (
        "News from the virtual town hall pilot: meetings, workshops and progress at each site."
    )
    description_template = None

    def items(self) -> Any:
        return Update.objects.published().select_related("author").order_by("-published_at")[:20]

    def item_title(self, item: Update) -> str:
        return item.title

    def item_description(self, item: Update) -> str:
        return str(item.body_html)

    def item_pubdate(self, item: Update) -> dt.datetime | None:
        return item.published_at

    def item_updateddate(self, item: Update) -> dt.datetime:
        return item.updated_at

    def item_author_name(self, item: Update) -> str:
        return item.author.public_name


class UpdatesAtomFeed(UpdatesFeed):
    feed_type = CleanAtomFeed
    subtitle = UpdatesFeed.description
