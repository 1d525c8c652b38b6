"""Counting without cookies or personal data (#27): views, arrivals through share codes and
channels, and the taking part they lead to, as the day's totals and nothing more."""

from __future__ import annotations

import pytest
from django.db.models import Sum
from django.urls import reverse

from programme import reach
from programme.models import BuildStage, Channel, Event, PilotSite, ShareCode, Tally
from programme.services import reach as reach_services
from tests.factories import WorkshopFactory
from townhall.models import TownhallSite
from workshops.models import Audience, Registration

BASE = "https://town.example"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"


@pytest.fixture(autouse=True)
def _public_base_url(settings):
    settings.PUBLIC_BASE_URL = BASE


@pytest.fixture
def live(site):
    PilotSite.objects.filter(pk=site.pk).update(build_stage=BuildStage.LIVE)
    TownhallSite.objects.filter(pilot_site=site).update(name="Kirklees Together")
    site.refresh_from_db()
    return site


@pytest.fixture
def workshop(coordinator, live):
    return WorkshopFactory.create(site=live, created_by=coordinator, capacity=20)


@pytest.fixture
def code(ambassador, live):
    return reach_services.share_code_for(ambassador, live)


def total(**where) -> int:
    return Tally.objects.filter(**where).aggregate(n=Sum("count"))["n"] or 0


def visit(client, path, *, referer="", **params):
    headers = {"User-Agent": BROWSER}
    if referer:
        headers["Referer"] = referer
    return client.get(path, params, headers=headers)


def test_a_share_link_followed_three_times_and_a_registration_through_it(
    client, workshop, code, live
):
    path = workshop.get_absolute_url()
    for referer in ("https://bsky.app/profile/someone", "", "https://www.facebook.com/"):
        page = visit(client, path, referer=referer, via=code.code, ch="bluesky")
        assert page.status_code == 200
        assert not page.cookies, "a shared link's page sets no cookie"
    # The page's Register button carries the code on to the form, and the form to its POST.
    register = reverse("workshops:register", args=[workshop.slug])
    assert f"{register}?via={code.code}&amp;ch=bluesky" in page.content.decode()
    form = visit(client, register, via=code.code, ch="bluesky")
    html = form.content.decode()
    assert f'name="via" value="{code.code}"' in html
    assert 'name="ch" value="bluesky"' in html
    sent = client.post(
        register,
        {
            "guest_name": "Rosa Field",
            "guest_email": "rosa@example.net",
            "audience": Audience.RESIDENTS,
            "consent": "on",
            "via": code.code,
            "ch": "bluesky",
        },
        headers={"User-Agent": BROWSER},
    )
    assert sent.status_code == 302
    assert sent["Location"] == reverse("workshops:guest_check_email", args=[workshop.slug])
    assert Registration.objects.filter(workshop=workshop).count() == 1

    assert total(event=Event.ARRIVAL, code=code) == 3
    assert total(event=Event.ARRIVAL, code=code, channel=Channel.BLUESKY) == 3
    assert total(event=Event.REGISTRATION, code=code, site=live) == 1
    assert total(event=Event.VIEW, path=path, site=live) == 3
    # The form's page names no canonical address: it is not a page of the site to count.
    assert total(event=Event.VIEW, path=register) == 0


def test_arrivals_by_what_the_browser_says_and_moves_within_the_site_are_not_arrivals(
    client, workshop, live
):
    path = workshop.get_absolute_url()
    visit(client, path, referer="https://t.co/abc")
    visit(client, path, referer="https://www.google.co.uk/")
    visit(client, path, referer="https://kirklees-blogs.example/post/42?me=rosa")
    visit(client, path)
    visit(client, path, referer=f"{BASE}/sites/kirklees/")  # from our own page
    assert total(event=Event.VIEW, path=path) == 5
    assert total(event=Event.ARRIVAL) == 4
    assert total(event=Event.ARRIVAL, channel=Channel.X) == 1
    assert total(event=Event.ARRIVAL, channel=Channel.SEARCH) == 1
    assert total(event=Event.ARRIVAL, channel=Channel.DIRECT) == 1
    other = Tally.objects.get(event=Event.ARRIVAL, channel=Channel.OTHER_SITE)
    # The referring site's host only: its path could name a person's page.
    assert (other.referrer, other.count) == ("kirklees-blogs.example", 1)


@pytest.mark.parametrize(
    "agent",
    [
        "",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "Mastodon/4.3.0 (http.rb/5.2.0; +https://mastodon.social/)",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0",
        "curl/8.5.0",
    ],
)
def test_robots_and_link_preview_fetchers_are_not_counted(client, workshop, code, agent):
    client.get(workshop.get_absolute_url(), {"via": code.code}, headers={"User-Agent": agent})
    assert not Tally.objects.exists()


