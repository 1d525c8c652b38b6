"""Reach: which shared links bring people to a site, and what they go on to do.

Counted without cookies and without personal data (programme/reach.py says how): a share
code in a shared address names whose link it was, and counts are kept per day, never per
visit, so no row describes a person.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

from .people import PilotSite

# No letters that read alike (0/o, 1/l/i): the code is typed from a poster as often as clicked.
CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
CODE_LENGTH = 7


def new_share_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class Channel(models.TextChoices):
    """Where an arrival came from: a network the share kit writes for, a print, or what
    the browser's Referer tells."""

    MASTODON = "mastodon", "Mastodon"
    BLUESKY = "bluesky", "Bluesky"
    X = "x", "X (Twitter)"
    FACEBOOK = "facebook", "Facebook"
    WHATSAPP = "whatsapp", "WhatsApp"
    LINKEDIN = "linkedin", "LinkedIn"
    EMAIL = "email", "Email"
    POSTER = "poster", "Poster or flyer"
    LINK = "link", "Copied link"
    SEARCH = "search", "Search engine"
    OTHER_SITE = "other_site", "Another website"
    DIRECT = "direct", "Direct or unknown"


class Event(models.TextChoices):
    """What is counted: a page shown, an arrival from outside, and the ways of taking part."""

    VIEW = "view", "Page views"
    ARRIVAL = "arrival", "Arrivals"
    REGISTRATION = "registration", "Workshop registrations"
    COMMENT = "comment", "Comments on consultations"
    POST = "post", "Discussion posts"
    APPLICATION = "application", "Ambassador applications"
    FOLLOW = "follow", "Follows"


CONVERSIONS = (Event.REGISTRATION, Event.COMMENT, Event.POST, Event.APPLICATION, Event.FOLLOW)


class ShareCodeQuerySet(models.QuerySet["ShareCode"]):
    def active(self) -> ShareCodeQuerySet:
        return self.filter(revoked_at__isnull=True)


class ShareCode(models.Model):
    """The short code in a person's (or a site team's) shared links: `?via=<code>`.

    One active code per person per site, and one for the site itself (posters in the
    library). The code is random and names no one; only coordinators and the site's lead see
    whose it is. Revoking stamps `revoked_at`: the code then counts nothing, and what it
    counted stays.
    """

    code = models.CharField(max_length=16, unique=True, default=new_share_code)
    site = models.ForeignKey(PilotSite, on_delete=models.CASCADE, related_name="share_codes")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="share_codes",
        help_text="Empty for the site's own code, and once its person closed their account.",
    )
    is_site_code = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ShareCodeQuerySet.as_manager()

    class Meta:
        ordering = ["site", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "person"],
                condition=models.Q(revoked_at__isnull=True, person__isnull=False),
                name="sharecode_one_active_per_person_site",
            ),
            models.UniqueConstraint(
                fields=["site"],
                condition=models.Q(revoked_at__isnull=True, is_site_code=True),
                name="sharecode_one_active_site_code",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class Tally(models.Model):
    """How many times one thing happened on one day: the only record counting keeps.

    `path` is a page's canonical address for views (and where an arrival landed); `code`
    and `channel` say what brought an arrival or a conversion. Several rows may share a key
    (counts from processes that flushed at once); readers always sum.
    """

    day = models.DateField(db_index=True)
    site = models.ForeignKey(
        PilotSite, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    event = models.CharField(max_length=20, choices=Event)
    path = models.CharField(max_length=200, blank=True)
    code = models.ForeignKey(
        ShareCode, on_delete=models.SET_NULL, null=True, blank=True, related_name="tallies"
    )
    channel = models.CharField(max_length=20, choices=Channel, blank=True)
    # A referring website's host name (never its path: that could name a person's page).
    referrer = models.CharField(max_length=100, blank=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name_plural = "tallies"
        indexes = [models.Index(fields=["site", "event", "day"], name="tally_site_event_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.event} {self.path or self.channel}: {self.count}"
