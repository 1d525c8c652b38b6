from __future__ import annotations

import django_tables2 as tables
from django.template.defaultfilters import date as date_filter
from django.utils.html import format_html

from .models import Workshop


class WorkshopTable(tables.Table):
    title = tables.Column(verbose_name="Workshop")
    site = tables.Column(order_by=("site__name",))
    starts_at = tables.DateTimeColumn(verbose_name="Starts")
    places = tables.Column(
        verbose_name="Places",
        empty_values=(),
        order_by=("confirmed_count",),
        exclude_from_export=True,
    )
    # In the CSV download only.
    ends_at = tables.Column(verbose_name="Ends", visible=False)
    capacity = tables.Column(visible=False)
    confirmed_count = tables.Column(verbose_name="Confirmed", visible=False)
    waitlist_count = tables.Column(verbose_name="Waiting", visible=False)
    venue_name = tables.Column(verbose_name="Venue", visible=False, default="")
    online_url = tables.Column(verbose_name="Online", visible=False, default="")

    class Meta:
        model = Workshop
        fields = ["title", "site", "kind", "starts_at", "status", "places"]
        sequence = (
            "title",
            "site",
            "kind",
            "starts_at",
            "ends_at",
            "status",
            "places",
            "capacity",
            "confirmed_count",
            "waitlist_count",
            "venue_name",
            "online_url",
        )
        attrs = {"class": "table align-middle"}
        order_by = ("starts_at",)
        empty_text = "No workshops match."

    def render_title(self, record: Workshop, value: str) -> str:
        return format_html('<a href="{}">{}</a>', record.get_absolute_url(), value)

    def value_title(self, value: str) -> str:
        return value

    def value_site(self, record: Workshop) -> str:
        return record.site.name

    def value_starts_at(self, value: object) -> object:
        return value

    def render_starts_at(self, record: Workshop) -> str:
        return date_filter(record.starts_at, "j F Y, H:i")

    def render_places(self, record: Workshop) -> str:
        text = record.places_text
        if record.waitlist_count:
            return format_html(
                '{} <span class="badge text-bg-warning">{} waiting</span>',
                text,
                record.waitlist_count,
            )
        return text
