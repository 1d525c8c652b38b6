"""What the town hall has to share at a site (the `shareable` hook): the site itself and
its latest news, once the site is live; and the cards networks show for every link to it
(`shareable_previews`), the same pictures its pages name in their link previews."""

from __future__ import annotations

import dataclasses

from django.contrib.auth.models import AnonymousUser

from policy_drafts.models import Version
from programme.models import PilotSite
from programme.sharing import Shareable, one_line
from workshops.models import Workshop

from . import permissions, previews, queries
from .models import TownhallSite

NEWS_SHOWN = 3


def _public_site(site: PilotSite) -> TownhallSite | None:
    townhall = TownhallSite.objects.filter(pilot_site=site).select_related("pilot_site").first()
    if townhall is None or not permissions.can_view(AnonymousUser(), townhall):
        return None  # not live yet: nothing of it is public
    return townhall


def shareable(site: PilotSite) -> list[Shareable]:
    """The site's home and its latest news, with their pictures: three queries."""
    townhall = _public_site(site)
    if townhall is None:
        return []
    card = previews.site_card(townhall)
    found = [
        Shareable(
            kind="site",
            title=townhall.name,
            path=townhall.get_absolute_url(),
            summary=one_line(townhall.tagline)
            or f"News, events and consultations from {site.council_name}, in one place.",
            lead="Have a look at",
            image_url=card.url,
            image_alt=card.alt,
            subject=townhall,
        )
    ]
    for page in queries.with_images(queries.latest_news(townhall, NEWS_SHOWN)):
        revision = page.live
        image = getattr(page, "image", None)
        picture = previews.page_card(townhall, page)
        image_url, image_alt = picture.url, picture.alt
        if image is not None and image.file:  # its own picture, as its page names it
            image_url = previews.absolute(image.file.url)
            image_alt = image.alt_text or revision.title
        found.append(
            Shareable(
                kind="news",
                title=revision.title,
                path=page.get_absolute_url(),
                summary=one_line(revision.summary),
                lead=f"News from {townhall.name}:",
                image_url=image_url,
                image_alt=image_alt,
                subject=page,
            )
        )
    return found


def _drawn_here(site: PilotSite, subject: object) -> bool:
    # A programme-wide consultation is the programme's page, with the programme's card.
    if isinstance(subject, Version):
        return subject.draft.site_id == site.pk
    return isinstance(subject, Workshop) and subject.site_id == site.pk


def shareable_previews(site: PilotSite, items: list[Shareable]) -> list[Shareable]:
    """The cards of the workshops and consultations the apps below share: one query (the
    site), none when every item has its picture."""
    if all(item.image_url or item.subject is None for item in items):
        return items
    townhall = _public_site(site)
    if townhall is None:
        return items
    drawn = []
    for item in items:
        preview = None
        if not item.image_url and _drawn_here(site, item.subject):
            preview = previews.preview_for(townhall, item.subject)
        if preview is not None:
            item = dataclasses.replace(
                item, image_url=preview.image_url, image_alt=preview.image_alt
            )
        drawn.append(item)
    return drawn
