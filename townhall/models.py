"""The public town hall sites: one per pilot site, with pages built from blocks."""

from __future__ import annotations

import datetime as dt
import re

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from policy_drafts.models import Agreement, PolicyDraft
from programme.capacities import SpokenCapacity
from programme.models import AuditEntry, ModeratedContent, PilotSite, User
from programme.platform.fields import RenderedMarkdownField
from programme.platform.uploads import SafeImageField

from .blocks import needs_rendering, with_rendered_text

HEX_PATTERN = r"^#[0-9a-fA-F]{6}$"
HEX_COLOUR = RegexValidator(HEX_PATTERN, "Give a colour as # and six hex digits, e.g. #1b3a57.")


def readable_with_white(value: str) -> None:
    """The site's band carries white text, so its colour must give at least 4.5:1 contrast (WCAG AA)."""
    if not re.match(HEX_PATTERN, value or ""):
        return  # the format validator reports it

    def channel(hex_pair: str) -> float:
        c = int(hex_pair, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(value[i : i + 2]) for i in (1, 3, 5))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    if 1.05 / (luminance + 0.05) < 4.5:
        raise ValidationError(
            "White text is hard to read on this colour; choose a darker one (contrast below 4.5:1)."
        )


class TownhallSite(models.Model):
    pilot_site = models.OneToOneField(PilotSite, on_delete=models.PROTECT, related_name="townhall")
    name = models.CharField(
        max_length=100, help_text="What residents call the site, e.g. Kirklees Together."
    )
    tagline = models.CharField(max_length=200, blank=True)
    hostname = models.CharField(
        max_length=200,
        unique=True,
        null=True,
        blank=True,
        help_text="Optional: a host name of its own (e.g. together.kirklees.example), which then serves the site at /. "
        "Add it to DJANGO_ALLOWED_HOSTS too.",
    )
    colour = models.CharField(
        max_length=7,
        default="#1b3a57",
        validators=[HEX_COLOUR, readable_with_white],
        help_text="The header colour; white text must be readable on it.",
    )
    logo = SafeImageField(
        upload_to="townhall/logos/",
        blank=True,
        help_text="Shown beside the site's name in the header; a PNG or JPEG about 48 pixels high.",
    )
    logo_alt = models.CharField(
        "logo alternative text",
        max_length=200,
        blank=True,
        help_text="Leave empty if the logo only repeats the site's name (it is then decorative).",
    )
    social_web_policy = models.ForeignKey(
        PolicyDraft,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The adopted policy content providers agree to. Feeds of providers who agreed to "
        "its current version appear without waiting for an ambassador.",
    )
    # When the ambassadors were last told that a first post is waiting (at most once an hour).
    waiting_notice_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("townhall:home", args=[self.pilot_site.slug])


class SiteEditorQuerySet(models.QuerySet["SiteEditor"]):
    def active(self) -> SiteEditorQuerySet:
        """Accepted and not withdrawn: these people edit."""
        return self.filter(revoked_at__isnull=True, user__isnull=False)

    def open(self) -> SiteEditorQuerySet:
        """Not withdrawn: editors and invitations still waiting."""
        return self.filter(revoked_at__isnull=True)


class SiteEditor(models.Model):
    """Someone the site lead permits to edit the site's pages. Revoking keeps the row.

    It starts as an invitation to an address (`user` empty); it takes effect when
    the person signed in with that confirmed address accepts it.
    """

    site = models.ForeignKey(TownhallSite, on_delete=models.PROTECT, related_name="editors")
    email = models.EmailField("invited address", blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="townhall_editing",
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    granted_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = SiteEditorQuerySet.as_manager()

    class Meta:
        ordering = ["granted_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "user"],
                condition=Q(revoked_at__isnull=True),
                name="siteeditor_one_active_per_person",
            ),
            models.UniqueConstraint(
                "site",
                Lower("email"),
                condition=Q(revoked_at__isnull=True, user__isnull=True),
                name="siteeditor_one_open_invitation_per_address",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user or self.email} edits {self.site}"

    @property
    def is_invitation(self) -> bool:
        return self.user_id is None


class Tag(models.Model):
    """A word that gathers a site's own pages and the items it brings in from elsewhere."""

    site = models.ForeignKey(TownhallSite, on_delete=models.PROTECT, related_name="tags")
    name = models.CharField(max_length=50)
    slug = models.SlugField(max_length=60)

    count: int  # how many pages and items carry it, where queries.tags_in_use sets it

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["site", "slug"], name="tag_unique_slug_per_site")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("townhall:tag", args=[self.site.pilot_site.slug, self.slug])


