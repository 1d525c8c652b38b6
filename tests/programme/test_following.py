"""Residents hear back: a commenter is told of answers, replies, new versions and the outcome;
people follow a consultation, a discussion or a site, as it happens or weekly; every such
email stops with one click (RFC 8058), and nothing starts again from that link."""

from __future__ import annotations

import email
from email import policy

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from policy_drafts import services as drafts
from policy_drafts.models import Comment
from programme import following
from programme.models import BuildStage, Cadence, Following, Notice, PilotSite
from programme.services import moderation
from tests.factories import CommentFactory, DiscussionFactory, PolicyDraftFactory, UserFactory
from tests.policy_drafts.conftest import SECTIONS, working
from tests.workshops.conftest import plan
from townhall.permissions import site_for
from townhall.services import discussions
from workshops import services as workshops
from workshops.models import Access


def parsed(message):
    return email.message_from_bytes(message.message().as_bytes(), policy=policy.default)


def to(person) -> list:
    return [parsed(m) for m in mail.outbox if m.to == [person.email]]


@pytest.fixture
def draft(coordinator, site):
    """The coordinator's draft for the site, its version 1 open for comment."""
    return PolicyDraftFactory.create(
        title="Social web policy", site=site, owners=[coordinator], sections=SECTIONS
    )


def commented_section(draft):
    return draft.versions.order_by("-number").first().sections.first()


def comment_on(draft, person, body="Plain words, please."):
    """A resident's comment on the latest version, stored as commenting stores it (its
    author follows the draft)."""
    return CommentFactory.create(section=commented_section(draft), author=person, body=body)


def commenting(draft, person, body="Plain words, please."):
    """Commenting through the service, for the tests of what it does: its author follows."""
    return drafts.add_comment(
        author=person,
        section=commented_section(draft),
        capacity="resident",
        stance="support",
        body=body,
    )


def new_version(coordinator, draft, note="Shorter and plainer"):
    draft.refresh_from_db()
    sections = working(draft)
    sections[0]["body"] = sections[0]["body"] + " Plainly."
    drafts.save_working_copy(
        actor=coordinator, draft=draft, revision=draft.working_revision, sections=sections
    )
    return drafts.publish_version(actor=coordinator, draft=draft, change_note=note)


def test_a_commenter_follows_the_draft_and_hears_of_a_new_version_once(
    coordinator, resident, draft, django_capture_on_commit_callbacks
):
    commenting(draft, resident)
    commenting(draft, resident, "And shorter.")  # two comments: still one email per event
    assert Following.objects.of(draft).filter(person=resident).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        new_version(coordinator, draft)
    (message,) = to(resident)
    assert message["Subject"] == "Version 2 of Social web policy is published"
    text = message.get_body(("plain",)).get_content()
    assert "Shorter and plainer" in text
    assert "/policies/social-web-policy/v2/" in text
    assert "Changed: Why we have this policy." in text  # the sections it changed, by name
    assert "because you commented on Social web policy" in text
    assert to(coordinator) == []  # never told of their own act


def test_every_email_about_a_followed_thing_stops_with_one_click(
    client, coordinator, resident, draft, django_capture_on_commit_callbacks
):
    comment_on(draft, resident)
    with django_capture_on_commit_callbacks(execute=True):
        new_version(coordinator, draft)
    (message,) = to(resident)
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    https, mailto = [part.strip(" <>") for part in message["List-Unsubscribe"].split(",")]
    assert https.startswith("https://") or https.startswith("http://")
    assert mailto.startswith("mailto:")
    path = "/" + https.split("/", 3)[3]

    # A mail client's one-click POST: no session, no CSRF token (RFC 8058).
    strict = type(client)(enforce_csrf_checks=True)
    answer = strict.post(path, {"List-Unsubscribe": "One-Click"})
    assert answer.status_code == 200
    stopped = Following.objects.get(person=resident)
    assert stopped.stopped_at is not None
    # Replayed: still stopped, and nothing started again.
    strict.post(path, {"List-Unsubscribe": "One-Click"})
    assert Following.objects.filter(person=resident, stopped_at__isnull=True).count() == 0
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        new_version(coordinator, draft, "Third time")
    assert to(resident) == []
    # Commenting again does not start the emails they stopped.
    commenting(draft, resident, "One more thought.")
    assert Following.objects.filter(person=resident, stopped_at__isnull=True).count() == 0


def test_opening_the_stop_link_asks_and_stops_nothing(client, resident, draft):
    comment_on(draft, resident)
    found = Following.objects.get(person=resident)
    page = client.get(reverse("following:stop", args=[found.token]))
    assert page.status_code == 200
    assert "Stop these emails" in page.content.decode()
    found.refresh_from_db()
    assert found.stopped_at is None


