from typing import Any

import pytest

from ambassadors import services
from ambassadors.demo import ensure_menus
from ambassadors.models import Stage, Task
from programme.invitations import invitation_token
from programme.models import User
from tests.factories import UserFactory


@pytest.fixture
def menus(db):
    ensure_menus()


def apply_to(site, n=0, **extra):
    fields: dict[str, Any] = {
        "neighbourhood": "Lindley",
        "motivation": "I want to help.",
        "tasks": [Task.objects.get(name="Spreading the word")],
        "consent": True,
    }
    if "person" not in extra:  # signed in, the name and address are the account's own
        fields |= {"full_name": f"Applicant {n}", "email": f"applicant{n}@example.org"}
    fields.update(extra)
    return services.apply(site=site, **fields)


@pytest.fixture
def application(menus, site):
    return apply_to(site)


def to_references(actor, application):
    for stage in (Stage.SCREENING, Stage.CONVERSATION, Stage.REFERENCES):
        application = services.advance(actor=actor, application=application, to=stage)
    return application


def with_references(actor, application, count=2):
    refs = services.request_references(
        actor=actor,
        application=application,
        referees=[(f"Ref {n}", f"ref{n}@example.org") for n in range(count)],
    )
    for ref in refs:
        services.submit_reference(reference=ref, known_for="Years", statement="Kind and reliable.")


def approved_only(coordinator, application):
    application = to_references(coordinator, application)
    with_references(coordinator, application)
    return services.advance(actor=coordinator, application=application, to=Stage.APPROVED)


def accept_token(application):
    return invitation_token("ambassadors.application", application.pk, application.email)


def approved(coordinator, application):
    """Approved, and the place taken up by the applicant's confirmed account."""
    application = approved_only(coordinator, application)
    person = User.objects.filter(email=application.email).first() or UserFactory.create(
        email=application.email, full_name=application.full_name
    )
    return services.accept_place(user=person, token=accept_token(application))
