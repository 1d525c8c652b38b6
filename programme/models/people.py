"""People, pilot sites, roles and the activity log: the base every other app stands on."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    @classmethod
    def normalize_email(cls, email: str | None) -> str:
        # The whole address is compared case-insensitively, so store it lower-cased.
        return (email or "").strip().lower()

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email__iexact=(username or "").strip())

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        # Made at the command line by whoever runs the server: their address is taken as confirmed.
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("email_confirmed_at", timezone.now())
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person. They sign in with their email address.

    `display_name` and `bio` are the public half of their civic persona; which
    of their roles they show is recorded on each `RoleGrant`.
    """

    email = models.EmailField("email address", unique=True)
    full_name = models.CharField("full name", max_length=150)
    display_name = models.CharField(
        max_length=80,
        blank=True,
        help_text="How you appear beside what you write. Leave blank to use your full name.",
    )
    bio = models.TextField(
        "short bio",
        max_length=500,
        blank=True,
        help_text="A sentence or two about you, shown on your public profile. 500 characters at most.",
    )
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(
        "staff status",
        default=False,
        help_text="Can sign in to the back office with every permission they are given there.",
    )
    date_joined = models.DateTimeField(default=timezone.now)
    # Set when the person follows the link emailed to their address. Until then the
    # account may sign in and read, but holds no role and its reports and answers do not count.
    email_confirmed_at = models.DateTimeField("email address confirmed", null=True, blank=True)
    # Counts the changes of address asked for and made. Every confirmation link carries the
    # count it was made at, so only the latest change asked for can be confirmed, and once.
    email_changes = models.PositiveIntegerField(default=0, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ci"),
        ]

    def __str__(self) -> str:
        return self.public_name or self.email

    @property
    def is_confirmed(self) -> bool:
        """Whether the person has shown the email address is theirs; only then does the account count."""
        return self.is_active and self.email_confirmed_at is not None

    @property
    def public_name(self) -> str:
        return self.display_name or self.full_name

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.public_name


class CouncilKind(models.TextChoices):
    COUNTY = "county", "County council"
    DISTRICT = "district", "District council"
    UNITARY = "unitary", "Unitary authority"
    METROPOLITAN = "metropolitan", "Metropolitan borough"
    LONDON = "london", "London borough"


class BuildStage(models.TextChoices):
    """The technical build of a site's town hall, in order."""

    NOT_STARTED = "not_started", "Not started"
    SETTING_UP = "setting_up", "Setting up"
    CONTENT_READY = "content_ready", "Content ready"
    LIVE = "live", "Live"


class PilotSiteQuerySet(models.QuerySet["PilotSite"]):
    def with_initiatives(self) -> PilotSiteQuerySet:
        return self.prefetch_related("initiatives")


class PilotSite(models.Model):
    """One council taking part in the pilot, with its own public town hall site."""

    # Annotated by programme.queries for the dashboard (not stored).
    open_actions: int
    overdue_actions: int
    last_action_raised: dt.datetime | None
    last_action_change: dt.datetime | None

    name = models.CharField(max_length=100, unique=True, help_text="Short name, e.g. Kirklees.")
    slug = models.SlugField(max_length=50, unique=True)
    council_name = models.CharField(
        max_length=150, help_text="The council's full name, e.g. Kirklees Council."
    )
    council_kind = models.CharField("kind of council", max_length=20, choices=CouncilKind)
    region = models.CharField(max_length=100)
    joined_on = models.DateField("joined the pilot on")
    description = models.TextField(max_length=2000, blank=True)
    website = models.URLField(
        "council's website", blank=True, help_text="Linked from the foot of the town hall site."
    )
    councillors_url = models.URLField(
        "contact your councillor page",
        blank=True,
        help_text="The council's page where residents find and contact their councillors.",
    )
    contact_email = models.EmailField(
        "council's contact address",
        blank=True,
        help_text="Where residents write when the council has no councillors page.",
    )
    build_stage = models.CharField(
        max_length=20, choices=BuildStage, default=BuildStage.NOT_STARTED
    )
    build_stage_changed_at = models.DateTimeField(default=timezone.now)
    ambassador_target = models.PositiveSmallIntegerField(
        default=10, help_text="How many community ambassadors the site aims to recruit."
    )

    objects = PilotSiteQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "pilot site"

    def __str__(self) -> str:
        return self.name

    @property
    def is_live(self) -> bool:
        return self.build_stage == BuildStage.LIVE


