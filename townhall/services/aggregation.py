"""Bringing in the local social web: fetch the feeds in a site's social web audit, keep their items.

Safe to run every few minutes (`manage.py fetch_feeds`): each fetch sends the
validators the feed gave last time, so an unchanged feed answers 304 and costs
nothing; a slow or broken feed is cut off by a timeout, marked unhealthy on its
audit entry, and never stops the run. Whatever a feed says is untrusted: titles
become plain text, summaries are cleaned again with nh3, links must be http(s).
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import html
import logging
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import feedparser
import nh3
from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from policy_drafts.models import Agreement
from policy_drafts.services import has_current_agreement
from programme import permissions as programme_permissions
from programme.models import AuditEntry, Role, User
from programme.platform.fetching import UNREACHABLE, FetchRefused, fetch_public
from programme.platform.markdown import sanitise_html
from programme.services import NotAllowed, log_activity

from ..models import AggregatedItem, FeedChecker, FeedState, TownhallSite
from ..permissions import site_for
from .cache import public_content_changed
from .feed_checks import record_check
from .pages import tags_named

logger = logging.getLogger(__name__)

MAX_FEED_BYTES = 2 * 1024 * 1024
MAX_ITEMS_PER_FETCH = 50
MAX_TAGS_PER_ITEM = 5
USER_AGENT = "VirtualTownHall/1.0 (feed reader)"


class FeedProblem(Exception):
    """Why a feed could not be read, in words a site lead understands."""


@dataclass
class Fetched:
    unchanged: bool
    body: bytes = b""
    content_type: str = ""
    etag: str = ""
    last_modified: str = ""


@dataclass
class ItemData:
    guid: str
    title: str
    link: str
    summary: str
    author_name: str
    published_at: dt.datetime
    tags: list[str] = field(default_factory=list)


@dataclass
class Outcome:
    entry: AuditEntry
    healthy: bool
    unchanged: bool = False
    new: int = 0
    waiting: int = 0
    problem: str = ""


def fetch(url: str, *, etag: str = "", last_modified: str = "") -> Fetched:
    """GET the feed, conditionally, from a public address only (see programme/platform/fetching.py).

    Raises FeedProblem with a generic reason; the details go to the log, so the
    audit table cannot be used to probe what answers where.
    """
    headers = {
        "User-Agent": USER_AGENT,
        "Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.1",
    }
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        answer = fetch_public(
            url,
            headers=headers,
            max_bytes=MAX_FEED_BYTES,
            deadline_seconds=settings.TOWNHALL_FEED_TIMEOUT,
        )
    except FetchRefused as refused:
        raise FeedProblem(f"The feed {refused.reason}.") from refused
    if answer.status == 304:
        return Fetched(unchanged=True)
    if answer.status != 200:
        logger.info("Feed %s answered %s", url, answer.status)
        raise FeedProblem(f"The feed {UNREACHABLE}.")
    return Fetched(
        unchanged=False,
        body=answer.body,
        content_type=answer.headers.get("content-type", ""),
        etag=answer.headers.get("etag", ""),
        last_modified=answer.headers.get("last-modified", ""),
    )


def plain_text(value: str, limit: int) -> str:
    """Any markup in a feed's text is dropped; what is left is escaped again when shown.
    Read up to ten times the length kept: nh3's time grows with the square of nesting."""
    return html.unescape(nh3.clean((value or "")[: limit * 10], tags=set())).strip()[:limit]


# A summary is read up to this length (more is cut before cleaning), which bounds nh3's
# work here and each time the summary is shown.
MAX_SUMMARY_CHARS = 10_000


def clean_summary(value: str) -> str:
    return str(sanitise_html((value or "")[:MAX_SUMMARY_CHARS]))


def web_link(value: str, base: str) -> str:
    link = urljoin(base, (value or "").strip())
    return link[:1000] if urlsplit(link).scheme in ("http", "https") else ""


def _when(entry: feedparser.FeedParserDict) -> dt.datetime:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return timezone.now()
    when = dt.datetime.fromtimestamp(calendar.timegm(parsed), tz=dt.UTC)
    return min(
        when, timezone.now()
    )  # a feed cannot put itself at the top by dating into the future


def parse(fetched: Fetched, url: str) -> list[ItemData]:
    parsed = feedparser.parse(
        fetched.body,
        response_headers={"content-type": fetched.content_type, "content-location": url},
    )
    if parsed.bozo and not parsed.entries and not parsed.feed.get("title"):
        logger.info("Feed %s is not a feed (%s)", url, fetched.content_type)
        raise FeedProblem("The address is not an RSS or Atom feed.")
    items = []
    for entry in parsed.entries[:MAX_ITEMS_PER_FETCH]:
        link = web_link(entry.get("link", ""), url)
        title = plain_text(entry.get("title", ""), 300) or "(untitled)"
        guid = (entry.get("id") or link or "").strip()[:500]
        if not guid:
            guid = hashlib.sha256(f"{title}{entry.get('summary', '')}".encode()).hexdigest()
        items.append(
            ItemData(
                guid=guid,
                title=title,
                link=link,
                summary=clean_summary(entry.get("summary", "")),
                author_name=plain_text(entry.get("author", ""), 200),
                published_at=_when(entry),
                tags=[
                    plain_text(tag.get("label") or tag.get("term") or "", 50)
                    for tag in entry.get("tags", [])[:MAX_TAGS_PER_ITEM]
                ],
            )
        )
    return items


