from __future__ import annotations

import django_filters
from django.utils import timezone

from .models import (
    ActionItem,
    ActionStatus,
    AuditCategory,
    AuditEntry,
    PilotSite,
    Relationship,
    User,
)
from .models.meetings import ActionItemQuerySet


class ActionFilter(django_filters.FilterSet):
    site = django_filters.ModelChoiceFilter(
        queryset=PilotSite.objects.all(), empty_label="Any site"
    )
    owner = django_filters.ModelChoiceFilter(
        queryset=User.objects.filter(actions_owned__isnull=False).distinct().order_by("full_name"),
        empty_label="Anyone",
    )
    status = django_filters.ChoiceFilter(choices=ActionStatus.choices, empty_label="Any status")
    overdue = django_filters.BooleanFilter(
        label="Overdue only", method="filter_overdue", widget=django_filters.widgets.BooleanWidget()
    )

    class Meta:
        model = ActionItem
        fields = ["site", "owner", "status", "overdue"]

    def filter_overdue(
        self, queryset: ActionItemQuerySet, name: str, value: bool | None
    ) -> ActionItemQuerySet:
        if value:
            return queryset.overdue(timezone.localdate())
        return queryset


class AuditFilter(django_filters.FilterSet):
    site = django_filters.ModelChoiceFilter(
        queryset=PilotSite.objects.all(), empty_label="Any site"
    )
    category = django_filters.ChoiceFilter(
        choices=AuditCategory.choices, empty_label="Any category"
    )
    relationship = django_filters.ChoiceFilter(
        choices=Relationship.choices, empty_label="Any relationship"
    )
    name = django_filters.CharFilter(lookup_expr="icontains", label="Name contains")

    class Meta:
        model = AuditEntry
        fields = ["site", "category", "relationship", "name"]
