from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils import timezone

from programme.models import PilotSite

from .models import Workshop, WorkshopKind, WorkshopStatus


class WorkshopFilter(django_filters.FilterSet):
    site = django_filters.ModelChoiceFilter(
        queryset=PilotSite.objects.all(), empty_label="Any site"
    )
    kind = django_filters.ChoiceFilter(choices=WorkshopKind.choices, empty_label="Any kind")
    when = django_filters.ChoiceFilter(
        label="When",
        method="filter_when",
        empty_label="Any time",
        choices=[("upcoming", "Upcoming"), ("past", "Past")],
    )
    status = django_filters.ChoiceFilter(choices=WorkshopStatus.choices, empty_label="Any status")

    class Meta:
        model = Workshop
        fields = ["site", "kind", "when", "status"]

    def filter_when(
        self, queryset: QuerySet[Workshop], name: str, value: str
    ) -> QuerySet[Workshop]:
        now = timezone.now()
        if value == "upcoming":
            return queryset.filter(ends_at__gte=now)
        if value == "past":
            return queryset.filter(ends_at__lt=now)
        return queryset
