from __future__ import annotations

import datetime as dt
from typing import Any

import django_tables2 as tables
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from .models import ActionItem, AuditEntry, PilotSite


class PilotSiteTable(tables.Table):
    name = tables.Column(verbose_name="Site")
    council_name = tables.Column(verbose_name="Council")
    council_kind = tables.Column(verbose_name="Kind of council")
    joined_on = tables.DateColumn(verbose_name="Joined")
    town_hall = tables.Column(
        verbose_name="Town hall site", accessor="build_stage", orderable=False
    )
    initiatives = tables.Column(
        verbose_name="Related initiatives", empty_values=(), orderable=False
    )

    class Meta:
        model = PilotSite
        fields = ["name", "council_name", "council_kind", "region", "joined_on"]
        sequence = [
            "name",
            "town_hall",
            "council_name",
            "council_kind",
            "region",
            "joined_on",
            "initiatives",
        ]
        attrs = {"class": "table table-striped align-middle"}
        orderable = True
        order_by = "name"

    def __init__(
        self, *args: Any, linkable_site_ids: set[int] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.linkable_site_ids = linkable_site_ids or set()

    def render_name(self, record: PilotSite, value: str) -> str:
        # Only people who may open a site's programme profile get a link to it.
        if record.pk in self.linkable_site_ids:
            return format_html(
                '<a href="{}">{}</a>', reverse("programme:site", args=[record.slug]), value
            )
        return value

    def render_town_hall(self, record: PilotSite) -> str:
        # Every site's public address (DESIGN.md's /sites/<site>/): live, or what to do meanwhile.
        label = "Visit the site" if record.is_live else "Coming soon"
        return format_html(
            '<a href="/sites/{}/">{}<span class="visually-hidden"> of {}</span></a>',
            record.slug,
            label,
            record.name,
        )

    def render_initiatives(self, record: PilotSite) -> str:
        # Reads the prefetched initiatives, so the table costs no query per row.
        names = [initiative.name for initiative in record.initiatives.all()]
        if not names:
            return "None"
        return format_html_join(", ", "{}", ((name,) for name in names))


class ActionTable(tables.Table):
    title = tables.Column(verbose_name="What")
    owner = tables.Column(order_by=("owner__full_name",))
    site = tables.Column(order_by=("site__name",), default="Programme-wide")
    due_on = tables.DateColumn(verbose_name="Due", default="No date")
    status = tables.Column()
    meeting = tables.Column(verbose_name="Raised at", order_by=("meeting__starts_at",), default="—")
    # In the CSV download only.
    overdue = tables.Column(empty_values=(), visible=False, verbose_name="Overdue")
    notes = tables.Column(visible=False, default="")

    class Meta:
        model = ActionItem
        fields = ["title", "owner", "site", "due_on", "status", "meeting"]
        sequence = ("title", "owner", "site", "due_on", "status", "overdue", "meeting", "notes")
        attrs = {"class": "table align-middle"}
        row_attrs = {"class": lambda record: "table-warning" if record.is_overdue else ""}
        order_by = ("status", "due_on")
        empty_text = "No actions match."

    def render_owner(self, record: ActionItem) -> str:
        return record.owner.full_name

    def value_site(self, record: ActionItem) -> str:
        return record.site.name if record.site else ""

    def value_due_on(self, value: object) -> object:
        return value

    def value_overdue(self, record: ActionItem) -> str:
        return "yes" if record.is_overdue else "no"

    def value_meeting(self, record: ActionItem) -> str:
        return record.meeting.title if record.meeting else ""

    def render_due_on(self, record: ActionItem, value: dt.date) -> str:
        if record.is_overdue:
            return format_html(
                '{} <span class="badge text-bg-danger">Overdue</span>', date_filter(value)
            )
        return date_filter(value)

    def render_meeting(self, record: ActionItem) -> str:
        meeting = record.meeting
        if meeting is None:  # the column's default shows for actions raised outside a meeting
            return "—"
        return format_html('<a href="{}">{}</a>', meeting.get_absolute_url(), meeting.title)


class AuditEntryTable(tables.Table):
    site = tables.Column(order_by=("site__name",))
    name = tables.Column()
    reach = tables.Column(verbose_name="Reach", default="—")
    last_reviewed_on = tables.DateColumn(verbose_name="Last reviewed", default="Never")
    feed = tables.Column(
        empty_values=(), order_by=("feed_healthy",), verbose_name="Feed", accessor="feed_url"
    )
    edit = tables.Column(empty_values=(), orderable=False, verbose_name="")

    class Meta:
        model = AuditEntry
        fields = [
            "site",
            "category",
            "name",
            "owner",
            "reach",
            "activity",
            "relationship",
            "next_step",
            "last_reviewed_on",
            "feed",
        ]
        attrs = {"class": "table table-striped align-middle"}
        order_by = ("site", "category", "name")
        empty_text = "No audit entries match."

    def __init__(
        self, *args: Any, editable_site_ids: set[int] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.editable_site_ids = editable_site_ids or set()

    def render_name(self, record: AuditEntry, value: str) -> str:
        return format_html('<a href="{}">{}</a>', record.url, value)

    def render_feed(self, record: AuditEntry) -> str:
        """Whether the town hall could read the entry's feed when it last tried."""
        if not record.feed_url:
            return "—"
        if record.feed_healthy is None:
            return "Not checked yet"
        if record.feed_healthy:
            return "Healthy"
        return format_html(
            '<span class="badge text-bg-danger">Unhealthy</span> {}', record.feed_problem
        )

    def render_reach(self, value: int) -> str:
        return f"{value:,}"

    def render_edit(self, record: AuditEntry) -> str:
        if record.site_id not in self.editable_site_ids:
            return ""
        return format_html(
            '<a href="{}">Edit<span class="visually-hidden"> {}</span></a>',
            reverse("programme:audit_edit", args=[record.pk]),
            record.name,
        )