def test_the_owners_answer_and_a_reply_go_to_the_commenter_alone(
    client_as, coordinator, resident, officer, draft, django_capture_on_commit_callbacks
):
    comment = comment_on(draft, resident)
    with django_capture_on_commit_callbacks(execute=True):
        drafts.respond(actor=coordinator, comment=comment, body="We kept it, in plain words.")
    (answer,) = to(resident)
    assert answer["Subject"] == "The owners of Social web policy answered your comment"
    text = answer.get_body(("plain",)).get_content()
    assert "We kept it, in plain words." in text
    assert f"/policies/comments/{comment.pk}/" in text
    assert answer["List-Unsubscribe"] is None  # a direct answer, not a list
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        drafts.reply(author=officer, parent=comment, body="Agreed.", capacity="resident")
    (reply,) = to(resident)
    assert "replied to your comment" in reply["Subject"]
    assert to(officer) == []


@pytest.mark.parametrize("why", ["unconfirmed", "hidden", "own"])
def test_no_answer_goes_where_it_should_not(
    coordinator, resident, draft, why, django_capture_on_commit_callbacks
):
    comment = comment_on(draft, resident)
    if why == "unconfirmed":
        type(resident).objects.filter(pk=resident.pk).update(email_confirmed_at=None)
        comment.author.refresh_from_db()
    elif why == "hidden":
        moderation.hide_content(moderator=coordinator, target=comment, reason="Off topic")
        comment = Comment.objects.get(pk=comment.pk)
    responder = resident if why == "own" else coordinator
    if why == "own":
        drafts.set_status(actor=coordinator, draft=draft, status="open")
    with django_capture_on_commit_callbacks(execute=True):
        if why == "own":
            drafts.reply(author=resident, parent=comment, body="Me again.", capacity="resident")
        else:
            drafts.respond(actor=responder, comment=comment, body="Noted.")
    assert to(resident) == []


def test_adopting_tells_each_commenter_what_came_of_each_comment_and_others_the_news(
    coordinator, resident, officer, elected_member, draft, django_capture_on_commit_callbacks
):
    answered = comment_on(draft, resident, "Plain words, please.")
    comment_on(draft, resident, "And a glossary.")
    drafts.respond(actor=coordinator, comment=answered, body="Done: plain words throughout.")
    comment_on(draft, officer, "Fine as it is.")
    following.stop(following=Following.objects.get(person=officer), how="test")
    following.follow(person=elected_member, target=draft)  # follows, never commented
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        drafts.set_status(actor=coordinator, draft=draft, status="reviewing")
    with django_capture_on_commit_callbacks(execute=True):
        drafts.adopt(actor=coordinator, draft=draft)
    closed, adopted = to(resident)
    assert closed["Subject"] == "Comments on Social web policy have closed"
    assert adopted["Subject"] == "Social web policy is adopted"
    text = adopted.get_body(("plain",)).get_content()
    # You said, we did: each of their comments, and its fate, in one email.
    assert "Plain words, please." in text
    assert "The owners answered: Done: plain words" in text
    assert "And a glossary." in text
    assert "The owners did not answer this one." in text
    assert adopted["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert [m["Subject"] for m in to(elected_member)] == [
        "Comments on Social web policy have closed",
        "Social web policy is adopted",
    ]
    assert "what came of it" not in to(elected_member)[1].get_body(("plain",)).get_content()
    assert to(officer) == []  # stopped following: told nothing
    assert to(coordinator) == []


def test_closing_a_draft_for_good_tells_commenters_what_came_of_it(
    coordinator, resident, draft, django_capture_on_commit_callbacks
):
    comment_on(draft, resident, "Plain words, please.")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        drafts.set_status(actor=coordinator, draft=draft, status="archived")
    (closed,) = to(resident)
    assert closed["Subject"] == "Social web policy is closed"
    assert "The owners did not answer this one." in closed.get_body(("plain",)).get_content()


def test_a_weekly_follower_gets_one_digest_of_the_week(
    coordinator, resident, draft, django_capture_on_commit_callbacks
):
    comment_on(draft, resident)
    Following.objects.filter(person=resident).update(cadence=Cadence.WEEKLY)
    with django_capture_on_commit_callbacks(execute=True):
        new_version(coordinator, draft, "Second")
        new_version(coordinator, draft, "Third")
    assert to(resident) == []  # kept for the digest
    assert Notice.objects.filter(sent_at__isnull=True).count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert following.send_digests() == "1 digest sent"
    (digest,) = to(resident)
    assert digest["Subject"] == "This week: Social web policy"
    text = digest.get_body(("plain",)).get_content()
    assert "Version 2 of" in text
    assert "Version 3 of" in text
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert following.send_digests() == "0 digests sent"  # nothing new, nothing sent
    assert to(resident) == []


