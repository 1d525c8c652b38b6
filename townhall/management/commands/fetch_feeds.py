"""Fetch the feeds in every site's social web audit; safe to run every few minutes from cron."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandParser

from townhall.models import FeedChecker
from townhall.services.aggregation import feeds_to_fetch, refresh


class Command(BaseCommand):
    help = (
        "Fetch the RSS and Atom feeds recorded in the social web audit and bring their new "
        "items into the town hall sites. A broken feed is marked unhealthy and the run goes on."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--site", help="Only this pilot site (its slug).")

    def handle(self, *args: object, site: str | None = None, **options: object) -> None:
        healthy = broken = 0
        for entry in feeds_to_fetch(site):
            outcome = refresh(entry, by=FeedChecker.COMMAND)
            if not outcome.healthy:
                broken += 1
                self.stdout.write(f"{entry.site}: {entry.name}: unhealthy. {outcome.problem}")
                continue
            healthy += 1
            if outcome.unchanged:
                said = "unchanged"
            else:
                said = f"{outcome.new} new" + (
                    f", {outcome.waiting} waiting for an ambassador" if outcome.waiting else ""
                )
            self.stdout.write(f"{entry.site}: {entry.name}: {said}.")
        self.stdout.write(f"{healthy} feeds read, {broken} unhealthy.")
