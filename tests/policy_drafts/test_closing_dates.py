"""Closing dates (#26): a consultation says when it closes and what happens next, on its
page, in Have your say, on the home card, in the opening email and in the site's calendar;
and it closes itself at that time, telling its owners and followers once."""

from __future__ import annotations

import datetime as dt
import email
from email import policy
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from ical.calendar_stream import IcsCalendarStream

from policy_drafts import services
from policy_drafts.models import DraftStatus, PolicyDraft
from policy_drafts.services import drafts
from programme import following
from programme.models import ActivityLog, BuildStage, PilotSite
from programme.platform import schedule
from townhall.permissions import site_for
from workshops import ics

from ..factories import CommentFactory, PageFactory, PolicyDraftFactory
from .conftest import SECTIONS

LONDON = ZoneInfo("Europe/London")
# A Friday at 5pm, far enough ahead to stay open while the tests run.
CLOSES = dt.datetime(2030, 12, 20, 17, 0, tzinfo=LONDON)
SAID = "5pm on Friday 20 December 2030"


def parsed(message):
    return email.message_from_bytes(message.message().as_bytes(), policy=policy.default)


def text_of(message) -> str:
    return parsed(message).get_body(preferencelist=("plain",)).get_content()


def to(person) -> list:
    return [m for m in mail.outbox if m.to == [person.email]]


@pytest.fixture
def live(site):
    PilotSite.objects.filter(pk=site.pk).update(build_stage=BuildStage.LIVE)
    site.refresh_from_db()
    return site


def open_draft(coordinator, site, *, closes_at=CLOSES, title="Social web policy"):
    return PolicyDraftFactory.create(
        title=title, owners=[coordinator], site=site, closes_at=closes_at, sections=SECTIONS
    )


def comment_on(draft, person, body="Plain words, please."):
    section = draft.versions.order_by("-number").first().sections.first()
    return CommentFactory.create(author=person, section=section, stance="support", body=body)


def due(draft, ago=dt.timedelta(minutes=1)):
    """Its closing time passes (comments were made while it was open)."""
    PolicyDraft.objects.filter(pk=draft.pk).update(closes_at=timezone.now() - ago)


def run_the_job() -> str:
    return schedule.jobs()["close consultations"].run()  # type: ignore[return-value]


# Saying it


@pytest.mark.parametrize(
    ("moment", "said"),
    [
        (dt.datetime(2030, 12, 20, 17, 0, tzinfo=LONDON), "5pm on Friday 20 December 2030"),
        (dt.datetime(2030, 6, 20, 16, 0, tzinfo=dt.UTC), "5pm on Thursday 20 June 2030"),
        (dt.datetime(2030, 6, 20, 9, 30, tzinfo=LONDON), "9:30am on Thursday 20 June 2030"),
        (dt.datetime(2030, 6, 20, 12, 0, tzinfo=LONDON), "midday on Thursday 20 June 2030"),
        (
            dt.datetime(2030, 6, 21, 0, 0, tzinfo=LONDON),
            "midnight at the end of Thursday 20 June 2030",
        ),
    ],
)
def test_a_closing_time_reads_the_govuk_way_in_london_time(moment, said):
    from policy_drafts.closing import closing_time

    assert closing_time(moment) == said


def test_the_consultation_page_says_when_it_closes_and_what_happens_next(
    client, client_as, coordinator, resident, site
):
    draft = open_draft(coordinator, site)
    for reader in (client, client_as(resident)):
        page = reader.get(draft.get_absolute_url()).content.decode()
        assert "This consultation closes at <time datetime=" in page
        assert f">{SAID}</time>" in page
        assert "owners read every comment and answer it" in page
        assert "we email everyone who commented when they publish a new version or decide" in page


def test_a_closed_consultation_says_when_it_closed_and_what_happens_next(
    client, coordinator, resident, site
):
    draft = open_draft(coordinator, site)
    due(draft)
    draft.refresh_from_db()
    page = client.get(draft.get_absolute_url()).content.decode()
    local = timezone.localtime(draft.closes_at)
    assert f'<time datetime="{local.isoformat(timespec="seconds")}">' in page
    assert "This consultation closed at" in page
    assert "closes at" not in page
    assert "we email everyone who commented" in page


def test_have_your_say_and_the_home_card_say_when_it_closes(client, coordinator, site, live):
    open_draft(coordinator, site)
    say = client.get(reverse("townhall:have_your_say", args=[site.slug])).content.decode()
    assert "Closes at <time" in say
    assert f">{SAID}</time>" in say
    assert "its owners read every comment and answer it" in say
    home = client.get(reverse("townhall:home", args=[site.slug])).content.decode()
    card = home.split('id="consultations-heading"')[1].split("</section>")[0]
    assert "Social web policy" in card
    assert f">{SAID}</time>" in card