class PageKind(models.TextChoices):
    STANDARD = "standard", "Standard page"
    NEWS = "news", "News item"
    EVENT = "event", "Event page"
    CONSULTATION = "consultation", "Consultation page"
    GET_INVOLVED = "get_involved", "Get involved page"


PAGE_LISTINGS: dict[str, tuple[str, str]] = {
    PageKind.NEWS: ("townhall:news", "News"),
    PageKind.EVENT: ("townhall:events", "Workshops and events"),
    PageKind.CONSULTATION: ("townhall:have_your_say", "Have your say"),
    PageKind.GET_INVOLVED: ("townhall:get_involved", "Get involved"),
}


class PageQuerySet(models.QuerySet["Page"]):
    def live(self, now: dt.datetime | None = None) -> PageQuerySet:
        """Published, past its go-live time and before its expiry: checked on every request."""
        now = now or timezone.now()
        return self.filter(live_revision__isnull=False).filter(
            Q(go_live_at__isnull=True) | Q(go_live_at__lte=now),
            Q(expires_at__isnull=True) | Q(expires_at__gt=now),
        )


class Page(models.Model):
    site = models.ForeignKey(TownhallSite, on_delete=models.PROTECT, related_name="pages")
    image: SiteImage | None  # its first picture, where queries.with_images sets it
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    kind = models.CharField(max_length=15, choices=PageKind, default=PageKind.STANDARD)
    slug = models.SlugField(max_length=80)
    position = models.PositiveSmallIntegerField(default=0)
    in_menu = models.BooleanField(default=True)
    go_live_at = models.DateTimeField("goes live", null=True, blank=True)
    expires_at = models.DateTimeField("expires", null=True, blank=True)
    review_on = models.DateField("review by", null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    first_published_at = models.DateTimeField(null=True, blank=True)
    latest_revision = models.ForeignKey(
        "PageRevision", on_delete=models.PROTECT, null=True, related_name="+"
    )
    live_revision = models.ForeignKey(
        "PageRevision", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="pages")

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        indexes = [
            # A site's lists in their order, read in order and cut at a page: the news,
            # newest first, and the pages of a kind (events, consultations) in their place.
            models.Index(
                fields=["site", "kind", "-first_published_at", "-id"],
                name="townhall_page_site_news",
            ),
            models.Index(fields=["site", "kind", "position", "id"], name="townhall_page_site_kind"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["site", "slug"], name="page_unique_slug_per_site"),
            models.CheckConstraint(
                name="page_expires_after_going_live",
                condition=Q(go_live_at__isnull=True)
                | Q(expires_at__isnull=True)
                | Q(expires_at__gt=models.F("go_live_at")),
            ),
        ]

    def __str__(self) -> str:
        return self.latest_revision.title if self.latest_revision else self.slug

    def get_absolute_url(self) -> str:
        return reverse("townhall:page", args=[self.site.pilot_site.slug, self.slug])

    @property
    def latest(self) -> PageRevision:
        """The latest revision: a page has one from the moment it is created."""
        if self.latest_revision is None:
            raise ValueError("a page is created with its first revision")
        return self.latest_revision

    @property
    def live(self) -> PageRevision:
        """The revision the public sees, for a page known to be published."""
        if self.live_revision is None:
            raise ValueError("only a published page has a live revision")
        return self.live_revision

    @property
    def listing(self) -> tuple[str, str] | None:
        """The section that lists pages of this kind, as (URL name, label), for breadcrumbs."""
        return PAGE_LISTINGS.get(self.kind)


class PageRevision(models.Model):
    """Every save of a page: its title, summary and blocks as they stood. Never changed afterwards."""

    page = models.ForeignKey(Page, on_delete=models.PROTECT, related_name="revisions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=300, blank=True)
    blocks = models.JSONField(default=list)
    # The words of the title, summary and blocks, kept for search.
    search_text = models.TextField(blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["page", "number"]
        constraints = [
            models.UniqueConstraint(fields=["page", "number"], name="revision_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.title} (revision {self.number})"

    @classmethod
    def rerender_stale_markdown(cls) -> int:
        """Store a fresh rendering of text blocks whose HTML is missing or from an older renderer.

        The words of a revision never change; only the HTML stored beside them does.
        """
        count = 0
        for pk, blocks in cls.objects.values_list("pk", "blocks").iterator():
            if needs_rendering(blocks):
                cls.objects.filter(pk=pk).update(blocks=with_rendered_text(blocks))
                count += 1
        return count


class SiteImage(models.Model):
    """An image uploaded to one site's library; other sites never see it."""

    site = models.ForeignKey(TownhallSite, on_delete=models.PROTECT, related_name="images")
    file = SafeImageField(upload_to="townhall/%Y/%m/")
    alt_text = models.CharField(max_length=300, blank=True)
    decorative = models.BooleanField(
        default=False, help_text="Adds nothing a screen reader user needs."
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    # Set while the image is only kept for an editor's page not saved yet (chosen in the
    # editor, shown there at once); cleared when a saved revision uses it. One kept a day
    # and never saved is removed by a periodic job (services.forget_unsaved_images).
    pending_since = models.DateTimeField(null=True, blank=True, editable=False)

    def __str__(self) -> str:
        return self.alt_text or self.file.name


# A post anyone may read: approved, and neither hidden by a moderator nor withdrawn.
SHOWN_POST = Q(approved_at__isnull=False, hidden_at__isnull=True, withdrawn_at__isnull=True)


class PostQuerySet(models.QuerySet["Post"]):
    """Where each rule about which posts count is said once, for services, queries and
    templates alike (as comments have `.shown()`)."""

    def shown(self) -> PostQuerySet:
        """Posts anyone may read (what lists count, search finds, and keeps a discussion
        shown)."""
        return self.filter(SHOWN_POST)

    def in_thread(self) -> PostQuerySet:
        """Posts a thread lists: approved ones, a hidden or withdrawn one as such."""
        return self.filter(approved_at__isnull=False)

    def waiting(self) -> PostQuerySet:
        """First posts held for an ambassador (one its author withdrew waits for no one)."""
        return self.filter(approved_at__isnull=True, withdrawn_at__isnull=True)


class DiscussionQuerySet(models.QuerySet["Discussion"]):
    def shown(self) -> DiscussionQuerySet:
        """Discussions with at least one post anyone may read. One whose posts all wait for
        an ambassador, or are hidden or withdrawn, shows nothing: not even its title."""
        return self.filter(
            models.Exists(Post.objects.shown().filter(discussion=models.OuterRef("pk")))
        )


class Discussion(models.Model):
    post_count: int  # annotated by townhall.queries (not stored)

    site = models.ForeignKey(TownhallSite, on_delete=models.PROTECT, related_name="discussions")
    title = models.CharField(max_length=200)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_post_at = models.DateTimeField(default=timezone.now)

    objects = DiscussionQuerySet.as_manager()

    class Meta:
        ordering = ["-last_post_at", "-pk"]
        # A site's list, in its order: a page of it reads the rows it shows.
        indexes = [models.Index(fields=["site", "-last_post_at", "-id"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("townhall:discussion", args=[self.site.pilot_site.slug, self.pk])


class Post(SpokenCapacity, ModeratedContent):
    """A post in a discussion. A newcomer's first post waits for an ambassador before it shows."""

    discussion = models.ForeignKey(Discussion, on_delete=models.PROTECT, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="townhall_posts"
    )
    body = models.TextField(max_length=10000)
    body_html = RenderedMarkdownField(source="body")
    created_at = models.DateTimeField(default=timezone.now)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["discussion", "created_at"]),
            # The few posts waiting for an ambassador, counted on every moderator's page.
            models.Index(
                fields=["discussion"],
                condition=Q(approved_at__isnull=True, withdrawn_at__isnull=True),
                name="townhall_post_waiting",
            ),
            # Whether a discussion has a post anyone may read, and how many: the discussion
            # list's count probes each discussion's shown posts from the index alone.
            models.Index(
                fields=["discussion"],
                condition=Q(
                    approved_at__isnull=False, hidden_at__isnull=True, withdrawn_at__isnull=True
                ),
                name="post_shown_discussion",
            ),
        ]

    def __str__(self) -> str:
        return f"Post by {self.author} in {self.discussion}"

    def get_absolute_url(self) -> str:
        # Its page of the discussion changes as posts come: this address finds it.
        return reverse("townhall:post", args=[self.discussion.site.pilot_site.slug, self.pk])

    @property
    def is_pending(self) -> bool:
        return self.approved_at is None

    def moderation_site(self) -> PilotSite:
        return self.discussion.site.pilot_site

    def is_visible_to(self, user: User | AnonymousUser) -> bool:
        """On a site the person can see; a post held for an ambassador only to its author
        and the site's moderators."""
        from programme.permissions import can_moderate

        from .permissions import can_view

        if not can_view(user, self.discussion.site):
            return False
        return not self.is_pending or self.author_id == user.pk or can_moderate(user, self)


class Complaint(models.Model):
    """Someone disagrees with a moderation decision; it goes to the coordinators."""

    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="complaints")
    complainant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(max_length=5000)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Complaint about post {self.post_id}"


class AggregatedItem(ModeratedContent):
    """A post brought in from a feed in the site's social web audit, sanitised and attributed.

    An item from a content provider who has agreed to the site's social web policy is
    shown at once, and the agreement (which records the version) is kept with it;
    any other item waits for an ambassador.
    """

    site = models.ForeignKey(TownhallSite, on_delete=models.PROTECT, related_name="feed_items")
    source = models.ForeignKey(AuditEntry, on_delete=models.PROTECT, related_name="feed_items")
    guid = models.CharField(max_length=500)
    title = models.CharField(max_length=300)
    link = models.URLField(max_length=1000, blank=True)
    summary = models.TextField(blank=True, help_text="Sanitised HTML.")
    author_name = models.CharField(max_length=200, blank=True)
    published_at = models.DateTimeField()
    fetched_at = models.DateTimeField(default=timezone.now)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The provider's agreement that let this item through without moderation.",
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="feed_items")

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = "item from around the web"
        verbose_name_plural = "items from around the web"
        constraints = [
            models.UniqueConstraint(fields=["source", "guid"], name="feeditem_unique_per_source")
        ]
        indexes = [models.Index(fields=["site", "-published_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"{reverse('townhall:around', args=[self.site.pilot_site.slug])}#item-{self.pk}"

    @property
    def is_pending(self) -> bool:
        return self.approved_at is None

    def moderation_author(self) -> User | None:
        return self.source.feed_provider

    def moderation_author_id(self) -> int | None:
        return self.source.feed_provider_id

    def moderation_byline(self) -> str:
        return f"From {self.source.name}"

    def moderation_site(self) -> PilotSite:
        return self.site.pilot_site

    def is_visible_to(self, user: User | AnonymousUser) -> bool:
        """On a site the person can see; an item waiting for an ambassador only to moderators."""
        from programme.permissions import can_moderate

        from .permissions import can_view

        if not can_view(user, self.site):
            return False
        return not self.is_pending or can_moderate(user, self)

    def moderation_excerpt(self) -> str:
        return self.title


class FeedChecker(models.TextChoices):
    """What fetched a feed: the worker's schedule, someone at the command line, the demo."""

    SCHEDULE = "schedule", "The regular fetch"
    COMMAND = "command", "The fetch_feeds command"
    DEMO = "demo", "The demo data"
    EARLIER = "earlier", "Not recorded (checked before this was kept)"


class FeedState(models.Model):
    """What the town hall last found fetching an audit entry's feed, and the validators the
    feed gave (so an unchanged feed answers 304). Kept apart from the audit entry, which
    people edit: it is about the address in `url`, and says nothing once the entry's feed
    address changes."""

    entry = models.OneToOneField(
        AuditEntry, on_delete=models.CASCADE, primary_key=True, related_name="feed_state"
    )
    url = models.URLField("feed address checked", max_length=500)
    checked_at = models.DateTimeField("last checked")
    checked_by = models.CharField("checked by", max_length=10, choices=FeedChecker)
    healthy = models.BooleanField()
    problem = models.CharField(max_length=300, blank=True)
    etag = models.CharField(max_length=300, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)

    class Meta:
        verbose_name = "feed check"

    def __str__(self) -> str:
        return f"Feed of {self.entry}"

    @property
    def is_current(self) -> bool:
        """About the address the entry holds now (a changed address starts afresh)."""
        return self.url == self.entry.feed_url
