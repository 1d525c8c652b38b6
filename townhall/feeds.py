"""A town hall site's news as RSS and Atom feeds."""

from __future__ import annotations

import datetime as dt

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.utils.feedgenerator import SyndicationFeed

from programme.feeds import CleanAtomFeed, CleanRssFeed

from . import permissions, queries
from .blocks import feed_html
from .models import Page, TownhallSite


class SiteNewsFeed(Feed):
    feed_type: type[SyndicationFeed] = CleanRssFeed

    def get_object(self, request: HttpRequest, site: str) -> TownhallSite:
        # A site that is not live has no public feed, as it has no public pages.
        return permissions.get_site_for_user(request.user, site)

    def title(self, obj: TownhallSite) -> str:
        return f"{obj.name}: news"

    def link(self, obj: TownhallSite) -> str:
        return obj.get_absolute_url()

    def description(self, obj: TownhallSite) -> str:
        return obj.tagline or f"News from {obj.name}"

    def items(self, obj: TownhallSite) -> list[Page]:
        return queries.latest_news(obj, limit=20)

    def item_title(self, item: Page) -> str:
        return item.live.title

    def item_description(self, item: Page) -> str:
        return feed_html(item.live.blocks) or item.live.summary

    def item_pubdate(self, item: Page) -> dt.datetime | None:
        return item.first_published_at

    def item_updateddate(self, item: Page) -> dt.datetime | None:
        return item.live.created_at

    def item_author_name(self, item: Page) -> str:
        return item.created_by.public_name if item.created_by else item.site.name

    def item_link(self, item: Page) -> str:
        return item.get_absolute_url()


class SiteNewsAtomFeed(SiteNewsFeed):
    feed_type = CleanAtomFeed

    def subtitle(self, obj: TownhallSite) -> str:
        return self.description(obj)
