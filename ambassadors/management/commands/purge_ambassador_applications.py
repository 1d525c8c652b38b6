"""Anonymise applications not taken forward once their retention period is over. Safe to run daily."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from ambassadors import services
from programme.platform.text import plural


class Command(BaseCommand):
    help = "Anonymise withdrawn and declined ambassador applications older than AMBASSADOR_RETENTION_DAYS."

    def handle(self, *args: Any, **options: Any) -> None:
        count = services.purge_expired(
            retention=dt.timedelta(days=settings.AMBASSADOR_RETENTION_DAYS)
        )
        self.stdout.write(f"{plural(count, 'application')} anonymised.")
