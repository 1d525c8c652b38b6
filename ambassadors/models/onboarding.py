from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from programme.platform.fields import RenderedMarkdownField

from .applications import Application

LINK_REFUSED = (
    "Give a web address starting https:// (or http://), or an address on this site "
    "starting /, like /workshops/."
)


def validate_link(value: str) -> None:
    """A link an onboarding item may carry: an address on this site ("/workshops/") or an
    http(s) web address. Nothing a browser would run (javascript:, data:, vbscript:), no
    "//elsewhere" that leaves the site without saying so, and no spaces or control
    characters, which browsers drop from a scheme (a tab inside "javascript:")."""
    refused = ValidationError(LINK_REFUSED, code="unsafe_link")
    if not value or "\\" in value or any(c.isspace() or not c.isprintable() for c in value):
        raise refused
    if value.startswith("/"):
        if value.startswith("//"):
            raise refused
        return
    try:
        if urlsplit(value).scheme.lower() not in ("http", "https"):
            raise refused
        URLValidator(schemes=["http", "https"])(value)
    except (ValueError, ValidationError) as error:  # urlsplit refuses "http://[" with ValueError
        raise refused from error


class OnboardingKind(models.TextChoices):
    AGREEMENT = "agreement", "Agree to the ambassador agreement"
    READ_POLICY = "read_policy", "Read the social web policy"
    INDUCTION = "induction", "Attend an induction workshop"
    MODERATION_TRAINING = "moderation_training", "Moderation training"
    PERSONA = "persona", "Choose how you appear on the sites"
    FIRST_POST = "first_post", "Your first post"
    OTHER = "other", "Other"


class OnboardingItem(models.Model):
    """The onboarding template a coordinator edits; each approved ambassador gets a copy to work through."""

    kind = models.CharField(max_length=25, choices=OnboardingKind)
    label = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField(default=0)
    expires_after_months = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="For training that needs a refresher (e.g. 12 for moderation).",
    )
    text = models.TextField(
        "what to do",
        max_length=1000,
        blank=True,
        help_text="A few sentences the ambassador reads beside the tick box: what the step "
        "is and how to do it. Plain text, or Markdown for *emphasis* and lists.",
    )
    text_html = RenderedMarkdownField(source="text")
    link = models.CharField(
        max_length=500,
        blank=True,
        validators=[validate_link],
        help_text="Where to do it: an address on this site starting / (like /workshops/) "
        "or a web address starting https://.",
    )
    link_label = models.CharField(
        "link wording",
        max_length=100,
        blank=True,
        help_text='What the link says, e.g. "Book the induction workshop".',
    )

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            # A link always says where it goes; wording never stands without its link.
            models.CheckConstraint(
                condition=Q(link="", link_label="") | (~Q(link="") & ~Q(link_label="")),
                name="onboarding_item_link_has_wording",
            )
        ]

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        if self.link and not self.link_label.strip():
            raise ValidationError(
                {"link_label": 'Say what the link is for, e.g. "Read the ambassador agreement".'}
            )
        if self.link_label.strip() and not self.link:
            raise ValidationError(
                {"link": "Give the address this link wording goes to, or clear the wording."}
            )


class OnboardingStep(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="onboarding"
    )
    item = models.ForeignKey(OnboardingItem, on_delete=models.PROTECT, related_name="+")
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    expires_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["item__position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["application", "item"], name="onboarding_step_once")
        ]

    def __str__(self) -> str:
        return str(self.item)

    @property
    def is_done(self) -> bool:
        return self.done_at is not None and (
            self.expires_on is None or self.expires_on >= timezone.localdate()
        )
