"""Your account lists what is yours (#26): places, waiting-list places, comments and whether
the owners answered, discussion posts, ambassador applications and what you follow; never
anyone else's, and in the same number of queries however much there is."""

from __future__ import annotations

import datetime as dt
import html
import itertools

import pytest
from django.urls import reverse
from django.utils import timezone

from ambassadors.demo import ensure_menus
from policy_drafts import services as draft_services
from policy_drafts.models import Comment, Response
from programme import following
from programme.account import SHOWN_PER_PART
from programme.models import Following
from tests.ambassadors.conftest import apply_to
from tests.factories import CommentFactory, PolicyDraftFactory, UserFactory, WorkshopFactory
from tests.workshops.conftest import at, book
from townhall.models import Discussion, Post

PROFILE = "/accounts/profile/"
_titles = itertools.count()


def _workshop(coordinator, site, *, places=5):
    n = next(_titles)
    return WorkshopFactory.create(
        site=site,
        created_by=coordinator,
        title=f"Workshop number {n}",
        capacity=places,
        starts_at=at(10 + n, 10),
        ends_at=at(10 + n, 13),
    )


@pytest.fixture
def draft_v1(coordinator):
    draft = PolicyDraftFactory.create(
        title="Social web policy",
        owners=[coordinator],
        sections=[("Moderation", "Ambassadors moderate the sites and give a reason.")],
    )
    return draft.versions.get()


def _post(townhall, author, body, *, title="Bus routes"):
    discussion = Discussion.objects.create(site=townhall, title=title, started_by=author)
    return Post.objects.create(
        discussion=discussion,
        author=author,
        body=body,
        capacity_kind="resident",
        capacity_label="Resident",
        approved_at=timezone.now(),
    )


def _comment(version, author, body):
    return Comment.objects.create(
        section=version.sections.get(),
        author=author,
        stance="support",
        body=body,
        capacity_kind="resident",
        capacity_label="Resident",
    )


@pytest.fixture
def everything(db, coordinator, resident, site, draft_v1, townhall):
    """A resident with one of each, and someone else with theirs."""
    ensure_menus()
    someone = UserFactory.create(full_name="Someone Else")
    booked = _workshop(coordinator, site)
    book(booked, resident)
    full = _workshop(coordinator, site, places=1)
    book(full, someone)
    book(full, UserFactory.create())  # first on the waiting list
    book(full, resident)  # second
    theirs = _workshop(coordinator, site)
    book(theirs, someone)

    said = CommentFactory.create(
        author=resident,
        section=draft_v1.sections.get(),
        stance="question",
        body="Who moderates the moderators?",
    )
    draft_services.respond(actor=coordinator, comment=said, body="The coordinators do.")
    _comment(draft_v1, someone, "Someone else's words on moderation.")

    post = _post(townhall, resident, "The 303 bus should run later.")
    _post(townhall, someone, "Someone else's post.", title="Their discussion")
    following.follow(person=resident, target=post.discussion)

    application = apply_to(site, person=resident)
    return {
        "booked": booked,
        "full": full,
        "theirs": theirs,
        "said": said,
        "post": post,
        "application": application,
    }


def test_a_resident_sees_each_thing_that_is_theirs(client_as, resident, everything):
    page = html.unescape(client_as(resident).get(PROFILE).content.decode())

    booked, full = everything["booked"], everything["full"]
    assert "Your workshop places" in page
    assert f'href="{booked.get_absolute_url()}">{booked.title}</a>' in page
    cancel = reverse("workshops:cancel_my_place", args=[booked.slug])
    assert f'action="{cancel}"' in page
    assert f"Cancel your place: {booked.title}" in page

    assert "Your places on waiting lists" in page
    assert f'href="{full.get_absolute_url()}">{full.title}</a>' in page
    assert "number 2 on the waiting list" in page
    leave = reverse("workshops:cancel_my_place", args=[full.slug])
    assert f'action="{leave}"' in page

    assert "Your comments on consultations" in page
    assert "Your comment on “Moderation”, Social web policy" in page
    assert f'href="{everything["said"].get_absolute_url()}"' in page
    assert "The owners answered" in page

    assert "Your discussion posts" in page
    assert f'href="{everything["post"].get_absolute_url()}"' in page
    assert "In “Bus routes”" in page

    assert "Your ambassador applications" in page
    status = reverse("ambassadors:status", args=[everything["application"].token])
    assert f'href="{status}"' in page
    assert "Applied" in page

    assert "What you follow" in page
    assert "Bus routes" in page
    assert f'href="{reverse("following:mine")}"' in page


def test_another_person_s_things_never_show(client_as, resident, everything):
    page = html.unescape(client_as(resident).get(PROFILE).content.decode())
    assert everything["theirs"].title not in page
    assert "Someone else's words" not in page
    assert "Their discussion" not in page
    assert "Someone else" not in page


def test_someone_with_nothing_is_told_so_under_each_heading(client_as, db):
    page = html.unescape(client_as(UserFactory.create()).get(PROFILE).content.decode())
    for empty in (
        "You have no places at workshops coming up.",
        "You are not waiting for a place at any workshop.",
        "You have not commented on a consultation yet.",
        "You have not posted in a discussion yet.",
        "You have not applied to be a community ambassador.",
        "You follow nothing yet.",
    ):
        assert empty in page


def test_the_account_page_runs_the_same_queries_as_what_is_theirs_grows(
    client_as, coordinator, resident, site, draft_v1, townhall, everything, assert_bounded_queries
):
    client_as(resident)

    def grow():
        for n in range(SHOWN_PER_PART + 2):
            book(_workshop(coordinator, site), resident)
            full = _workshop(coordinator, site, places=1)
            book(full, UserFactory.create())
            book(full, resident)
            said = _comment(draft_v1, resident, f"Another thought, number {n}.")
            Response.objects.create(comment=said, author=coordinator, body="Thanks.")
            post = _post(townhall, resident, f"Post number {n}", title=f"Topic {n}")
            following.follow(person=resident, target=post.discussion)
        # Older than the consultation the resident follows, so the latest listed are still of
        # two kinds (each kind of thing followed is read in one query).
        Following.objects.filter(
            person=resident, object_id__gt=everything["post"].discussion_id
        ).filter(content_type__model="discussion").update(
            created_at=timezone.now() - dt.timedelta(days=30)
        )

    assert_bounded_queries(PROFILE, grow)
    page = client_as(resident).get(PROFILE).content.decode()
    assert page.count("Cancel your place:") == SHOWN_PER_PART
    assert page.count("Leave the waiting list:") == SHOWN_PER_PART
    assert f"The latest {SHOWN_PER_PART} are shown" in page
