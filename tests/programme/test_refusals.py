"""How a service's refusal reaches the person: `NotAllowed` is a 403 wherever it is raised,
saying why; a rule's refusal shows beside the field it names."""

import pytest
from django import forms
from django.urls import reverse

from programme.forms import show_refusal
from programme.services import NotAllowed, ProgrammeError
from tests.factories import WorkshopFactory


@pytest.fixture
def workshop(coordinator, site):
    return WorkshopFactory.create(site=site, created_by=coordinator)


def test_a_refusal_no_view_catches_is_a_403_that_says_why(client_as, resident, workshop):
    response = client_as(resident).post(reverse("workshops:request_feedback", args=[workshop.slug]))
    assert response.status_code == 403
    assert "Only the workshop&#x27;s team asks for feedback." in response.content.decode()


def test_a_plain_403_says_no_more_than_no(client_as, resident):
    response = client_as(resident).get(reverse("programme:dashboard"))
    assert response.status_code == 403
    assert "does not have permission for this page or action" in response.content.decode()


def test_not_allowed_is_never_mistaken_for_a_rule():
    assert not issubclass(NotAllowed, ProgrammeError)  # so `except ProgrammeError` passes it on
    assert NotAllowed("No.").code == "not_allowed"


class Booking(forms.Form):
    name = forms.CharField()
    seats = forms.IntegerField()


@pytest.mark.parametrize(
    ("field", "otherwise", "shown_at"),
    [("seats", None, "seats"), (None, None, None), ("colour", None, None), (None, "name", "name")],
)
def test_a_rule_refusal_goes_beside_the_field_it_names(field, otherwise, shown_at):
    form = Booking({"name": "Ann", "seats": "2"})
    assert form.is_valid()
    show_refusal(form, ProgrammeError("Too many.", "too_many", field=field), otherwise=otherwise)
    assert form.errors == {shown_at or "__all__": ["Too many."]}
