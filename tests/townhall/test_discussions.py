"""Discussions: posting in a capacity, pre-moderation of first posts, the report threshold, rate limits, complaints."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from programme.models import BuildStage, PilotSite, Report
from programme.services import NotAllowed, ProgrammeError, moderation
from tests.factories import DiscussionFactory, UserFactory
from townhall.models import Complaint, Discussion, Post
from townhall.services import TownhallError, discussions


def test_a_first_post_waits_for_an_ambassador_then_the_next_goes_straight_up(
    client_as, resident, ambassador, thread, site
):
    first = discussions.reply(
        author=resident, discussion=thread, body="The 303 is always late.", capacity="resident"
    )
    assert first.is_pending
    assert "always late" not in client_as(None).get(thread.get_absolute_url()).content.decode()
    assert (
        "Waiting for an ambassador"
        in client_as(resident).get(thread.get_absolute_url()).content.decode()
    )

    discussions.approve(moderator=ambassador, post=first)
    second = discussions.reply(
        author=resident, discussion=thread, body="And crowded.", capacity="resident"
    )
    assert not second.is_pending
    assert "always late" in client_as(None).get(thread.get_absolute_url()).content.decode()


def test_posting_through_the_page_says_it_waits(client_as, resident, thread):
    response = client_as(resident).post(
        thread.get_absolute_url(), {"body": "Hello", "capacity": "resident"}, follow=True
    )
    assert "an ambassador will check it before it shows" in response.content.decode()


def test_a_capacity_not_held_is_refused(resident, thread):
    with pytest.raises(TownhallError) as error:
        discussions.reply(
            author=resident, discussion=thread, body="As the council", capacity="officer:kirklees"
        )
    assert error.value.code == "not_your_capacity"


def test_only_moderators_of_the_site_approve(resident, officer, thread):
    post = discussions.reply(author=resident, discussion=thread, body="Hi", capacity="resident")
    with pytest.raises(NotAllowed):
        discussions.approve(moderator=officer, post=post)


def test_the_site_lead_works_the_queue_for_their_site(client_as, site_lead, resident, thread, site):
    post = discussions.reply(author=resident, discussion=thread, body="Hi", capacity="resident")
    client = client_as(site_lead)
    assert "Hi" in client.get(reverse("townhall:pending", args=[site.slug])).content.decode()
    client.post(reverse("townhall:approve", args=[site.slug, post.pk]))
    post.refresh_from_db()
    assert not post.is_pending


def established(**fields):
    """A confirmed account older than a week: its report weighs one."""
    return UserFactory.create(date_joined=timezone.now() - dt.timedelta(days=30), **fields)


def test_three_reports_hide_a_post_pending_review_and_nothing_is_deleted(
    client, ambassador, thread, townhall
):
    post = thread.posts.get()
    for _ in range(2):
        moderation.report_content(reporter=established(), target=post, reason="Rude")
    post.refresh_from_db()
    assert not post.is_hidden
    moderation.report_content(reporter=established(), target=post, reason="Rude")
    post.refresh_from_db()
    assert post.is_hidden
    assert "reported by 3 people" in post.hidden_reason
    assert Post.objects.filter(pk=post.pk).exists()
    # Its only post hidden, the discussion shows nothing to the public, not even its title;
    # the site's moderators still find it, the post marked hidden.
    assert client.get(thread.get_absolute_url()).status_code == 404
    client.force_login(ambassador)
    text = client.get(thread.get_absolute_url()).content.decode()
    assert "Hidden by a moderator" in text or "Hidden" in text

    moderation.restore_content(moderator=ambassador, target=post, reason="It was fair comment")
    post.refresh_from_db()
    assert not post.is_hidden


def test_three_free_accounts_cannot_hide_a_post(thread):
    post = thread.posts.get()
    for _ in range(3):
        moderation.report_content(
            reporter=UserFactory.create(), target=post, reason="Rude"
        )  # made today
    for _ in range(5):
        unconfirmed = established(email_confirmed_at=None)
        moderation.report_content(reporter=unconfirmed, target=post, reason="Rude")
    post.refresh_from_db()
    assert not post.is_hidden  # 3 × ½ + 5 × 0 is short of 3
    assert Report.objects.filter(object_id=post.pk).count() == 8  # moderators still see them all


def test_reporting_is_limited_per_person(resident, thread, ambassador):
    targets = [
        discussions.approve(
            moderator=ambassador,
            post=discussions.reply(
                author=established(), discussion=thread, body=f"{n}", capacity="resident"
            ),
        )
        for n in range(moderation.REPORTS_PER_PERSON.count + 1)
    ]
    *allowed, one_too_many = targets
    for post in allowed:  # each of these is taken
        moderation.report_content(reporter=resident, target=post, reason="Spam")
    with pytest.raises(ProgrammeError) as error:
        moderation.report_content(reporter=resident, target=one_too_many, reason="Spam")
    assert error.value.code == "rate_limited"
    assert len(allowed) == moderation.REPORTS_PER_PERSON.count


def test_reports_are_limited_per_client_address(client_as, thread, settings):
    post = thread.posts.get()
    ct = ContentType.objects.get_for_model(Post).pk
    url = reverse("programme:moderate", args=[ct, post.pk, "report"])
    limit = moderation.REPORTS_PER_CLIENT.count
    for _ in range(limit + 1):
        # Unconfirmed accounts, so the reports never hide the post on the way.
        client = client_as(established(email_confirmed_at=None))
        response = client.post(url, {"reason": "Spam"}, REMOTE_ADDR="203.0.113.9")
    assert "You can try again at" in response.content.decode()
    assert Report.objects.count() == limit


def test_a_post_held_for_an_ambassador_cannot_be_seen_through_the_report_form(
    client_as, resident, thread, townhall
):
    held = discussions.reply(
        author=UserFactory.create(),
        discussion=thread,
        body="Secret first post",
        capacity="resident",
    )
    assert held.is_pending
    ct = ContentType.objects.get_for_model(Post).pk
    for action in ("report", "hide", "restore"):
        response = client_as(resident).get(
            reverse("programme:moderate", args=[ct, held.pk, action])
        )
        assert response.status_code == 404, action
        assert b"Secret first post" not in response.content
    with pytest.raises(ProgrammeError):
        moderation.report_content(reporter=resident, target=held, reason="Peeking")


def test_a_post_on_a_site_not_live_cannot_be_seen_through_the_report_form(
    client_as, resident, thread, townhall, site
):
    post = thread.posts.get()
    PilotSite.objects.filter(pk=site.pk).update(build_stage=BuildStage.SETTING_UP)
    ct = ContentType.objects.get_for_model(Post).pk
    response = client_as(resident).get(reverse("programme:moderate", args=[ct, post.pk, "report"]))
    assert response.status_code == 404


def test_posting_is_rate_limited(resident, ambassador, thread):
    first = discussions.reply(author=resident, discussion=thread, body="0", capacity="resident")
    discussions.approve(moderator=ambassador, post=first)
    for n in range(1, 5):
        discussions.reply(author=resident, discussion=thread, body=str(n), capacity="resident")
    with pytest.raises(TownhallError) as error:
        discussions.reply(author=resident, discussion=thread, body="too many", capacity="resident")
    assert error.value.code == "rate_limited"
    assert "You can try again at" in error.value.message


def test_a_complaint_about_a_decision_reaches_the_coordinators(
    client_as, coordinator, ambassador, resident, thread, site, django_capture_on_commit_callbacks
):
    post = discussions.reply(
        author=resident, discussion=thread, body="Strong words", capacity="resident"
    )
    discussions.approve(moderator=ambassador, post=post)
    moderation.hide_content(moderator=ambassador, target=post, reason="Too strong")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client_as(resident).post(
            reverse("townhall:complain", args=[site.slug, post.pk]), {"text": "It was fair."}
        )
    assert Complaint.objects.get().text == "It was fair."
    assert [m.to for m in mail.outbox] == [[coordinator.email]]


def test_anonymous_visitors_read_but_cannot_post(client, thread, townhall, site):
    assert client.get(reverse("townhall:discussions", args=[site.slug])).status_code == 200
    posts = Post.objects.count()
    response = client.post(thread.get_absolute_url(), {"body": "x", "capacity": "resident"})
    # Nothing is posted; they are asked to sign in, with their words kept for after.
    assert "Sign in to save your work" in response.content.decode()
    assert Post.objects.count() == posts


def test_the_discussion_pages_run_the_same_queries_with_more_posts(
    client, resident, ambassador, thread, townhall, site, assert_bounded_queries
):
    def add(size):
        for n in range(size):
            other = Discussion.objects.create(
                site=townhall, title=f"T{size}-{n}", started_by=ambassador
            )
            for discussion in (other, thread):
                Post.objects.create(
                    discussion=discussion,
                    author=UserFactory.create(),
                    body=f"p{n}",
                    capacity_kind="resident",
                    capacity_label="Resident",
                    approved_at=timezone.now(),
                )

    add(2)
    urls = [reverse("townhall:discussions", args=[site.slug]), thread.get_absolute_url()]
    assert_bounded_queries(urls, lambda: add(8))


def test_only_the_author_of_a_hidden_post_complains_and_only_a_few_times(
    client_as, ambassador, resident, officer, thread, site, mailoutbox
):
    post = discussions.reply(author=resident, discussion=thread, body="Mine", capacity="resident")
    discussions.approve(moderator=ambassador, post=post)
    url = reverse("townhall:complain", args=[site.slug, post.pk])
    assert client_as(resident).get(url).status_code == 404  # nothing was decided against it

    moderation.hide_content(moderator=ambassador, target=post, reason="Too strong")
    assert client_as(officer).get(url).status_code == 404  # not their post
    assert client_as(officer).post(url, {"text": "Spam the coordinators"}).status_code == 404

    client = client_as(resident)
    for n in range(discussions.COMPLAINTS.count):
        sent = client.post(url, {"text": f"Complaint {n}"})
        assert sent.status_code == 302
        assert sent["Location"] == thread.get_absolute_url()  # back to the discussion
    response = client.post(url, {"text": "And another"})
    assert response.status_code == 400
    assert "You can try again at" in response.content.decode()
    assert Complaint.objects.count() == discussions.COMPLAINTS.count


def _said_anywhere_public(client, site, words: str) -> list[str]:
    """Where the public reads `words` on the site: its home page, discussions, search."""
    places = {
        "home": reverse("townhall:home", args=[site.slug]),
        "discussions": reverse("townhall:discussions", args=[site.slug]),
        "search": reverse("townhall:search", args=[site.slug]) + "?q=Secret",
    }
    return [name for name, url in places.items() if words in client.get(url).content.decode()]


def test_a_discussion_whose_first_post_is_held_shows_nothing_not_even_its_title(
    client_as, resident, ambassador, townhall, site
):
    held = discussions.start_discussion(
        author=resident,
        site=townhall,
        title="Secret plans for the park",
        body="Held for an ambassador.",
        capacity="resident",
    )
    assert held.is_pending
    url = held.discussion.get_absolute_url()
    anyone = client_as(None)
    assert _said_anywhere_public(anyone, site, "Secret plans") == []
    answer = anyone.get(url)  # its address guessed: ids are in sequence
    assert answer.status_code == 404
    assert "Secret plans" not in answer.content.decode()
    other = client_as(UserFactory.create())
    assert other.get(url).status_code == 404
    # Its author sees it waiting; the site's ambassadors find it to approve.
    assert "Waiting for an ambassador" in client_as(resident).get(url).content.decode()
    assert client_as(ambassador).get(url).status_code == 200

    discussions.approve(moderator=ambassador, post=held)
    assert _said_anywhere_public(client_as(None), site, "Secret plans") == [
        "home",
        "discussions",
        "search",
    ]


def test_hiding_the_only_post_takes_the_discussion_off_every_public_list(
    client_as, ambassador, townhall, site
):
    started = DiscussionFactory.create(
        site=townhall,
        started_by=ambassador,
        title="Secret bus routes",
        first_post__body="What should change?",
        first_post__capacity="ambassador:kirklees",
    ).posts.get()
    anyone = client_as(None)
    assert len(_said_anywhere_public(anyone, site, "Secret bus routes")) == 3
    moderation.hide_content(moderator=ambassador, target=started, reason="Off topic")
    assert _said_anywhere_public(anyone, site, "Secret bus routes") == []
    assert anyone.get(started.discussion.get_absolute_url()).status_code == 404
    moderation.restore_content(moderator=ambassador, target=started, reason="Fair after all")
    assert len(_said_anywhere_public(anyone, site, "Secret bus routes")) == 3


def _reports_from(post, accounts, clients) -> None:
    for account, client in zip(accounts, clients, strict=True):
        moderation.report_content(reporter=account, target=post, reason="Rude", client=client)


def test_six_fresh_accounts_from_one_address_do_not_hide_a_post(thread):
    post = thread.posts.get()
    week_old = [
        UserFactory.create(date_joined=timezone.now() - dt.timedelta(days=3)) for _ in range(6)
    ]
    _reports_from(post, week_old, ["203.0.113.7"] * 6)
    post.refresh_from_db()
    assert not post.is_hidden
    assert Report.objects.filter(resolved_at__isnull=True).count() == 6  # all seen by moderators
    assert all("203.0.113" not in r.network for r in Report.objects.all())  # no address kept


def test_old_accounts_on_one_network_weigh_as_one_but_three_networks_hide(thread):
    post = thread.posts.get()
    _reports_from(
        post, [established() for _ in range(3)], ["198.51.100.1", "198.51.100.2", "198.51.100.3"]
    )
    post.refresh_from_db()
    assert not post.is_hidden  # one /24: one voice
    _reports_from(post, [established(), established()], ["192.0.2.9", "2001:db8:1::5"])
    post.refresh_from_db()
    assert post.is_hidden


def test_accounts_made_after_a_post_count_nothing_toward_hiding_it(thread):
    post = thread.posts.get()
    Post.objects.filter(pk=post.pk).update(created_at=timezone.now() - dt.timedelta(days=40))
    later = [
        UserFactory.create(date_joined=timezone.now() - dt.timedelta(days=10)) for _ in range(4)
    ]  # old enough, but made after the post
    _reports_from(post, later, ["192.0.2.1", "198.51.100.1", "203.0.113.1", "2001:db8::1"])
    post.refresh_from_db()
    assert not post.is_hidden


def test_the_withdraw_button_follows_the_one_rule_of_who_may_withdraw(
    client_as, thread, ambassador, resident, monkeypatch
):
    from programme import permissions

    withdraw = 'Withdraw<span class="visually-hidden"> your post</span>'
    url = thread.get_absolute_url()
    assert withdraw in client_as(ambassador).get(url).content.decode()  # its author
    assert withdraw not in client_as(resident).get(url).content.decode()
    # The button asks the permission the view checks, not a rule of its own.
    monkeypatch.setattr(permissions, "can_withdraw", lambda user, target: False)
    assert withdraw not in client_as(ambassador).get(url).content.decode()