def test_the_live_block_of_open_consultations_says_when_each_closes(
    client, coordinator, site_lead, site, live
):
    open_draft(coordinator, site)
    page = PageFactory.create(
        site=site_for(site.slug),
        created_by=site_lead,
        title="Consultations",
        blocks=[{"type": "policies"}],
    )
    html = client.get(page.get_absolute_url()).content.decode()
    block = html.split("Open for your comments")[1].split("</section>")[0]
    assert "closes at <time" in block
    assert f">{SAID}</time>" in block


def test_the_opening_email_says_when_comments_close(
    coordinator, resident, officer, site, live, django_capture_on_commit_callbacks
):
    draft = services.create_draft(
        actor=coordinator, title="Social web policy", sections=SECTIONS, site=site
    )
    services.publish_version(actor=coordinator, draft=draft, change_note="")
    following.follow(person=resident, target=draft)
    following.follow(person=officer, target=site_for(site.slug))
    with django_capture_on_commit_callbacks(execute=True):
        services.set_status(
            actor=coordinator, draft=draft, status=DraftStatus.OPEN, closes_at=CLOSES
        )
    for person in (resident, officer):
        [message] = to(person)
        assert message.subject == "Social web policy is open for comment"
        assert f"Comments close at {SAID}." in text_of(message)


# The calendar


def test_the_site_calendar_has_the_closing_event_and_still_parses(
    client, coordinator, site, other_site, live
):
    draft = open_draft(coordinator, site)
    open_draft(coordinator, other_site, title="Chorley's own")  # another site's: not here
    open_draft(coordinator, site, closes_at=None, title="No date")  # nothing to show
    content = client.get(reverse("townhall:site_workshops_ics", args=[site.slug])).content

    [event] = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert str(event["summary"]) == "Comments close: Social web policy"
    assert str(event["uid"]) == f"draft-{draft.pk}-closes@{ics.host()}"
    assert event.decoded("dtstart") == CLOSES.astimezone(dt.UTC)
    assert str(event["url"]).endswith(draft.get_absolute_url())
    assert SAID in str(event["description"])

    card = vobject.readOne(content.decode())
    assert [e.summary.value for e in card.vevent_list] == ["Comments close: Social web policy"]
    strict = IcsCalendarStream.calendar_from_ics(content.decode())
    assert [e.summary for e in strict.events] == ["Comments close: Social web policy"]


def test_the_calendar_reads_the_same_when_polled_twice(client, coordinator, site, live):
    open_draft(coordinator, site)
    url = reverse("townhall:site_workshops_ics", args=[site.slug])
    first, second = client.get(url), client.get(url)
    assert b"Comments close" in first.content
    assert first.content == second.content


# Closing by itself


def test_the_job_closes_a_due_draft_once_and_tells_owners_and_followers_once(
    coordinator, critical_friend, resident, site, django_capture_on_commit_callbacks
):
    draft = open_draft(coordinator, site)
    draft.owners.add(critical_friend)
    comment_on(draft, resident)  # a commenter follows the draft
    comment_on(draft, resident, body="And one more thing.")
    answered = draft.versions.get().sections.first().comments.first()
    services.respond(actor=coordinator, comment=answered, body="Noted.")
    due(draft)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert run_the_job() == "1 drafts closed for comment"
    with django_capture_on_commit_callbacks(execute=True):
        assert run_the_job() == "0 drafts closed for comment"

    draft.refresh_from_db()
    assert draft.status == DraftStatus.REVIEWING
    for owner in (coordinator, critical_friend):
        [message] = to(owner)
        assert message.subject == "Comments on Social web policy have closed: 1 comment to answer"
        body = text_of(message)
        assert reverse("policy_drafts:report", args=[draft.slug]) in body
        assert "you own a policy draft whose comments have closed" in body
    [told] = to(resident)
    assert told.subject == "Comments on Social web policy have closed"
    assert ActivityLog.objects.filter(action="policy.draft.closed").count() == 1


def test_the_job_never_closes_a_draft_without_a_closing_date(
    coordinator, resident, site, django_capture_on_commit_callbacks
):
    draft = open_draft(coordinator, site, closes_at=None)
    comment_on(draft, resident)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert drafts.close_due_drafts(now=timezone.now() + dt.timedelta(days=3650)) == 0
    draft.refresh_from_db()
    assert draft.status == DraftStatus.OPEN
    assert mail.outbox == []


def test_the_job_leaves_a_draft_closing_in_the_future_alone(
    coordinator, resident, site, django_capture_on_commit_callbacks
):
    draft = open_draft(coordinator, site)
    comment_on(draft, resident)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert run_the_job() == "0 drafts closed for comment"
    draft.refresh_from_db()
    assert draft.status == DraftStatus.OPEN
    assert mail.outbox == []
