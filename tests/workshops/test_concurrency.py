"""Registrations never exceed capacity, also when many people click at once (PostgreSQL)."""

import threading

import pytest
from django.db import connection, connections

from tests.factories import UserFactory, WorkshopFactory
from tests.outcomes import made
from workshops import services
from workshops.models import Registration, RegistrationStatus


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_registrations_for_the_last_places_never_overbook(coordinator, site):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; row locks are tested on PostgreSQL (CI runs both)")
    workshop = WorkshopFactory.create(site=site, created_by=coordinator, capacity=3)
    people = UserFactory.create_batch(12)
    start = threading.Barrier(len(people))
    errors: list[BaseException] = []

    def register(person):
        try:
            start.wait()
            services.register(workshop=workshop, person=person, audience="residents", consent=True)
        except BaseException as error:  # noqa: BLE001 (a thread's failure, handed to the test)
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    statuses = list(Registration.objects.filter(workshop=workshop).values_list("status", flat=True))
    assert statuses.count(RegistrationStatus.CONFIRMED) == 3
    assert statuses.count(RegistrationStatus.WAITLISTED) == 9


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_cancellations_promote_each_waiting_person_once(coordinator, site):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are tested on PostgreSQL")
    workshop = WorkshopFactory.create(site=site, created_by=coordinator, capacity=4)
    placed = [
        services.register(
            workshop=workshop, person=UserFactory.create(), audience="residents", consent=True
        )
        for _ in range(4)
    ]
    waiting = [
        made(
            services.register(
                workshop=workshop, person=UserFactory.create(), audience="residents", consent=True
            )
        )
        for _ in range(2)
    ]
    start = threading.Barrier(len(placed))

    def cancel(registration):
        try:
            start.wait()
            services.cancel_registration(registration=registration)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=cancel, args=(r,)) for r in placed]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert workshop.registrations.confirmed().count() == 2
    assert {r.pk for r in workshop.registrations.confirmed()} == {r.pk for r in waiting}
