"""What workshops add to the programme's dashboard and go-live checklist."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from programme import readiness
from workshops.models import Workshop

from .conftest import plan


def test_the_dashboard_counts_workshops_held_and_planned(client_as, coordinator, site, workshop):
    past = plan(coordinator, site, title="Past one")
    Workshop.objects.filter(pk=past.pk).update(
        status="held",
        starts_at=timezone.now() - dt.timedelta(days=3),
        ends_at=timezone.now() - dt.timedelta(days=3, hours=-2),
    )
    page = client_as(coordinator).get(reverse("programme:dashboard")).content.decode()
    assert '<th scope="col">Workshops</th>' in page
    assert "1 held, 1 planned" in page


def test_going_live_needs_a_workshop_held(coordinator, site, workshop):
    checklist = {item.key: item.met for item in readiness.evaluate_checklist(site)}
    assert checklist["workshop_held"] is False
    Workshop.objects.filter(pk=workshop.pk).update(status="held")
    assert {item.key: item.met for item in readiness.evaluate_checklist(site)}[
        "workshop_held"
    ] is True


def test_workshops_are_in_the_header_for_everyone(client, db):
    assert 'href="/workshops/"' in client.get("/").content.decode()