def test_prefetches_fetched_parts_and_head_requests_are_not_counted(client, workshop):
    path = workshop.get_absolute_url()
    client.get(path, headers={"User-Agent": BROWSER, "Sec-Purpose": "prefetch"})
    client.get(path, headers={"User-Agent": BROWSER, "HX-Request": "true"})
    client.head(path, headers={"User-Agent": BROWSER})
    assert not Tally.objects.exists()


def test_pages_served_from_the_page_cache_are_counted(client, live, settings):
    settings.TOWNHALL_PAGE_CACHE_SECONDS = 60
    home = reverse("townhall:home", args=[live.slug])
    for _ in range(3):
        assert visit(client, home).status_code == 200
    assert total(event=Event.VIEW, path=home, site=live) == 3


def test_a_revoked_code_counts_nothing_as_its_own(client, workshop, code, ambassador):
    reach_services.revoke_share_code(actor=ambassador, code=code)
    visit(client, workshop.get_absolute_url(), via=code.code)
    assert total(event=Event.ARRIVAL) == 1
    assert total(event=Event.ARRIVAL, code__isnull=False) == 0
    fresh = reach_services.share_code_for(ambassador, code.site)
    assert fresh.code != code.code
    assert fresh.is_active


@pytest.mark.parametrize(
    "hostile", ['"><script>alert(1)</script>', "a" * 5000, "ABC DEF", "%00", "ünï", "abc0"]
)
def test_a_hostile_code_is_no_code(client, workshop, hostile):
    page = visit(client, workshop.get_absolute_url(), via=hostile, ch="<b>")
    assert page.status_code == 200
    assert "<script>alert(1)" not in page.content.decode()
    assert "?via=" not in page.content.decode()
    assert total(event=Event.ARRIVAL, channel=Channel.DIRECT) == 1


def test_a_code_nobody_holds_counts_as_no_code(client, workshop):
    visit(client, workshop.get_absolute_url(), via="zzzzzzz", ch="mastodon")
    assert total(event=Event.ARRIVAL, code__isnull=True, channel=Channel.MASTODON) == 1


def test_a_code_names_no_one(ambassador, live, other_site):
    first = reach_services.share_code_for(ambassador, live)
    assert reach_services.share_code_for(ambassador, live) == first  # one per person per site
    elsewhere = reach_services.share_code_for(ambassador, other_site)
    assert elsewhere.code != first.code
    for part in [*ambassador.full_name.lower().split(), ambassador.email.split("@")[0]]:
        assert part not in first.code
    assert len(first.code) == 7
    assert reach.clean_code(first.code) == first.code


def test_the_counts_hold_nothing_about_a_person():
    fields = {field.name for field in Tally._meta.get_fields()}
    assert fields == {"id", "day", "site", "event", "path", "code", "channel", "referrer", "count"}


def test_only_its_owner_the_site_lead_or_a_coordinator_may_revoke_a_code(
    code, officer, site_lead, coordinator
):
    from programme.platform.errors import NotAllowed

    with pytest.raises(NotAllowed):
        reach_services.revoke_share_code(actor=officer, code=code)
    assert reach_services.revoke_share_code(actor=site_lead, code=code).revoked_at is not None


def test_counts_wait_in_memory_until_the_flush_is_due(client, workshop, settings):
    settings.REACH_FLUSH_SECONDS = 3600
    reach.counts.take()  # nothing of another test's
    visit(client, workshop.get_absolute_url())
    visit(client, workshop.get_absolute_url())
    assert not Tally.objects.exists()
    assert reach.flush() == 2  # the view's row and the arrival's
    assert total(event=Event.VIEW) == 2
    assert total(event=Event.ARRIVAL) == 2
    assert ShareCode.objects.count() == 0


def test_the_counts_cannot_tell_a_sharer_who_already_has_a_place(client, workshop, code, live):
    """A form answered by email instead ("you have a place already") counts as taking part
    all the same, like the page it shows: otherwise a sharer sending an address through
    their own code could read in their figures whether that person is registered."""
    register = reverse("workshops:register", args=[workshop.slug])
    sent = {
        "guest_name": "Rosa Field",
        "audience": Audience.RESIDENTS,
        "consent": "on",
        "via": code.code,
        "ch": "email",
    }
    answers = []
    for address in ("rosa@example.net", "rosa@example.net", "someone.new@example.net"):
        answer = client.post(
            register, {**sent, "guest_email": address}, headers={"User-Agent": BROWSER}
        )
        answers.append((answer.status_code, answer["Location"]))
    # The second answer is the same as the others, though it made nothing new.
    assert len(set(answers)) == 1
    assert Registration.objects.filter(workshop=workshop).count() == 2
    assert total(event=Event.REGISTRATION, code=code, site=live) == 3