class RelatedInitiative(models.Model):
    """A local programme a site runs alongside the pilot."""

    site = models.ForeignKey(PilotSite, on_delete=models.CASCADE, related_name="initiatives")
    name = models.CharField(max_length=150)
    description = models.TextField(max_length=2000, blank=True)
    url = models.URLField("link", blank=True)

    class Meta:
        ordering = ["site", "name"]
        constraints = [
            models.UniqueConstraint(fields=["site", "name"], name="initiative_unique_per_site"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.site})"


class Role(models.TextChoices):
    COORDINATOR = "coordinator", "Coordinator"
    CRITICAL_FRIEND = "critical_friend", "Critical friend"
    SITE_LEAD = "site_lead", "Site lead"
    OFFICER = "officer", "Officer"
    ELECTED_MEMBER = "elected_member", "Elected member"
    AMBASSADOR = "ambassador", "Community ambassador"
    CONTENT_PROVIDER = "content_provider", "Content provider"


PROGRAMME_ROLES = frozenset({Role.COORDINATOR, Role.CRITICAL_FRIEND})
SITE_ROLES = frozenset(set(Role) - PROGRAMME_ROLES)


class RoleGrantQuerySet(models.QuerySet["RoleGrant"]):
    def active(self) -> RoleGrantQuerySet:
        return self.filter(revoked_at__isnull=True)

    def for_site(self, site: PilotSite) -> RoleGrantQuerySet:
        return self.filter(site=site)


class RoleGrant(models.Model):
    """A role a person holds, programme-wide or at one site.

    Rows are never deleted: revoking stamps `revoked_at`, so the history of who
    held what, and who granted it, stays whole.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_grants"
    )
    role = models.CharField(max_length=20, choices=Role)
    site = models.ForeignKey(
        PilotSite, on_delete=models.PROTECT, null=True, blank=True, related_name="role_grants"
    )
    shown_on_persona = models.BooleanField(
        default=False, help_text="Shown on the person's public civic persona."
    )
    granted_at = models.DateTimeField(default=timezone.now)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = RoleGrantQuerySet.as_manager()

    class Meta:
        ordering = ["role", "site__name"]
        constraints = [
            models.CheckConstraint(
                name="rolegrant_site_matches_role",
                condition=(
                    models.Q(role__in=sorted(PROGRAMME_ROLES), site__isnull=True)
                    | models.Q(role__in=sorted(SITE_ROLES), site__isnull=False)
                ),
                violation_error_message="Programme roles have no site; site roles need one.",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "site"],
                condition=models.Q(revoked_at__isnull=True, site__isnull=False),
                name="rolegrant_one_active_site_role",
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=models.Q(revoked_at__isnull=True, site__isnull=True),
                name="rolegrant_one_active_programme_role",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.label}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @property
    def label(self) -> str:
        """The role as people read it: "Officer, Kirklees" or "Coordinator"."""
        role = Role(self.role).label
        return f"{role}, {self.site.name}" if self.site else role


class ActivityLog(models.Model):
    """Who did what, and when: one row per change, written by the service that made it."""

    occurred_at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty when the system acted (demo data, scheduled jobs).",
    )
    action = models.CharField(max_length=100, db_index=True)
    site = models.ForeignKey(PilotSite, on_delete=models.SET_NULL, null=True, blank=True)
    target_type = models.ForeignKey(ContentType, on_delete=models.SET_NULL, null=True, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    summary = models.CharField(max_length=300)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = "activity log entry"
        verbose_name_plural = "activity log"

    def __str__(self) -> str:
        return self.summary