def test_following_with_one_click_and_choosing_how_often(
    client_as, resident, draft, django_capture_on_commit_callbacks
):
    client = client_as(resident)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "Hear what happens next" in page
    reference = following.signed_reference(draft)
    response = client.post(
        reverse("following:follow"),
        {"target": reference, "cadence": "weekly", "next": draft.get_absolute_url()},
    )
    assert response.status_code == 302
    assert response.url == draft.get_absolute_url()
    found = Following.objects.get(person=resident)
    assert found.cadence == Cadence.WEEKLY
    assert found.why == "chose"
    mine = client.get(reverse("following:mine")).content.decode()
    assert "Social web policy" in mine
    client.post(reverse("following:mine"), {"following": found.pk, "cadence": "immediate"})
    found.refresh_from_db()
    assert found.cadence == Cadence.IMMEDIATE
    client.post(reverse("following:mine"), {"following": found.pk, "stop": "1"})
    found.refresh_from_db()
    assert found.stopped_at is not None


def test_a_visitor_follows_with_an_address_they_confirm(
    client, coordinator, draft, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("following:follow"),
            {
                "target": following.signed_reference(draft),
                "email": "nadia@example.org",
                "cadence": "immediate",
                "next": draft.get_absolute_url(),
            },
        )
    (confirm,) = [parsed(m) for m in mail.outbox]
    link = next(
        word for word in confirm.get_body(("plain",)).get_content().split() if "/confirm/" in word
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        new_version(coordinator, draft)
    assert mail.outbox == []  # not confirmed: never written to
    path = "/" + link.split("/", 3)[3]
    assert client.get(path).status_code == 200
    assert (
        Following.objects.get(email="nadia@example.org").confirmed_at is None
    )  # a GET confirms nothing
    client.post(path)
    with django_capture_on_commit_callbacks(execute=True):
        new_version(coordinator, draft, "Third")
    assert [m.to for m in mail.outbox] == [["nadia@example.org"]]


@pytest.mark.parametrize(
    "target",
    ["", "garbage", "x" * 5000, "WzEsMV0:1tampered:signature"],
)
def test_a_tampered_reference_follows_nothing(client_as, resident, draft, target):
    response = client_as(resident).post(
        reverse("following:follow"), {"target": target, "cadence": "immediate"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("home")  # no page given to go back to
    assert not Following.objects.exists()


@pytest.mark.parametrize("value", ["99999999999999999999999", "-1", "１２", "", "1e3"])
def test_the_list_refuses_what_is_not_theirs_without_a_500(client_as, resident, value):
    response = client_as(resident).post(reverse("following:mine"), {"following": value})
    assert response.status_code == 302
    assert response["Location"] == reverse("following:mine")


def test_someone_elses_following_cannot_be_changed_or_stopped(client_as, resident, officer, draft):
    comment_on(draft, officer)
    theirs = Following.objects.get(person=officer)
    client_as(resident).post(reverse("following:mine"), {"following": theirs.pk, "stop": "1"})
    theirs.refresh_from_db()
    assert theirs.stopped_at is None


def test_a_discussion_tells_those_who_posted_in_it_of_replies_once_shown(
    coordinator, ambassador, site, django_capture_on_commit_callbacks
):
    PilotSite.objects.filter(pk=site.pk).update(build_stage=BuildStage.LIVE)
    townhall = site_for(site.slug)
    first = DiscussionFactory.create(
        site=townhall,
        started_by=ambassador,
        title="The 303 bus",
        first_post__body="Late again.",
        first_post__capacity="ambassador:kirklees",
    ).posts.get()
    newcomer = UserFactory.create(full_name="Nadia Khan")
    with django_capture_on_commit_callbacks(execute=True):
        held = discussions.reply(
            author=newcomer, discussion=first.discussion, body="Every Monday.", capacity="resident"
        )
    assert held.is_pending
    assert to(ambassador) == [] or all("replied" not in m["Subject"] for m in to(ambassador))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        discussions.approve(moderator=coordinator, post=held)
    told = [m["Subject"] for m in to(ambassador)]
    assert told == ["Nadia Khan replied in “The 303 bus”"]


def test_a_sites_followers_hear_of_a_new_public_workshop_not_an_invitation_only_one(
    coordinator, resident, site, django_capture_on_commit_callbacks
):
    PilotSite.objects.filter(pk=site.pk).update(build_stage=BuildStage.LIVE)
    site.refresh_from_db()
    following.follow(person=resident, target=site_for(site.slug))
    with django_capture_on_commit_callbacks(execute=True):
        workshops.publish_workshop(
            actor=coordinator, workshop=plan(coordinator, site, title="Meet the bloggers")
        )
        workshops.publish_workshop(
            actor=coordinator,
            workshop=plan(coordinator, site, title="Councillors only", access=Access.INVITATION),
        )
    assert [m["Subject"] for m in to(resident)] == ["New workshop: Meet the bloggers"]


def test_a_stopped_following_keeps_its_record(resident, draft):
    comment_on(draft, resident)
    found = Following.objects.get(person=resident)
    following.stop(following=found, how="test")
    following.stop(following=found, how="test")
    found.refresh_from_db()
    assert found.stopped_at is not None
    assert found.stopped_at <= timezone.now()
