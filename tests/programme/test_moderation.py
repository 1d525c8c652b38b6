"""Shared moderation: report, hide with a reason, restore, withdraw. Nothing is deleted."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.urls import reverse

from programme.models import ModerationDecision, Reply, Report
from programme.services import NotAllowed, ProgrammeError, moderation
from programme.services import updates as update_services
from tests.conftest import CAST


@pytest.fixture
def update(coordinator):
    return update_services.write_update(actor=coordinator, title="News", body="Text", publish=True)


@pytest.fixture
def reply(update, resident):
    return update_services.reply_to_update(
        author=resident, update=update, body="Something rude", capacity="resident"
    )


def url(reply, action):
    return reverse(
        "programme:moderate", args=[ContentType.objects.get_for_model(Reply).pk, reply.pk, action]
    )


def test_reporting_needs_a_reason(officer, reply):
    with pytest.raises(ProgrammeError) as error:
        moderation.report_content(reporter=officer, target=reply, reason="  ")
    assert error.value.code == "reason_required"


def test_a_person_reports_something_once(officer, reply):
    moderation.report_content(reporter=officer, target=reply, reason="Rude")
    with pytest.raises(ProgrammeError) as error:
        moderation.report_content(reporter=officer, target=reply, reason="Still rude")
    assert error.value.code == "already_reported"


def test_people_do_not_report_their_own_words(resident, reply):
    with pytest.raises(ProgrammeError):
        moderation.report_content(reporter=resident, target=reply, reason="Oops")


def test_hiding_keeps_the_text_records_the_decision_and_tells_the_author(
    ambassador, officer, reply, django_capture_on_commit_callbacks
):
    moderation.report_content(reporter=officer, target=reply, reason="Rude")

    with django_capture_on_commit_callbacks(execute=True):
        moderation.hide_content(moderator=ambassador, target=reply, reason="Personal attack")

    reply.refresh_from_db()
    assert reply.is_hidden
    assert reply.body == "Something rude"
    assert reply.hidden_by == ambassador
    decision = ModerationDecision.objects.get()
    assert (decision.moderator, decision.action, decision.reason) == (
        ambassador,
        "hide",
        "Personal attack",
    )
    assert not Report.objects.open().exists()
    assert mail.outbox[0].to == [reply.author.email]
    assert "Personal attack" in mail.outbox[0].body


def test_hiding_needs_a_reason(coordinator, reply):
    with pytest.raises(ProgrammeError) as error:
        moderation.hide_content(moderator=coordinator, target=reply, reason="")
    assert error.value.code == "reason_required"
    reply.refresh_from_db()
    assert not reply.is_hidden


def test_residents_and_officers_cannot_hide(officer, reply):
    with pytest.raises(NotAllowed) as error:
        moderation.hide_content(moderator=officer, target=reply, reason="I dislike it")
    assert error.value.code == "not_allowed"


def test_restoring_shows_it_again_and_tells_the_author(
    coordinator, reply, django_capture_on_commit_callbacks
):
    moderation.hide_content(moderator=coordinator, target=reply, reason="Looked rude")
    with django_capture_on_commit_callbacks(execute=True):
        moderation.restore_content(
            moderator=coordinator, target=reply, reason="On reflection, fair comment"
        )

    reply.refresh_from_db()
    assert not reply.is_hidden
    assert ModerationDecision.objects.count() == 2
    assert "shown again" in mail.outbox[-1].subject


def test_the_author_withdraws_and_it_shows_as_withdrawn(client_as, resident, reply, update):
    client = client_as(resident)
    url = reverse(
        "programme:withdraw", args=[ContentType.objects.get_for_model(Reply).pk, reply.pk]
    )
    assert "Withdraw what you wrote?" in client.post(url).content.decode()
    reply.refresh_from_db()
    assert not reply.is_withdrawn  # not before they confirm
    client.post(url, {"confirmed": "yes"})

    reply.refresh_from_db()
    assert reply.is_withdrawn
    assert reply.body == "Something rude"
    page = client.get(update.get_absolute_url()).content.decode()
    assert "Withdrawn by its author" in page
    assert "Something rude" not in page


def test_only_the_author_withdraws(client_as, officer, reply):
    response = client_as(officer).post(
        reverse("programme:withdraw", args=[ContentType.objects.get_for_model(Reply).pk, reply.pk])
    )
    assert response.status_code == 403
    reply.refresh_from_db()
    assert not reply.is_withdrawn


def test_a_hidden_reply_shows_as_hidden_with_its_reason_never_vanishing(
    client_as, coordinator, reply, update, resident
):
    moderation.hide_content(moderator=coordinator, target=reply, reason="Personal attack")

    page = client_as(resident).get(update.get_absolute_url()).content.decode()

    assert "Hidden by a moderator" in page
    assert "Personal attack" in page
    assert "Something rude" not in page
    assert "Replies (1)" in page


def test_moderators_can_still_read_hidden_text(client_as, coordinator, reply, update):
    moderation.hide_content(moderator=coordinator, target=reply, reason="Personal attack")
    assert (
        "Something rude" in client_as(coordinator).get(update.get_absolute_url()).content.decode()
    )


@pytest.mark.parametrize("role", CAST)
def test_who_may_report_and_hide_through_the_pages(client_as, person, site, reply, role):
    client = client_as(person)
    report, hide = client.get(url(reply, "report")), client.get(url(reply, "hide"))

    if role == "anonymous":
        assert report.status_code == hide.status_code == 302
        assert report["Location"] == f"{reverse('accounts:login')}?next={url(reply, 'report')}"
        assert hide["Location"] == f"{reverse('accounts:login')}?next={url(reply, 'hide')}"
        return
    assert report.status_code == 200 if role != "resident" else 403  # the resident wrote it
    assert hide.status_code == (200 if role in {"coordinator", "ambassador"} else 403)


def test_reporting_through_the_page(client_as, officer, reply):
    response = client_as(officer).post(url(reply, "report"), {"reason": "Rude to a neighbour"})
    assert response.url == reply.get_absolute_url()
    assert Report.objects.get().reason == "Rude to a neighbour"


def test_a_report_without_a_reason_is_shown_beside_the_field(client_as, officer, reply):
    response = client_as(officer).post(url(reply, "report"), {"reason": ""})
    assert response.status_code == 400
    assert 'href="#id_reason"' in response.content.decode()
    assert not Report.objects.exists()


def test_hiding_through_the_page(client_as, ambassador, reply):
    form_page = client_as(ambassador).get(url(reply, "hide")).content.decode()
    assert '<form method="post" novalidate>' in form_page  # posts back to itself

    client_as(ambassador).post(url(reply, "hide"), {"reason": "Off topic"})
    reply.refresh_from_db()
    assert reply.hidden_reason == "Off topic"


def test_an_unknown_action_or_model_is_a_404(client_as, coordinator, reply):
    client = client_as(coordinator)
    assert client.get(url(reply, "delete")).status_code == 404
    user_type = ContentType.objects.get(app_label="programme", model="user")
    assert (
        client.get(
            reverse("programme:moderate", args=[user_type.pk, coordinator.pk, "hide"])
        ).status_code
        == 404
    )


@pytest.mark.parametrize("role", CAST)
def test_the_moderation_queue_is_for_coordinators_and_ambassadors(client_as, person, site, role):
    response = client_as(person).get(reverse("programme:moderation_queue"))
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"] == (
            f"{reverse('accounts:login')}?next={reverse('programme:moderation_queue')}"
        )
    else:
        assert response.status_code == (
            200 if role in {"coordinator", "ambassador", "site_lead"} else 403
        )


def test_the_queue_lists_open_reports_with_the_content(client_as, ambassador, officer, reply):
    moderation.report_content(reporter=officer, target=reply, reason="Rude to a neighbour")
    page = client_as(ambassador).get(reverse("programme:moderation_queue")).content.decode()
    assert "Rude to a neighbour" in page
    assert "Something rude" in page
