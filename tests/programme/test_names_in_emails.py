"""A name is whatever someone typed, and emails go to addresses nobody has confirmed yet:
no link or domain name typed as a name reaches an inbox in the programme's words."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from ambassadors import services as ambassador_services
from ambassadors.models import Task
from programme.platform.text import name_for_email
from tests.factories import WorkshopFactory
from tests.outcomes import made
from workshops import services as workshop_services

PHISHING = "URGENT: council tax refund - claim at https://evil.example/refund now"


def _clean(message) -> None:
    for text in [message.subject, message.body, *(c for c, _ in message.alternatives)]:
        text = str(text)
        assert "evil.example" not in text, text
        assert "https://evil" not in text, text
        assert "refund now" not in text  # cut short, too


def test_a_name_typed_as_a_link_is_cut_and_stripped():
    assert name_for_email(PHISHING) == "URGENT: council tax refund - claim at…"
    assert name_for_email("Visit evil.example/refund today") == "Visit today"
    assert name_for_email("www.evil.example") == "there"
    for name in ("Nadia Khan", "J.R.R. Tolkien", "Mary-Jane O'Neil", "Cllr Margaret Lee"):
        assert name_for_email(name) == name


def test_signing_up_a_strangers_address_with_a_phishing_name(
    client, db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("accounts:sign_up"),
            {
                "full_name": PHISHING,
                "email": "stranger@example.org",
                "password": "a-long-pass-phrase-9",
                "password_again": "a-long-pass-phrase-9",
            },
        )
    (message,) = mail.outbox
    assert message.body.startswith("Hello URGENT: council tax refund - claim at")
    _clean(message)


def test_applying_and_registering_in_a_strangers_name(
    db, site, coordinator, django_capture_on_commit_callbacks
):
    from ambassadors.demo import ensure_menus

    ensure_menus()
    with django_capture_on_commit_callbacks(execute=True):
        ambassador_services.apply(
            site=site,
            full_name=PHISHING,
            email="stranger@example.org",
            neighbourhood="Lindley",
            motivation="Help.",
            tasks=Task.objects.offered()[:1],
            consent=True,
        )
    workshop = WorkshopFactory.create(site=site, created_by=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        workshop_services.register(
            workshop=workshop,
            guest_name=PHISHING,
            guest_email="stranger2@example.org",
            audience="residents",
            consent=True,
        )
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        _clean(message)


@pytest.mark.parametrize("typed", [PHISHING])
def test_a_reference_request_names_the_applicant_without_their_links(
    db, site, coordinator, typed, django_capture_on_commit_callbacks
):
    from ambassadors.demo import ensure_menus

    ensure_menus()
    application = made(
        ambassador_services.apply(
            site=site,
            full_name=typed,
            email="applicant@example.org",
            neighbourhood="Lindley",
            motivation="Help.",
            tasks=Task.objects.offered()[:1],
            consent=True,
        )
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        ambassador_services.request_references(
            actor=coordinator, application=application, referees=[("Ann", "ann@example.org")]
        )
    (message,) = mail.outbox
    _clean(message)
