"""Ambassador pages for every role: applying, the private pages, the board, the table, the funnel."""

import csv
import io
import json
import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from ambassadors import services
from ambassadors.models import Application, EqualityMonitoring, Stage, StageChange, Task
from tests.conftest import CAST
from tests.matching import first

from .conftest import apply_to, approved, to_references, with_references

PIPELINE_ROLES = {"coordinator", "site_lead"}


@pytest.fixture(autouse=True)
def _clear_rate_limit():
    cache.clear()


@pytest.mark.parametrize("role", CAST)
@pytest.mark.parametrize("name", ["ambassadors:board", "ambassadors:table", "ambassadors:funnel"])
def test_the_pipeline_is_for_coordinators_and_site_leads(
    client_as, person, menus, site, role, name
):
    response = client_as(person).get(reverse(name))
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('accounts:login')}?next={reverse(name)}"
    else:
        assert response.status_code == (200 if role in PIPELINE_ROLES else 403)


@pytest.mark.parametrize("role", CAST)
def test_an_application_is_for_its_sites_recruiters_only(client_as, person, application, role):
    response = client_as(person).get(application.get_absolute_url())
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"] == (
            f"{reverse('accounts:login')}?next={application.get_absolute_url()}"
        )
    else:
        assert response.status_code == (200 if role in PIPELINE_ROLES else 403)


def test_another_sites_lead_sees_a_404(client_as, site_lead, menus, other_site):
    elsewhere = apply_to(other_site)
    assert client_as(site_lead).get(elsewhere.get_absolute_url()).status_code == 404


def form_data(site, **extra):
    task = Task.objects.get(name="Spreading the word")
    data = {
        "full_name": "Nadia Khan",
        "email": "nadia@example.org",
        "site": site.pk,
        "neighbourhood": "Lindley",
        "motivation": "I love this place.",
        "tasks": [task.pk],
        "consent": "on",
        "age_band": "25-44",
    }
    return data | extra


@pytest.mark.parametrize("role", CAST)
def test_anyone_can_open_the_application_form(client_as, person, menus, site, role):
    assert client_as(person).get(reverse("ambassadors:apply")).status_code == 200


def test_applying_through_the_form(client, menus, site):
    response = client.post(reverse("ambassadors:apply"), form_data(site), follow=True)
    # Post/redirect/get: the thank-you page is a page of its own, so refreshing sends nothing.
    assert response.redirect_chain == [(reverse("ambassadors:applied") + f"?site={site.slug}", 302)]
    assert "Thank you for applying" in response.content.decode()
    client.get(response.redirect_chain[-1][0])
    application = Application.objects.get()
    assert application.full_name == "Nadia Khan"
    assert EqualityMonitoring.objects.get(application=application).age_band == "25-44"


def test_bad_input_shows_errors_and_keeps_what_was_typed(client, menus, site):
    response = client.post(
        reverse("ambassadors:apply"), form_data(site, email="nope", tasks=[], consent="")
    )
    page = response.content.decode()
    assert response.status_code == 400
    for field in ("email", "tasks_0", "consent"):
        assert f'href="#id_{field}"' in page
    assert "I love this place." in page
    assert not Application.objects.exists()


def test_the_honeypot_quietly_takes_nothing(client, menus, site):
    response = client.post(
        reverse("ambassadors:apply"), form_data(site, website="http://spam.example"), follow=True
    )
    assert response.status_code == 200
    assert "Thank you for applying" in response.content.decode()
    assert not Application.objects.exists()


def test_applications_are_rate_limited(client, menus, site):
    for n in range(5):
        client.post(reverse("ambassadors:apply"), form_data(site, email=f"person{n}@example.org"))
    response = client.post(
        reverse("ambassadors:apply"), form_data(site, email="one-more@example.org")
    )
    assert "You can try again at" in response.content.decode()
    assert Application.objects.count() == 5