def provider_agreement(entry: AuditEntry, site: TownhallSite) -> Agreement | None:
    """The provider's agreement to the current version of the site's social web policy, if any."""
    provider, policy = entry.feed_provider, site.social_web_policy
    if provider is None or policy is None or not provider.is_active:
        return None
    if not programme_permissions.has_role(provider, Role.CONTENT_PROVIDER, entry.site):
        return None
    if not has_current_agreement(provider, policy) or policy.adopted_version_id is None:
        return None
    return Agreement.objects.get(person=provider, version_id=policy.adopted_version_id)


@transaction.atomic
def store_items(entry: AuditEntry, site: TownhallSite, items: list[ItemData]) -> tuple[int, int]:
    """Keep the items not seen before; return how many are new and how many wait for an ambassador.

    An item already kept is left as it was first approved: a feed editing a post
    later cannot slip new words past moderation.
    """
    known = set(
        AggregatedItem.objects.filter(source=entry, guid__in=[i.guid for i in items]).values_list(
            "guid", flat=True
        )
    )
    fresh = [item for item in items if item.guid not in known]
    if not fresh:
        return 0, 0
    agreement = provider_agreement(entry, site)
    now = timezone.now()
    for item in fresh:
        kept, created = AggregatedItem.objects.get_or_create(
            source=entry,
            guid=item.guid,
            defaults={
                "site": site,
                "title": item.title,
                "link": item.link,
                "summary": item.summary,
                "author_name": item.author_name,
                "published_at": item.published_at,
                "fetched_at": now,
                "approved_at": now if agreement else None,
                "agreement": agreement,
            },
        )
        if created and item.tags:
            kept.tags.set(tags_named(site, item.tags))
    public_content_changed(site)  # what the site shows from the web changed
    return len(fresh), 0 if agreement else len(fresh)


def _validators(entry: AuditEntry) -> tuple[str, str]:
    """The ETag and Last-Modified the feed gave last time, for this address only."""
    try:
        state = entry.feed_state
    except FeedState.DoesNotExist:
        return "", ""
    return (state.etag, state.last_modified) if state.is_current else ("", "")


def refresh(entry: AuditEntry, *, by: FeedChecker) -> Outcome:
    """Fetch one audit entry's feed and keep its new items; never raises. `by` is what
    asked (the schedule, the command), recorded with what was found."""
    site = site_for(entry.site.slug)
    try:
        etag, last_modified = _validators(entry)
        fetched = fetch(entry.feed_url, etag=etag, last_modified=last_modified)
        if fetched.unchanged:
            record_check(entry=entry, by=by, healthy=True)
            return Outcome(entry, healthy=True, unchanged=True)
        items = parse(fetched, entry.feed_url)
        new, waiting = store_items(entry, site, items)
    except FeedProblem as problem:
        record_check(entry=entry, by=by, healthy=False, problem=str(problem))
        return Outcome(entry, healthy=False, problem=str(problem))
    except Exception:  # one bad feed must never stop the others
        logger.exception("Reading the feed of audit entry %s failed", entry.pk)
        unread = "The feed could not be read."
        record_check(entry=entry, by=by, healthy=False, problem=unread)
        return Outcome(entry, healthy=False, problem=unread)
    record_check(
        entry=entry,
        by=by,
        healthy=True,
        etag=fetched.etag,
        last_modified=fetched.last_modified,
    )
    return Outcome(entry, healthy=True, new=new, waiting=waiting)


def feeds_to_fetch(site_slug: str | None = None) -> QuerySet[AuditEntry]:
    entries = (
        AuditEntry.objects.exclude(feed_url="")
        .select_related("site", "feed_provider", "feed_state")
        .order_by("site__name", "name")
    )
    return entries.filter(site__slug=site_slug) if site_slug else entries


def ingest_file(entry: AuditEntry, path: Path) -> Outcome:
    """Keep the items of a feed saved as a file, as if fetched (the demo's shipped feeds)."""
    site = site_for(entry.site.slug)
    fetched = Fetched(unchanged=False, body=path.read_bytes())
    new, waiting = store_items(entry, site, parse(fetched, entry.feed_url))
    record_check(entry=entry, by=FeedChecker.DEMO, healthy=True)
    return Outcome(entry, healthy=True, new=new, waiting=waiting)


@transaction.atomic
def approve_item(*, moderator: User, item: AggregatedItem) -> AggregatedItem:
    """An ambassador lets an item from a feed without an agreed provider onto the site."""
    item = (
        AggregatedItem.objects.select_for_update(of=("self",))
        .select_related("site__pilot_site", "source")
        .get(pk=item.pk)
    )
    if not programme_permissions.can_moderate(moderator, item):
        raise NotAllowed("Only this site's ambassadors, its lead and coordinators approve items.")
    if item.is_pending:
        item.approved_at, item.approved_by = timezone.now(), moderator
        item.save(update_fields=["approved_at", "approved_by"])
        public_content_changed(item.site)
        log_activity(
            actor=moderator,
            action="townhall.feed_item_approved",
            summary=f"“{item.title}” from {item.source.name} approved",
            target=item,
            site=item.site.pilot_site,
        )
    return item
