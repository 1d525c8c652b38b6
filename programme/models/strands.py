"""Strands of work (technology, social, ...) and the people who take roles on them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from .people import PilotSite


class Strand(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=50, unique=True)
    description = models.TextField(max_length=2000, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class StrandRole(models.TextChoices):
    LEAD = "lead", "Strand lead"
    MEMBER = "member", "Member"
    CRITICAL_FRIEND = "critical_friend", "Critical friend"
    SITE_CONTACT = "site_contact", "Site contact"


class StrandMemberQuerySet(models.QuerySet["StrandMember"]):
    def current(self) -> StrandMemberQuerySet:
        return self.filter(ended_at__isnull=True)


class StrandMember(models.Model):
    """A person's role on a strand; a site contact speaks for the strand at one site."""

    strand = models.ForeignKey(Strand, on_delete=models.PROTECT, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="strand_roles"
    )
    role = models.CharField(max_length=20, choices=StrandRole)
    site = models.ForeignKey(
        PilotSite, on_delete=models.PROTECT, null=True, blank=True, related_name="strand_contacts"
    )
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = StrandMemberQuerySet.as_manager()

    class Meta:
        ordering = ["strand", "role", "user__full_name"]
        constraints = [
            models.CheckConstraint(
                name="strandmember_contact_has_site",
                condition=models.Q(role="site_contact", site__isnull=False)
                | ~models.Q(role="site_contact"),
            ),
            models.UniqueConstraint(
                fields=["strand", "role"],
                condition=models.Q(role="lead", ended_at__isnull=True),
                name="strandmember_one_current_lead",
            ),
        ]

    def __str__(self) -> str:
        where = f" ({self.site})" if self.site_id else ""
        return f"{self.user} — {self.get_role_display()}, {self.strand}{where}"
