"""Residents reach the town hall sites from the programme's front page; a site not live yet
says what it will be and what a resident can do now."""

import re

from django.urls import reverse

from programme.models import BuildStage, PilotSite
from tests.factories import PageFactory, WorkshopFactory


def links(html: str) -> set[str]:
    return set(re.findall(r'href="(/[^"]*)"', html))


def test_the_front_page_and_the_sites_table_link_to_every_town_hall_site(client, site, other_site):
    PilotSite.objects.filter(pk=site.pk).update(build_stage=BuildStage.LIVE)
    home = client.get("/").content.decode()
    assert {"/sites/kirklees/", "/sites/chorley/"} <= links(home)
    assert "visit Kirklees" in home
    assert "Coming soon" in home
    table = client.get(reverse("programme:sites")).content.decode()
    assert {"/sites/kirklees/", "/sites/chorley/"} <= links(table)


def test_a_visitor_crawling_from_the_front_page_reaches_a_live_site(client, site, site_lead):
    from townhall.permissions import site_for

    PilotSite.objects.filter(pk=site.pk).update(build_stage=BuildStage.LIVE)
    PageFactory.create(site=site_for(site.slug), created_by=site_lead, kind="news", title="Hi")
    seen: set[str] = set()
    queue = ["/"]
    while queue and len(seen) < 80:
        url = queue.pop(0)
        if url in seen or url.startswith(("/static/", "/media/", "/admin/")):
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code == 200 and "text/html" in response["Content-Type"]:
            queue += sorted(links(response.content.decode()) - seen)
    assert any(url.startswith("/sites/kirklees/") for url in seen)


def test_a_site_not_live_yet_says_what_a_resident_can_do_now(client, coordinator, site):
    workshop = WorkshopFactory.create(site=site, created_by=coordinator, title="Meet the team")
    page = client.get(reverse("townhall:home", args=[site.slug]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Kirklees Town Hall is coming soon" in html
    assert "/ambassadors/apply/?site=kirklees" in html
    assert workshop.get_absolute_url() in html
    # Following the ambassador link opens the application for this council.
    form = client.get("/ambassadors/apply/?site=kirklees").content.decode()
    assert re.search(rf'<option value="{site.pk}" selected>', form)
    # Any page of the site says the same, and nothing of the site's content leaks.
    assert "is coming soon" in client.get("/sites/kirklees/about-us/").content.decode()