def test_the_limit_follows_the_client_through_trusted_proxies(client, menus, site, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(5):
        client.post(
            reverse("ambassadors:apply"),
            form_data(site, email=f"person{n}@example.org"),
            HTTP_X_FORWARDED_FOR=f"spoofed-{n}, 203.0.113.7",
        )
    blocked = client.post(
        reverse("ambassadors:apply"),
        form_data(site, email="again@example.org"),
        HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.7",  # a forged first entry changes nothing
    )
    assert "You can try again at" in blocked.content.decode()
    neighbour = client.post(
        reverse("ambassadors:apply"),
        form_data(site, email="neighbour@example.org"),
        HTTP_X_FORWARDED_FOR="203.0.113.8",  # someone else behind the same proxy is not held back
    )
    assert "You can try again at" not in neighbour.content.decode()
    assert Application.objects.count() == 6


def test_applying_again_with_an_address_looks_the_same_as_a_first_application(
    client, application, site
):
    again = client.post(
        reverse("ambassadors:apply"), form_data(site, email=application.email.upper()), follow=True
    )
    first = client.post(
        reverse("ambassadors:apply"), form_data(site, email="new@example.org"), follow=True
    )
    assert again.redirect_chain == first.redirect_chain
    assert again.status_code == first.status_code == 200
    assert "Thank you for applying" in again.content.decode()
    assert "already" not in again.content.decode()


def test_the_private_status_page_withdraws_downloads_and_erases(client, application):
    status = reverse("ambassadors:status", args=[application.token])
    assert "Applied" in client.get(status).content.decode()

    data = json.loads(client.get(reverse("ambassadors:my_data", args=[application.token])).content)
    assert data["email"] == "applicant0@example.org"

    asked = client.post(
        reverse("ambassadors:withdraw", args=[application.token]), {"reason": "Busy"}
    )
    assert "Withdraw your application?" in asked.content.decode()  # one click changes nothing
    application.refresh_from_db()
    assert application.stage != Stage.WITHDRAWN
    client.post(
        reverse("ambassadors:withdraw", args=[application.token]),
        {"reason": "Busy", "confirmed": "yes"},
    )
    application.refresh_from_db()
    assert application.stage == Stage.WITHDRAWN

    asked = client.post(reverse("ambassadors:erase", args=[application.token]))
    assert "cannot be undone" in asked.content.decode()
    application.refresh_from_db()
    assert application.anonymised_at is None
    client.post(reverse("ambassadors:erase", args=[application.token]), {"confirmed": "yes"})
    application.refresh_from_db()
    assert application.anonymised_at is not None
    assert client.get(status).status_code == 404  # the link no longer shows anything


def test_a_referee_gives_a_reference_once_through_their_link(client, coordinator, application):
    application = to_references(coordinator, application)
    reference = services.request_references(
        actor=coordinator, application=application, referees=[("Ann", "ann@example.org")]
    )[0]
    url = reverse("ambassadors:reference", args=[reference.token])

    client.post(url, {"known_for": "Ten years", "statement": "Very kind."})
    reference.refresh_from_db()
    assert reference.received_at is not None
    assert (
        "Thank you" in client.post(url, {"known_for": "x", "statement": "again"}).content.decode()
    )


def test_moving_an_application_through_the_page(client_as, coordinator, application):
    client = client_as(coordinator)
    client.post(
        reverse("ambassadors:move", args=[application.pk]), {"to": "screening", "reason": "Good"}
    )
    application.refresh_from_db()
    assert application.stage == Stage.SCREENING

    response = client.post(
        reverse("ambassadors:move", args=[application.pk]), {"to": "declined", "reason": ""}
    )
    assert response.status_code == 400
    assert 'href="#id_reason"' in response.content.decode()
    application.refresh_from_db()
    assert application.stage == Stage.SCREENING


def test_the_table_filters_and_exports(client_as, coordinator, menus, site, other_site):
    apply_to(site, 1)
    moved = apply_to(other_site, 2)
    services.advance(actor=coordinator, application=moved, to=Stage.SCREENING)
    client = client_as(coordinator)

    page = client.get(reverse("ambassadors:table"), {"stage": "screening"}).content.decode()
    assert "Applicant 2" in page
    assert "Applicant 1" not in page
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(reverse("ambassadors:table"), {"format": "csv"}).content.decode(
                    "utf-8-sig"
                )
            )
        )
    )
    assert {row[0] for row in rows[1:]} == {"Applicant 1", "Applicant 2"}


def test_equality_answers_are_only_ever_shown_in_aggregate(client_as, coordinator, menus, site):
    for n in range(6):
        apply_to(
            site,
            n,
            equality={
                "age_band": "25-44",
                "gender": "",
                "ethnicity": "",
                "disability": "yes" if n == 0 else "",
            },
        )
    page = client_as(coordinator).get(reverse("ambassadors:funnel")).content.decode()
    assert "25-44: 6" in page
    assert "yes: fewer than 5" in page
    application_page = (
        client_as(coordinator)
        .get(first(Application.objects.all()).get_absolute_url())
        .content.decode()
    )
    assert "25-44" not in application_page


