"""The programme updates as RSS and Atom feeds."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed

from .models import Update


class UpdatesFeed(Feed):
    title = f"{settings.PROGRAMME_NAME}: programme updates"
    link = reverse_lazy("programme:updates")
    description = (
        "News from the virtual town hall pilot: meetings, workshops and progress at each site."
    )
    description_template = None

    def items(self):  # type: ignore[no-untyped-def]
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
    feed_type = Atom1Feed
    subtitle = UpdatesFeed.description
