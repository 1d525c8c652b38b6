from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

from programme.models import PilotSite
from programme.platform.fields import RenderedMarkdownField
from programme.platform.text import in_words, plural


class WorkshopKind(models.TextChoices):
    INTERNAL_BRIEFING = "internal_briefing", "Internal team briefing"
    MEMBERS_BRIEFING = "members_briefing", "Members' briefing"
    EXTERNAL_PARTNERS = "external_partners", "External partners"
    AMBASSADOR_INDUCTION = "ambassador_induction", "Ambassador induction"
    LAUNCH = "launch", "Launch"
    OTHER = "other", "Other"


# Briefings inform; they are not where decisions are taken, and the pack says so.
BRIEFING_KINDS = frozenset({WorkshopKind.INTERNAL_BRIEFING, WorkshopKind.MEMBERS_BRIEFING})
# For the council's own people, whoever may register: never in a public list.
INTERNAL_KINDS = frozenset({WorkshopKind.INTERNAL_BRIEFING})


class Audience(models.TextChoices):
    OFFICERS = "officers", "Officers"
    MEMBERS = "members", "Elected members"
    CONTENT_PROVIDERS = "content_providers", "Content providers"
    AMBASSADORS = "ambassadors", "Ambassadors"
    RESIDENTS = "residents", "Residents"


# The audiences as a resident reads them in a sentence: "For officers and residents", "You
# are coming as a resident". The choices' own labels are the staff's names, kept as stored.
AUDIENCE_PLURAL = {
    Audience.OFFICERS: "council officers",
    Audience.MEMBERS: "elected members",
    Audience.CONTENT_PROVIDERS: "local groups and organisations who write for the site",
    Audience.AMBASSADORS: "community ambassadors",
    Audience.RESIDENTS: "residents",
}
AUDIENCE_ONE = {
    Audience.OFFICERS: "an officer",
    Audience.MEMBERS: "an elected member",
    Audience.CONTENT_PROVIDERS: "a local group or organisation who writes for the site",
    Audience.AMBASSADORS: "a community ambassador",
    Audience.RESIDENTS: "a resident",
}
# What kind of workshop it is, as a sentence about the site ("... at Kirklees").
KIND_SENTENCE = {
    WorkshopKind.INTERNAL_BRIEFING: "A briefing for the council's own teams at {site}",
    WorkshopKind.MEMBERS_BRIEFING: "A briefing for elected members at {site}",
    WorkshopKind.EXTERNAL_PARTNERS: (
        "A workshop at {site} for local groups and organisations who work with the council"
    ),
    WorkshopKind.AMBASSADOR_INDUCTION: "A welcome session for new community ambassadors at {site}",
    WorkshopKind.LAUNCH: "The launch of the town hall site at {site}",
    WorkshopKind.OTHER: "A workshop at {site}",
}


class Access(models.TextChoices):
    OPEN = "open", "Anyone signed in (or by email)"
    INVITATION = "invitation", "Invitation only"


class WorkshopStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    CANCELLED = "cancelled", "Cancelled"
    HELD = "held", "Held"


# The rule of `WorkshopQuerySet.public`, to combine with others in one filter.
PUBLIC = (
    ~models.Q(status=WorkshopStatus.DRAFT)
    & models.Q(access=Access.OPEN)
    & ~models.Q(kind__in=INTERNAL_KINDS)
)


class WorkshopQuerySet(models.QuerySet["Workshop"]):
    def visible(self) -> WorkshopQuerySet:
        """What the public sees: everything but drafts."""
        return self.exclude(status=WorkshopStatus.DRAFT)

    def public(self) -> WorkshopQuerySet:
        """What anyone may find in a list, a search, a calendar or a feed: visible workshops
        open to all. Invitation-only and internal ones are for the people they are for
        (`workshops.permissions.may_see`), wherever they are listed."""
        return self.filter(PUBLIC)

    def upcoming(self) -> WorkshopQuerySet:
        return self.filter(ends_at__gte=timezone.now())

    def past(self) -> WorkshopQuerySet:
        return self.filter(ends_at__lt=timezone.now())


# What a planner fills in, in the order the form shows it; the services accept these.
PLANNED_FIELDS = [
    "title",
    "kind",
    "objectives",
    "audiences",
    "starts_at",
    "ends_at",
    "venue_name",
    "venue_address",
    "access_notes",
    "online_url",
    "capacity",
    "registration_opens_at",
    "registration_closes_at",
    "access",
]


