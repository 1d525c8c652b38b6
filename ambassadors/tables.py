from __future__ import annotations

import datetime as dt

import django_tables2 as tables
from django.template.defaultfilters import date as date_filter
from django.utils import timezone
from django.utils.html import format_html

from programme.platform.text import plural

from .models import Application


class ApplicationTable(tables.Table):
    full_name = tables.Column(verbose_name="Applicant")
    site = tables.Column(order_by=("site__name",))
    tasks = tables.Column(empty_values=(), orderable=False)
    stage_changed_at = tables.Column(verbose_name="In stage since")
    references_in = tables.Column(verbose_name="References received", orderable=False)

    class Meta:
        model = Application
        fields = [
            "full_name",
            "site",
            "neighbourhood",
            "stage",
            "tasks",
            "stage_changed_at",
            "references_in",
        ]
        attrs = {"class": "table align-middle"}
        order_by = ("stage_changed_at",)
        empty_text = "No applications match."

    def render_full_name(self, record: Application, value: str) -> str:
        return format_html('<a href="{}">{}</a>', record.get_absolute_url(), value)

    def value_full_name(self, value: str) -> str:
        return value

    def render_tasks(self, record: Application) -> str:
        return ", ".join(task.name for task in record.tasks.all())

    def value_tasks(self, record: Application) -> str:
        return "; ".join(task.name for task in record.tasks.all())

    def value_stage_changed_at(self, value: object) -> object:
        return value

    def render_stage_changed_at(self, value: dt.datetime) -> str:
        days = (timezone.now() - value).days
        return f"{date_filter(value)} ({plural(days, 'day')})"
