"""Every email, read back with the standard library's parser: two parts from one layout,
why it came and whether replies are read, calendar parts clients act on, plain text unescaped."""

import email
from email import policy
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail

from programme.notifications import GENERAL, build_message, why
from programme.services import moderation
from programme.services import updates as update_services
from tests.factories import UserFactory

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def parsed(message):
    return email.message_from_bytes(message.message().as_bytes(), policy=policy.default)


def test_every_email_template_says_why_it_came():
    templates = [
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.glob("*/email/*.txt")
        if not path.name.endswith("_subject.txt")
    ]
    assert len(templates) > 20
    assert [t for t in templates if why(t) is GENERAL] == []


def test_an_email_has_a_text_and_an_html_part_and_the_text_is_never_escaped(db):
    person = UserFactory.create(full_name="Seán O'Brien & Co")
    message = parsed(
        build_message(
            to=person.email,
            subject="Budget, Q&A",
            template="accounts/email/confirm.txt",
            context={"user": person, "link": "https://t.example/a?x=1&y=2", "days": 3},
        )
    )
    assert message.get_content_type() == "multipart/alternative"
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "Hello Seán O'Brien & Co," in text
    assert "x=1&y=2" in text
    assert "&#x27;" not in text
    assert "&amp;" not in text
    assert "Seán O&#x27;Brien &amp; Co" in html
    assert 'href="https://t.example/a?x=1&amp;y=2"' in html
    assert "this address was used for an account" in text
    assert "not read" in text
    assert '<html lang="en-GB">' in html
    assert "this address was used for an account" in html
    assert message["Subject"] == "Budget, Q&A"
    assert message["Reply-To"] is None


def test_a_moderation_decision_can_be_answered_and_reaches_the_coordinators(
    coordinator, resident, django_capture_on_commit_callbacks
):
    update = update_services.write_update(actor=coordinator, title="News", body="x", publish=True)
    reply = update_services.reply_to_update(
        author=resident, update=update, body="Rude words", capacity="resident"
    )
    with django_capture_on_commit_callbacks(execute=True):
        moderation.hide_content(moderator=coordinator, target=reply, reason="Rude")
    message = parsed(mail.outbox[-1])
    assert message["Reply-To"] == settings.PROGRAMME_CONTACT_EMAIL
    assert "reach the programme's coordinators" in message.get_body(("plain",)).get_content()


@pytest.fixture
def booked(coordinator, site, django_capture_on_commit_callbacks):
    from tests.factories import WorkshopFactory
    from tests.workshops.conftest import at
    from workshops import services
    from workshops.models import Audience, WorkshopKind

    workshop = WorkshopFactory.create(
        site=site,
        created_by=coordinator,
        title="Budget, Q&A",
        kind=WorkshopKind.EXTERNAL_PARTNERS,
        objectives="",
        starts_at=at(10, 10),
        ends_at=at(10, 12),
        venue_name="Town Hall",
        capacity=5,
        audiences=[Audience.RESIDENTS],
    )
    person = UserFactory.create(full_name="Zoë Ng")
    with django_capture_on_commit_callbacks(execute=True):  # three requests, one by one
        services.register(workshop=workshop, person=person, audience="residents", consent=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.edit_workshop(
            actor=coordinator, workshop=workshop, starts_at=at(11, 14), ends_at=at(11, 16)
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_workshop(actor=coordinator, workshop=workshop, reason="Flooded")
    return [parsed(m) for m in mail.outbox if m.to == [person.email]]


def test_invitations_carry_the_event_as_a_calendar_part_mail_clients_act_on(booked):
    methods = []
    for message in booked:
        calendar = next(
            part for part in message.walk() if part.get_content_type() == "text/calendar"
        )
        methods.append(calendar.get_param("method"))
        assert calendar.get_content_maintype() == "text"
    assert methods == ["REQUEST", "REQUEST", "CANCEL"]


def test_the_changed_email_says_what_was_and_what_is(booked):
    text = booked[1].get_body(("plain",)).get_content()
    assert "What changed:" in text
    assert "When: was " in text
    assert "; now " in text
    assert "14:00 to 16:00" in text
