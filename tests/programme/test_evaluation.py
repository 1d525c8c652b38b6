"""The evaluation questionnaire: rounds, one answer per link or person, and the comparison."""

import csv
import io
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from programme.models import RoundKind, SurveyResponse
from programme.queries import survey_comparison
from programme.services import NotAllowed, ProgrammeError, evaluation
from tests.conftest import CAST
from tests.factories import UserFactory


@pytest.fixture
def baseline(coordinator, site):
    return evaluation.open_round(actor=coordinator, site=site, kind=RoundKind.BASELINE)


@pytest.fixture
def closing(coordinator, site):
    return evaluation.open_round(actor=coordinator, site=site, kind=RoundKind.CLOSING)


def answer_by_links(coordinator, survey_round, answers):
    links = evaluation.make_links(actor=coordinator, survey_round=survey_round, count=len(answers))
    for link, actions in zip(links, answers, strict=True):
        evaluation.answer_survey(survey_round=survey_round, actions=actions, link=link)


def test_a_site_has_one_round_of_each_kind(coordinator, site, baseline):
    with pytest.raises(ProgrammeError) as error:
        evaluation.open_round(actor=coordinator, site=site, kind=RoundKind.BASELINE)
    assert error.value.code == "round_exists"


def test_only_coordinators_open_rounds(site_lead, site):
    with pytest.raises(NotAllowed):
        evaluation.open_round(actor=site_lead, site=site, kind=RoundKind.BASELINE)


def test_a_link_takes_one_answer_without_an_account(client, coordinator, baseline):
    link = evaluation.make_links(actor=coordinator, survey_round=baseline, count=1)[0]

    first = client.post(link.get_absolute_url(), {"actions": ["voted", "petition"]})
    second = client.post(link.get_absolute_url(), {"actions": ["voted"]})

    assert "Thank you" in first.content.decode()
    assert "already been used" in second.content.decode()
    assert SurveyResponse.objects.get().actions == ["petition", "voted"]


def test_a_signed_in_person_answers_once(client_as, resident, baseline):
    client = client_as(resident)
    client.post(baseline.get_absolute_url(), {"actions": ["voted"]})
    response = client.post(baseline.get_absolute_url(), {"actions": []})

    assert "already answered" in response.content.decode()
    assert SurveyResponse.objects.count() == 1


def test_an_unconfirmed_account_is_asked_to_confirm_before_its_answer_counts(client_as, baseline):
    newcomer = UserFactory.create(email_confirmed_at=None)
    response = client_as(newcomer).post(baseline.get_absolute_url(), {"actions": ["voted"]})
    assert "Confirm your email address first" in response.content.decode()
    assert not SurveyResponse.objects.exists()


def test_answers_are_limited_per_client_address(client_as, baseline):
    for _ in range(evaluation.ANSWERS_PER_CLIENT.count + 1):
        response = client_as(UserFactory.create()).post(
            baseline.get_absolute_url(), {"actions": ["voted"]}, REMOTE_ADDR="203.0.113.4"
        )
    assert "You can try again at" in response.content.decode()
    assert SurveyResponse.objects.count() == evaluation.ANSWERS_PER_CLIENT.count


def test_without_a_link_an_anonymous_visitor_is_asked_to_sign_in(client, baseline):
    page = client.get(baseline.get_absolute_url()).content.decode()
    assert "Sign in</a> to answer" in page
    client.post(baseline.get_absolute_url(), {"actions": ["voted"]})
    assert not SurveyResponse.objects.exists()


def test_a_closed_round_takes_no_answers(client, coordinator, baseline):
    link = evaluation.make_links(actor=coordinator, survey_round=baseline, count=1)[0]
    evaluation.set_round_open(actor=coordinator, survey_round=baseline, is_open=False)

    page = client.post(link.get_absolute_url(), {"actions": ["voted"]}).content.decode()

    assert "has closed" in page
    assert not SurveyResponse.objects.exists()


def test_an_unknown_action_is_refused_not_a_500(client, coordinator, baseline):
    link = evaluation.make_links(actor=coordinator, survey_round=baseline, count=1)[0]
    response = client.post(link.get_absolute_url(), {"actions": ["rioted"]})
    assert response.status_code == 400
    assert not SurveyResponse.objects.exists()


def test_an_unknown_link_is_a_404(client, db):
    assert client.get(reverse("programme:survey_answer_link", args=["nope"])).status_code == 404


def test_the_comparison_counts_and_percentages(coordinator, site, baseline, closing):
    answer_by_links(coordinator, baseline, [["voted"], ["voted", "petition"], [], ["petition"]])
    answer_by_links(coordinator, closing, [["voted", "council_consultation"], ["voted"]])

    comparison = survey_comparison(site)

    by_action = {result.action.value: result for result in comparison.results}
    assert (comparison.baseline_responses, comparison.closing_responses) == (4, 2)
    assert (by_action["voted"].baseline_count, by_action["voted"].baseline_percent) == (2, 50.0)
    assert (by_action["voted"].closing_count, by_action["voted"].closing_percent) == (2, 100.0)
    assert by_action["voted"].change == 50.0
    assert by_action["council_consultation"].closing_percent == 50.0
    assert survey_comparison().baseline_responses == 4


