from __future__ import annotations

import datetime as dt

import django_filters
from django.db.models import QuerySet
from django.utils import timezone

from programme.models import PilotSite

from .models import Application, Stage, Task


class ApplicationFilter(django_filters.FilterSet):
    site = django_filters.ModelChoiceFilter(
        queryset=PilotSite.objects.all(), empty_label="Any site"
    )
    stage = django_filters.ChoiceFilter(choices=Stage.choices, empty_label="Any stage")
    task = django_filters.ModelChoiceFilter(
        field_name="tasks", queryset=Task.objects.all(), empty_label="Any task"
    )
    waiting = django_filters.ChoiceFilter(
        label="Time in stage",
        method="filter_waiting",
        empty_label="Any",
        choices=[("7", "Over a week"), ("30", "Over a month")],
    )

    class Meta:
        model = Application
        fields = ["site", "stage", "task", "waiting"]

    def filter_waiting(
        self, queryset: QuerySet[Application], name: str, value: str
    ) -> QuerySet[Application]:
        return queryset.filter(stage_changed_at__lt=timezone.now() - dt.timedelta(days=int(value)))
