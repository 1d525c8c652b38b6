"""A person's ambassador applications, for their account page (the `account_summary`
hook): one query, however many they made."""

from __future__ import annotations

from django.urls import reverse
from django.utils import dateformat, timezone

from programme.account import SHOWN_PER_PART, Item, Part
from programme.models import User

from .models import Application


def parts(user: User) -> list[Part]:
    applications = list(
        Application.objects.not_anonymised()
        .filter(person=user)
        .select_related("site")
        .order_by("-created_at", "-pk")[: SHOWN_PER_PART + 1]
    )
    items = [
        Item(
            label=f"Community ambassador for {application.site.name}",
            url=reverse("ambassadors:status", args=[application.token]),
            detail=(
                f"Applied {dateformat.format(timezone.localtime(application.created_at), 'j F Y')}"
                f" · {application.get_stage_display()}"
            ),
        )
        for application in applications[:SHOWN_PER_PART]
    ]
    under_way = any(not application.is_closed for application in applications)
    return [
        Part(
            title="Your ambassador applications",
            items=items,
            empty="You have not applied to be a community ambassador.",
            see_all_url=reverse("ambassadors:onboarding") if under_way else "",
            see_all_label="Your ambassador page" if under_way else "",
            order=40,
            more=len(applications) > SHOWN_PER_PART,
        )
    ]