@pytest.mark.parametrize("role", CAST)
def test_results_are_for_coordinators_critical_friends_and_site_leads(
    client_as, person, site, role
):
    response = client_as(person).get(reverse("programme:evaluation"))
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"] == (
            f"{reverse('accounts:login')}?next={reverse('programme:evaluation')}"
        )
    else:
        assert response.status_code == (
            200 if role in {"coordinator", "critical_friend", "site_lead"} else 403
        )


def test_results_download_as_csv_and_the_chart_as_svg(client_as, coordinator, baseline, closing):
    answer_by_links(coordinator, baseline, [["voted"], []])
    answer_by_links(coordinator, closing, [["voted"]])
    client = client_as(coordinator)

    rows = list(
        csv.reader(
            io.StringIO(
                client.get(reverse("programme:evaluation"), {"format": "csv"}).content.decode(
                    "utf-8-sig"
                )
            )
        )
    )
    voted = next(row for row in rows if row[0] == "All sites" and row[1] == "Voted in an election")
    assert voted[2:] == ["2", "1", "50.0", "1", "1", "100.0"]

    svg = ET.fromstring(client.get(reverse("programme:evaluation_chart")).content)
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    assert "baseline (2 answers) and closing (1 answers)" in svg.findtext(
        "{http://www.w3.org/2000/svg}title", ""
    )


def test_the_chart_is_not_for_the_public(client, baseline):
    assert client.get(reverse("programme:evaluation_chart")).status_code == 404


def test_making_links_and_downloading_them(client_as, coordinator, baseline):
    client = client_as(coordinator)
    client.post(reverse("programme:survey_links", args=[baseline.pk]), {"count": "3"})

    rows = list(
        csv.reader(
            io.StringIO(
                client.get(
                    reverse("programme:survey_links", args=[baseline.pk]), {"format": "csv"}
                ).content.decode("utf-8-sig")
            )
        )
    )
    assert len(rows) == 4
    assert all("/programme/have-your-say/link/" in row[0] for row in rows[1:])


def test_too_many_links_at_once_is_refused_beside_the_field(client_as, coordinator, baseline):
    response = client_as(coordinator).post(
        reverse("programme:survey_links", args=[baseline.pk]), {"count": "5000"}
    )
    assert 'href="#id_count"' in response.content.decode()


def test_every_site_is_compared_from_one_read_of_the_answers(
    coordinator, site, other_site, baseline, closing
):
    from programme.queries import survey_comparisons

    answer_by_links(coordinator, baseline, [["voted"], ["petition"]])
    elsewhere = evaluation.open_round(actor=coordinator, site=other_site, kind=RoundKind.BASELINE)
    answer_by_links(coordinator, elsewhere, [["voted"]])
    overall, per_site = survey_comparisons([site, other_site])
    assert overall.baseline_responses == 3
    assert [c.baseline_responses for c in per_site] == [2, 1]
    assert per_site == [survey_comparison(site), survey_comparison(other_site)]


def test_the_results_page_runs_the_same_queries_with_more_sites(
    client, coordinator, site, baseline, assert_bounded_queries
):
    from tests.factories import PilotSiteFactory

    client.force_login(coordinator)
    assert_bounded_queries(
        reverse("programme:evaluation"), lambda: PilotSiteFactory.create_batch(10)
    )


def test_closing_a_round_twice_leaves_it_closed(client_as, coordinator, baseline):
    """A double press, or Back and send again, repeats what was asked: it never undoes it."""
    client = client_as(coordinator)
    page = client.get("/programme/evaluation/").content.decode()
    assert f'action="/programme/evaluation/rounds/{baseline.pk}/open/"' in page
    assert '<input type="hidden" name="open" value="0">' in page
    for _ in range(2):
        response = client.post(f"/programme/evaluation/rounds/{baseline.pk}/open/", {"open": "0"})
        assert response["Location"] == "/programme/evaluation/"
        baseline.refresh_from_db()
        assert not baseline.is_open
    client.post(f"/programme/evaluation/rounds/{baseline.pk}/open/", {"open": "1"})
    baseline.refresh_from_db()
    assert baseline.is_open


@pytest.mark.parametrize("value", [None, "", "yes", "2", "\x00"])
def test_an_unclear_open_or_close_changes_nothing(client_as, coordinator, baseline, value):
    data = {} if value is None else {"open": value}
    response = client_as(coordinator).post(
        f"/programme/evaluation/rounds/{baseline.pk}/open/", data
    )
    assert response["Location"] == "/programme/evaluation/"
    baseline.refresh_from_db()
    assert baseline.is_open