class Workshop(models.Model):
    # Annotated by workshops.queries (not stored).
    confirmed_count: int
    waitlist_count: int

    site = models.ForeignKey(PilotSite, on_delete=models.PROTECT, related_name="workshops")
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=30, choices=WorkshopKind)
    objectives = models.TextField(
        max_length=5000, blank=True, help_text="Markdown: what people will leave with."
    )
    objectives_html = RenderedMarkdownField(source="objectives")
    audiences = models.JSONField(default=list, help_text="Audience values the workshop is for.")
    starts_at = models.DateTimeField("starts")
    ends_at = models.DateTimeField("ends")
    venue_name = models.CharField("venue", max_length=200, blank=True)
    venue_address = models.TextField("venue address", max_length=500, blank=True)
    access_notes = models.TextField(
        max_length=2000, blank=True, help_text="Step-free access, hearing loop, parking, ..."
    )
    online_url = models.URLField("online link", blank=True)
    capacity = models.PositiveIntegerField(
        help_text="Places; when they are taken, people join the waiting list."
    )
    registration_opens_at = models.DateTimeField("registration opens", null=True, blank=True)
    registration_closes_at = models.DateTimeField("registration closes", null=True, blank=True)
    access = models.CharField(
        "who may register", max_length=12, choices=Access, default=Access.OPEN
    )
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="workshops_facilitated"
    )
    status = models.CharField(max_length=10, choices=WorkshopStatus, default=WorkshopStatus.DRAFT)
    # Goes up on every change a calendar should pick up (time, place, cancellation).
    sequence = models.PositiveIntegerField(default=0)
    notified_nearly_full_at = models.DateTimeField(null=True, blank=True)
    notified_full_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = WorkshopQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                name="workshop_ends_after_start",
                condition=models.Q(ends_at__gt=models.F("starts_at")),
            ),
            models.CheckConstraint(name="workshop_has_places", condition=models.Q(capacity__gt=0)),
            models.CheckConstraint(
                name="workshop_registration_closes_by_start",
                condition=models.Q(registration_closes_at__isnull=True)
                | models.Q(registration_closes_at__lte=models.F("starts_at")),
            ),
        ]
        indexes = [
            models.Index(fields=["site", "starts_at"]),
            models.Index(fields=["status", "starts_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("workshops:detail", args=[self.slug])

    @cached_property
    def facilitator_ids(self) -> frozenset[int]:
        """Who facilitates it, read once per loaded workshop (permissions ask often)."""
        return frozenset(self.facilitators.values_list("pk", flat=True))

    @property
    def is_briefing(self) -> bool:
        return self.kind in BRIEFING_KINDS

    @property
    def places_left(self) -> int:
        """Free places. Needs the `confirmed_count` annotation (workshops.queries)."""
        return max(self.capacity - self.confirmed_count, 0)

    @property
    def places_text(self) -> str:
        """Places, worded the same wherever they are shown: "18 of 20 places left"."""
        if not self.places_left:
            return "Full: join the waiting list"
        return f"{self.places_left} of {plural(self.capacity, 'place')} left"

    @property
    def is_draft(self) -> bool:
        return self.status == WorkshopStatus.DRAFT

    @property
    def is_published(self) -> bool:
        return self.status == WorkshopStatus.PUBLISHED

    @property
    def may_be_cancelled(self) -> bool:
        """Published and not over: the one rule the service and the page both ask. A draft
        is deleted or left unpublished instead; a workshop that took place is marked held."""
        return self.is_published and not self.has_ended

    @property
    def is_cancelled(self) -> bool:
        return self.status == WorkshopStatus.CANCELLED

    @property
    def is_held(self) -> bool:
        return self.status == WorkshopStatus.HELD

    @property
    def is_invitation_only(self) -> bool:
        return self.access == Access.INVITATION

    @property
    def is_public(self) -> bool:
        """The same rule as `Workshop.objects.public()`, for one loaded workshop."""
        return not self.is_draft and self.access == Access.OPEN and self.kind not in INTERNAL_KINDS

    @property
    def has_ended(self) -> bool:
        return self.ends_at < timezone.now()

    def audience_labels(self) -> list[str]:
        return [Audience(value).label for value in self.audiences if value in Audience.values]

    @property
    def audience_text(self) -> str:
        """Who it is for, as a sentence: "For council officers and residents."."""
        named = [AUDIENCE_PLURAL[Audience(v)] for v in self.audiences if v in Audience.values]
        return f"For {in_words(named)}." if named else "For everyone."

    @property
    def kind_text(self) -> str:
        """What kind of workshop it is, as a sentence: "A briefing for elected members at
        Kirklees"; the kind's own label ("External partners") is the planners' word."""
        sentence = KIND_SENTENCE.get(WorkshopKind(self.kind), KIND_SENTENCE[WorkshopKind.OTHER])
        return sentence.format(site=self.site.name)

    @property
    def location(self) -> str:
        """Where it happens, as a calendar shows it."""
        # Lines typed with their own commas ("1 High St,") are not written with two.
        lines = [self.venue_name, *self.venue_address.splitlines()]
        place = ", ".join(
            cleaned for line in lines if (cleaned := line.strip().rstrip(",;").strip())
        )
        if place and self.online_url:
            return f"{place} (or online: {self.online_url})"
        return place or self.online_url


class AgendaItem(models.Model):
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField(default=0)
    time = models.TimeField(null=True, blank=True)
    title = models.CharField(max_length=200)
    lead = models.CharField(max_length=150, blank=True)
    notes = models.TextField(max_length=1000, blank=True)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class Outcome(models.Model):
    """What came out of a workshop once it was held."""

    workshop = models.OneToOneField(Workshop, on_delete=models.PROTECT, related_name="outcome")
    # What anyone reading the workshop's page sees.
    public_summary = models.TextField("what came of it", max_length=5000, blank=True)
    # For the people running the programme only: never on a public page.
    notes = models.TextField("internal notes", max_length=20000, blank=True)
    decisions = models.TextField(max_length=10000, blank=True)
    public_summary_html = RenderedMarkdownField(source="public_summary")
    notes_html = RenderedMarkdownField(source="notes")
    decisions_html = RenderedMarkdownField(source="decisions")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Outcome of {self.workshop}"


class Feedback(models.Model):
    registration = models.OneToOneField(
        "workshops.Registration", on_delete=models.PROTECT, related_name="feedback"
    )
    rating = models.PositiveSmallIntegerField(choices=[(n, str(n)) for n in range(1, 6)])
    comments = models.TextField(max_length=5000, blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="feedback_rating_1_to_5", condition=models.Q(rating__gte=1, rating__lte=5)
            )
        ]

    def __str__(self) -> str:
        return f"Feedback {self.rating}/5"
