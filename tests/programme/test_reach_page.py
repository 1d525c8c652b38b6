"""The reach page (#27): its figures are the events made here, by site, channel and sharer,
week by week, as charts a screen reader can read and tables beside them, and as CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from programme import reach_report
from programme.models import Channel, Event, Role, ShareCode, Tally
from programme.services import grant_role
from programme.services import reach as reach_services
from tests.factories import UserFactory, WorkshopFactory
from tests.programme.test_reach_counting import BROWSER, visit
from workshops.models import Audience

REACH = reverse("programme:reach")


@pytest.fixture(autouse=True)
def _public_base_url(settings):
    settings.PUBLIC_BASE_URL = "https://town.example"


@pytest.fixture
def live(site):
    from programme.models import BuildStage, PilotSite

    PilotSite.objects.filter(pk=site.pk).update(build_stage=BuildStage.LIVE)
    site.refresh_from_db()
    return site


@pytest.fixture
def workshop(coordinator, live):
    return WorkshopFactory.create(site=live, created_by=coordinator, capacity=20)


def register_through(client, workshop, code: ShareCode | None, n: int) -> None:
    extra = {"via": code.code, "ch": "whatsapp"} if code else {}
    sent = client.post(
        reverse("workshops:register", args=[workshop.slug]),
        {
            "guest_name": f"Guest {n}",
            "guest_email": f"guest{n}@example.net",
            "audience": Audience.RESIDENTS,
            "consent": "on",
            **extra,
        },
        headers={"User-Agent": BROWSER},
    )
    assert sent.status_code == 302


@pytest.fixture
def events(client, workshop, ambassador, live):
    """Five arrivals through the ambassador's WhatsApp link, two from search, one direct;
    two registrations through the link and one without."""
    code = reach_services.share_code_for(ambassador, live)
    path = workshop.get_absolute_url()
    for _ in range(5):
        visit(client, path, via=code.code, ch="whatsapp")
    visit(client, path, referer="https://www.google.com/")
    visit(client, path, referer="https://duckduckgo.com/")
    visit(client, path)
    register_through(client, workshop, code, 1)
    register_through(client, workshop, code, 2)
    register_through(client, workshop, None, 3)
    client.logout()
    return code


def test_the_page_s_figures_are_the_events_made(client, coordinator, events, live):
    client.force_login(coordinator)
    page = client.get(REACH, {"site": live.slug, "weeks": "4"})
    assert page.status_code == 200
    report = page.context["report"]
    assert report.views.total == 8
    assert report.arrivals.total == 8
    assert report.shared_arrivals.total == 5
    assert report.took_part.total == 3
    assert report.arrivals.weekly[-1] == 8  # all this week
    assert {row.label: row.total for row in report.channels} == {
        "WhatsApp": 5,
        "Search engine": 2,
        "Direct or unknown": 1,
    }
    [sharer] = report.sharers
    assert (sharer.label, sharer.code, sharer.arrivals, sharer.took_part) == (
        "Amir Patel",
        events.code,
        5,
        2,
    )
    assert [(s.label, s.count, s.of_first) for s in report.funnel] == [
        ("Arrived from outside the site", 8, 100),
        ("… of them through a share code", 5, 62),
        ("Took part", 3, 38),
    ]
    html = page.content.decode()
    # Charts a screen reader reads: a title and a description naming the figures.
    assert 'role="img" aria-labelledby="reach-weekly-title reach-weekly-desc"' in html
    assert "8 arrivals from outside the site, 5 of them through a share code" in html
    assert (
        "<caption>Kirklees: each week&#x27;s figures" in html
        or "<caption>Kirklees: each week" in html
    )


def test_the_csv_holds_the_same_figures(client, coordinator, events, live):
    client.force_login(coordinator)
    response = client.get(REACH, {"site": live.slug, "weeks": "4", "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Site", "Week beginning", "Measure", "Of which", "Count"]
    monday = reach_report.week_starts(1)[0].isoformat()
    this_week = {(r[2], r[3]): int(r[4]) for r in rows[1:] if r[1] == monday}
    assert this_week[("Arrivals", "")] == 8
    assert this_week[("Through a share code", "")] == 5
    assert this_week[("Took part", "")] == 3
    assert this_week[("Arrivals by channel", "WhatsApp")] == 5
    assert this_week[("Took part by way", "Workshop registrations")] == 3
    by_sharer = {(r[2], r[3]): int(r[4]) for r in rows[1:] if r[2].endswith("by sharer")}
    who = f"Amir Patel ({events.code})"
    assert by_sharer == {("Arrivals by sharer", who): 5, ("Took part by sharer", who): 2}


def test_weeks_are_counted_apart(coordinator, live):
    today = timezone.localdate()
    for days_ago, count in ((0, 2), (7, 3), (21, 4), (400, 99)):
        Tally.objects.create(
            day=today - dt.timedelta(days=days_ago),
            site=live,
            event=Event.ARRIVAL,
            channel=Channel.DIRECT,
            count=count,
        )
    report = reach_report.reach_report(live, weeks=4)
    assert report.arrivals.weekly == (4, 0, 3, 2)


def test_across_sites_and_each_site_apart(client, coordinator, events, live, other_site):
    Tally.objects.create(
        day=timezone.localdate(), site=other_site, event=Event.ARRIVAL, channel="direct", count=4
    )
    client.force_login(coordinator)
    every = client.get(REACH).context["report"]
    assert (every.site, every.arrivals.total) == (None, 12)
    assert client.get(REACH, {"site": "chorley"}).context["report"].arrivals.total == 4


def test_who_may_see_it(client, site_lead, resident, ambassador, live, other_site):
    client.force_login(site_lead)
    own = client.get(REACH)
    assert own.status_code == 200
    assert own.context["report"].site == live
    assert client.get(REACH, {"site": other_site.slug}).status_code == 404
    assert 'value=""' not in own.content.decode()  # no "All sites" for a site lead
    for person in (resident, ambassador):
        client.force_login(person)
        assert client.get(REACH).status_code == 403
    client.logout()
    visitor = client.get(REACH)
    assert visitor.status_code == 302
    assert visitor["Location"] == f"{reverse('accounts:login')}?next={REACH}"


@pytest.mark.parametrize("weeks", ["0", "-1", "9999", "x", "8" * 40])
def test_any_period_typed_is_a_period(client, coordinator, weeks):
    client.force_login(coordinator)
    page = client.get(REACH, {"weeks": weeks, "site": "<script>"})
    assert page.status_code == 404  # no such site
    page = client.get(REACH, {"weeks": weeks})
    assert page.status_code == 200
    assert page.context["weeks"] == reach_report.WEEKS


def test_queries_do_not_grow_with_the_counts(
    client, coordinator, live, ambassador, assert_bounded_queries
):
    client.force_login(coordinator)
    first = reach_services.share_code_for(ambassador, live)
    Tally.objects.create(
        day=timezone.localdate(), site=live, event=Event.ARRIVAL, code=first, count=1
    )

    def grow():
        today = timezone.localdate()
        for n in range(30):
            person = UserFactory.create(email=f"amb{n}@example.org")
            grant_role(actor=None, user=person, role=Role.AMBASSADOR, site=live)
            code = reach_services.share_code_for(person, live)
            for event in (Event.ARRIVAL, Event.REGISTRATION, Event.VIEW):
                Tally.objects.create(
                    day=today - dt.timedelta(days=n),
                    site=live,
                    event=event,
                    path=f"/sites/kirklees/page-{n}/",
                    code=code,
                    channel=Channel.BLUESKY,
                    count=n + 1,
                )

    assert_bounded_queries([REACH, f"{REACH}?site={live.slug}"], grow)


def test_an_ambassador_sees_their_own_figures_and_no_one_else_s(
    client, events, ambassador, live, site_lead
):
    other = reach_services.share_code_for(site_lead, live)
    Tally.objects.create(
        day=timezone.localdate(), site=live, event=Event.ARRIVAL, code=other, count=40
    )
    client.force_login(ambassador)
    page = client.get(reverse("ambassadors:onboarding"))
    own = page.context["reach"]
    assert (own.arrivals.total, own.took_part.total) == (5, 2)
    assert own.channels == [("WhatsApp", 5)]
    html = page.content.decode()
    assert "your links were followed 5 times" in html
    assert "people took part through them 2 times" in html
    assert "40" not in html.split('id="reach-heading"')[1].split("</section>")[0]


def test_the_privacy_notices_say_how_we_count(client, live):
    notice = client.get(reverse("privacy")).content.decode()
    section = notice.split('id="counting"')[1].split("<h2")[0]
    for words in ("set no cookie", "no IP address", "robots", "total for each day", "?via="):
        assert words in section, words
    site_notice = client.get(reverse("townhall:legal", args=[live.slug, "privacy"]))
    assert f"{reverse('privacy')}#counting" in site_notice.content.decode()