def test_the_funnel_counts_stages_against_targets(client_as, coordinator, menus, site):
    application = apply_to(site)
    application = to_references(coordinator, application)
    with_references(coordinator, application)
    services.advance(actor=coordinator, application=application, to=Stage.APPROVED)
    page = client_as(coordinator).get(reverse("ambassadors:funnel")).content.decode()
    assert "0 of 10" in page  # none active yet against the target of ten
    assert "1 of 1 moved on (100%), median under a day" in page  # in words, not "100.0% on"
    assert "0.0 d" not in page
    assert "% on" not in page
    # Zeros are shown, not left blank: one row per site and all sites, a cell per stage.
    cells = re.findall(r"<td>(\d+)", page)
    assert cells.count("0") >= 4


def _bulk(site, count):
    task = Task.objects.first()
    now = timezone.now()
    created = Application.objects.bulk_create(
        Application(
            site=site,
            full_name=f"Bulk {count}-{n}",
            email=f"bulk{count}-{n}@example.org",
            neighbourhood="X",
            motivation="Y",
            consented_at=now,
            stage=list(Stage)[n % 7],
        )
        for n in range(count)
    )
    Application.tasks.through.objects.bulk_create(
        Application.tasks.through(application=a, task=task) for a in created
    )
    StageChange.objects.bulk_create(StageChange(application=a, to_stage=a.stage) for a in created)


@pytest.mark.parametrize("name", ["ambassadors:board", "ambassadors:table", "ambassadors:funnel"])
def test_the_board_and_table_run_the_same_queries_at_10_and_1000_applications(
    client, coordinator, menus, site, name, assert_bounded_queries
):
    client.force_login(coordinator)
    _bulk(site, 10)
    assert_bounded_queries(reverse(name), lambda: _bulk(site, 990))


def test_the_ambassador_page_logs_activity_without_javascript(client_as, coordinator, application):
    application = approved(coordinator, application)
    application.onboarding.update(done_at=timezone.now())
    services.complete_onboarding(actor=coordinator, application=application)
    client = client_as(application.person)

    response = client.post(
        reverse("ambassadors:onboarding"),
        {
            "kind": "event",
            "done_on": timezone.localdate().isoformat(),
            "description": "Coffee morning",
            "people": "12",
        },
    )

    assert response.url == reverse("ambassadors:onboarding")
    assert "Coffee morning" in client.get(reverse("ambassadors:onboarding")).content.decode()
    assert (
        "Coffee morning"
        in client_as(coordinator).get(application.get_absolute_url()).content.decode()
    )


def test_a_task_someone_chose_cannot_be_deleted_in_the_back_office_only_retired(
    client_as, coordinator, application
):
    task = application.tasks.get()
    client = client_as(coordinator)
    client.post(f"/admin/ambassadors/task/{task.pk}/delete/", {"post": "yes"})
    assert Task.objects.filter(pk=task.pk).exists()
    assert list(Application.objects.get(pk=application.pk).tasks.all()) == [task]

    Task.objects.filter(pk=task.pk).update(offered=False)
    form = client.get(reverse("ambassadors:apply")).content.decode()
    assert task.name not in form  # new applicants no longer see it
    assert list(Application.objects.get(pk=application.pk).tasks.all()) == [task]


def test_a_task_no_one_chose_can_be_deleted(client_as, coordinator, menus):
    spare = Task.objects.create(name="Spare task")
    client_as(coordinator).post(f"/admin/ambassadors/task/{spare.pk}/delete/", {"post": "yes"})
    assert not Task.objects.filter(pk=spare.pk).exists()


def test_each_error_says_what_is_wrong_with_that_field(client, menus, site):
    """Not "This field is required": each message tells the applicant what to do."""
    response = client.post(reverse("ambassadors:apply"), {"motivation": "I love this place."})
    page = response.content.decode()
    assert response.status_code == 400
    assert not Application.objects.exists()
    assert "This field is required" not in page
    for field, message in [
        ("full_name", "Tell us your name"),
        ("email", "Tell us your email address so we can reply"),
        ("site", "Choose the council whose town hall site you would help"),
        ("neighbourhood", "Tell us your neighbourhood"),
        ("tasks_0", "Choose at least one task you are interested in"),
        ("consent", "Agree to the privacy notice"),
    ]:
        # In the summary, linked to the field, and again beside it.
        assert re.search(rf'href="#id_{field}"[^>]*>[^<]*{message}', page), field
        assert page.count(message) >= 2, field
    assert "I love this place." in page  # what was typed stays


def test_the_council_is_chosen_by_the_applicant_unless_they_came_from_its_site(client, menus, site):
    form = client.get(reverse("ambassadors:apply")).content.decode()
    assert '<option value="" selected>Choose your council</option>' in form
    assert f'<option value="{site.pk}" selected>' not in form
    from_site = client.get(reverse("ambassadors:apply") + f"?site={site.slug}").content.decode()
    assert f'<option value="{site.pk}" selected>' in from_site
