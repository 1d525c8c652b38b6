"""Programme updates, replies in a capacity, and the RSS/Atom feeds."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from programme import services
from programme.models import Reply, RoleGrant, Update
from programme.services import NotAllowed, ProgrammeError
from programme.services import updates as update_services
from tests.conftest import CAST

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def update(coordinator):
    return update_services.write_update(
        actor=coordinator,
        title="We had our second project meeting",
        body="We **met**.\n\n<script>x()</script>",
        publish=True,
    )


@pytest.fixture
def draft(coordinator):
    return update_services.write_update(actor=coordinator, title="Not yet", body="Draft text.")


def test_writing_an_update_gives_it_a_unique_slug(coordinator):
    first = update_services.write_update(
        actor=coordinator, title="Launch news", body="One", publish=True
    )
    second = update_services.write_update(
        actor=coordinator, title="Launch news", body="Two", publish=True
    )
    assert (first.slug, second.slug) == ("launch-news", "launch-news-2")


def test_only_coordinators_write_updates(site_lead):
    with pytest.raises(NotAllowed):
        update_services.write_update(actor=site_lead, title="Mine", body="x")


@pytest.mark.parametrize("role", CAST)
def test_published_updates_are_public_and_drafts_are_for_coordinators(
    client_as, person, site, update, draft, role
):
    client = client_as(person)
    assert client.get(update.get_absolute_url()).status_code == 200
    assert client.get(reverse("programme:updates")).status_code == 200
    assert client.get(draft.get_absolute_url()).status_code == (
        200 if role == "coordinator" else 404
    )
    listing = client.get(reverse("programme:updates")).content.decode()
    assert ("Not yet" in listing) == (role == "coordinator")


@pytest.mark.parametrize("role", CAST)
def test_writing_updates_is_for_coordinators(client_as, person, site, role):
    response = client_as(person).get(reverse("programme:update_create"))
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"] == (
            f"{reverse('accounts:login')}?next={reverse('programme:update_create')}"
        )
    else:
        assert response.status_code == (200 if role == "coordinator" else 403)


def test_the_update_body_is_rendered_from_markdown_and_sanitised(client, update):
    page = client.get(update.get_absolute_url()).content.decode()
    assert "<strong>met</strong>" in page
    assert "<script>x()" not in page


def test_publishing_an_update_through_the_form(client_as, coordinator):
    response = client_as(coordinator).post(
        reverse("programme:update_create"),
        {"title": "Workshops booked", "body": "All five.", "publish": "on"},
    )
    update = Update.objects.get(title="Workshops booked")
    assert response.url == update.get_absolute_url()
    assert update.is_published


def test_an_update_links_to_its_meeting(client, coordinator):
    import datetime as dt

    from django.utils import timezone

    from programme.services import meetings

    meeting = meetings.record_meeting(
        actor=coordinator,
        title="Second project meeting",
        starts_at=timezone.now() - dt.timedelta(days=1),
        place="Online",
    )
    update = update_services.write_update(
        actor=coordinator, title="About it", body="x", meeting=meeting, publish=True
    )
    assert meeting.get_absolute_url() in client.get(update.get_absolute_url()).content.decode()


def test_the_home_page_shows_the_latest_published_updates(client, update, draft):
    page = client.get("/").content.decode()
    assert update.title in page
    assert draft.title not in page


def test_replying_in_a_capacity_held_now(client_as, officer, update):
    response = client_as(officer).post(
        update.get_absolute_url(), {"body": "Good news.", "capacity": "officer:kirklees"}
    )

    reply = Reply.objects.get()
    assert response.url == reply.get_absolute_url()
    assert reply.capacity_label == "Officer of Kirklees Council"
    assert reply.capacity_site is not None
    assert reply.capacity_site.slug == "kirklees"


def test_an_officer_replying_as_a_resident_is_shown_as_a_personal_view(client_as, officer, update):
    client = client_as(officer)
    client.post(update.get_absolute_url(), {"body": "Speaking for myself.", "capacity": "resident"})

    page = client.get(update.get_absolute_url()).content.decode()
    assert "Resident (personal view)" in page


def test_a_capacity_not_held_is_refused_beside_the_field(client_as, resident, update):
    response = client_as(resident).post(
        update.get_absolute_url(), {"body": "I am the council!", "capacity": "officer:kirklees"}
    )

    assert response.status_code == 400
    assert 'href="#id_capacity_0"' in response.content.decode()
    assert "I am the council!" in response.content.decode()
    assert not Reply.objects.exists()


def test_the_capacity_stays_as_spoken_when_the_role_ends(coordinator, officer, update):
    reply = update_services.reply_to_update(
        author=officer, update=update, body="As an officer.", capacity="officer:kirklees"
    )
    services.revoke_role(actor=coordinator, grant=RoleGrant.objects.get(user=officer))

    reply.refresh_from_db()
    assert reply.capacity_label == "Officer of Kirklees Council"


def test_replies_are_refused_on_drafts(resident, draft):
    with pytest.raises(ProgrammeError) as error:
        update_services.reply_to_update(
            author=resident, update=draft, body="Early", capacity="resident"
        )
    assert error.value.code == "cannot_reply"


def test_anonymous_visitors_are_invited_to_sign_in_to_reply(client, update):
    page = client.get(update.get_absolute_url()).content.decode()
    assert "to reply" in page
    assert 'name="body"' not in page


def test_the_rss_feed_parses_and_lists_published_updates(client, update, draft):
    response = client.get(reverse("programme:updates_feed"))

    root = ET.fromstring(response.content)
    assert root.tag == "rss"
    titles = [item.findtext("title") for item in root.iter("item")]
    assert titles == [update.title]
    assert root.findtext("channel/item/link", "").endswith(update.get_absolute_url())
    assert "<strong>met</strong>" in root.findtext("channel/item/description", "")
    assert "<script>" not in root.findtext("channel/item/description", "")


def test_the_atom_feed_parses(client, update):
    root = ET.fromstring(client.get(reverse("programme:updates_atom")).content)
    assert root.tag == f"{ATOM}feed"
    entry = root.find(f"{ATOM}entry")
    assert entry is not None
    assert entry.findtext(f"{ATOM}title") == update.title
    assert entry.find(f"{ATOM}updated") is not None
    assert entry.findtext(f"{ATOM}author/{ATOM}name")


def test_the_update_list_and_page_run_the_same_queries_at_10_and_500(
    client, coordinator, resident, update, assert_bounded_queries
):
    from django.utils import timezone

    def add(count):
        now = timezone.now()
        Update.objects.bulk_create(
            Update(
                title=f"Update {n}",
                slug=f"bulk-{count}-{n}",
                body="Text",
                status="published",
                published_at=now,
                author=coordinator,
            )
            for n in range(count)
        )
        Reply.objects.bulk_create(
            Reply(
                update=update,
                author=resident,
                body=f"Reply {n}",
                capacity_kind="resident",
                capacity_label="Resident",
            )
            for n in range(count)
        )

    client.force_login(coordinator)
    add(10)
    urls = [reverse("programme:updates"), update.get_absolute_url(), "/"]
    assert_bounded_queries(urls, lambda: add(490))
