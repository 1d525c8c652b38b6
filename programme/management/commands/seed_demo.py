"""Load the pilot as it stood, for demonstrations and development. Safe to run twice."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from programme import demo


class Command(BaseCommand):
    help = "Load the demo pilot: five sites, their initiatives, and one account per role."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo only runs with DJANGO_DEBUG on: it creates accounts with a known password."
            )
        # Demo people have demo addresses: keep the emails their registrations would send out of the console.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            summary = demo.seed()
        self.stdout.write(self.style.SUCCESS(f"Demo data ready ({summary})."))
        self.stdout.write("")
        self.stdout.write(f"Demo accounts (password for all: {demo.DEMO_PASSWORD}):")
        width = max(len(account.email) for account in demo.ACCOUNTS)
        for account in demo.ACCOUNTS:
            self.stdout.write(f"  {account.email.ljust(width)}  {account.describe()}")
