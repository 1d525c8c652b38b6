"""/health/ for load balancers and /health/queue/ for monitoring say up or down, nothing more."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connections
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from programme.platform import tasks


def test_the_site_is_up_and_says_nothing_more(client, db):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.content == b"up\n"
    assert "no-cache" in response["Cache-Control"]


class BrokenCache:
    def set(self, *args, **kwargs):
        raise ConnectionError("Error 111 connecting to 10.0.0.5:6379. Connection refused.")

    get = delete = set


def test_a_broken_cache_is_down_without_saying_where_or_why(client, db, monkeypatch):
    monkeypatch.setattr("programme.platform.health.cache", BrokenCache())
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.content == b"down\n"


@pytest.mark.django_db(transaction=True)
def test_a_database_that_is_away_is_down(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionError("could not connect to server at 10.0.0.4")

    monkeypatch.setattr(connections["default"], "cursor", refuse)
    response = client.get("/health/")
    assert response.status_code == 503
    assert b"10.0.0.4" not in response.content


@pytest.mark.django_db(transaction=True)
def test_the_queue_is_down_when_its_oldest_task_has_waited_too_long(client, settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    assert client.get("/health/queue/").content == b"up\n"
    tasks.send_due_emails.enqueue()
    assert client.get("/health/queue/").status_code == 200  # waiting a moment is fine
    DBTaskResult.objects.update(enqueued_at=timezone.now() - dt.timedelta(minutes=20))
    response = client.get("/health/queue/")
    assert response.status_code == 503
    assert response.content == b"down\n"
    assert client.get("/health/").status_code == 200  # a stopped worker never stops the web
