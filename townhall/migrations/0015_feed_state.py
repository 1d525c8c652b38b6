"""Feed checks move from the audit entry (which people edit) to a row of their own,
about the address checked; what was found so far is copied across."""

import django.db.models.deletion
from django.db import migrations, models


def copy_feed_checks(apps, schema_editor):
    """Keep what the fetcher found so far, from the audit entry to its own row."""
    AuditEntry = apps.get_model("programme", "AuditEntry")
    FeedState = apps.get_model("townhall", "FeedState")
    checked = AuditEntry.objects.exclude(feed_url="").filter(
        feed_checked_at__isnull=False, feed_healthy__isnull=False
    )
    FeedState.objects.bulk_create(
        FeedState(
            entry_id=entry.pk,
            url=entry.feed_url,
            checked_at=entry.feed_checked_at,
            checked_by="earlier",
            healthy=entry.feed_healthy,
            problem=entry.feed_problem,
            etag=entry.feed_etag,
            last_modified=entry.feed_last_modified,
        )
        for entry in checked.iterator()
    )


def copy_back(apps, schema_editor):
    AuditEntry = apps.get_model("programme", "AuditEntry")
    FeedState = apps.get_model("townhall", "FeedState")
    for state in FeedState.objects.iterator():
        AuditEntry.objects.filter(pk=state.entry_id, feed_url=state.url).update(
            feed_checked_at=state.checked_at,
            feed_healthy=state.healthy,
            feed_problem=state.problem,
            feed_etag=state.etag,
            feed_last_modified=state.last_modified,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("programme", "0009_schedule"),
        ("townhall", "0014_every_pilot_site_has_its_town_hall"),
    ]

    operations = [
        migrations.CreateModel(
            name="FeedState",
            fields=[
                (
                    "entry",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="feed_state",
                        serialize=False,
                        to="programme.auditentry",
                    ),
                ),
                ("url", models.URLField(max_length=500, verbose_name="feed address checked")),
                ("checked_at", models.DateTimeField(verbose_name="last checked")),
                (
                    "checked_by",
                    models.CharField(
                        choices=[
                            ("schedule", "The regular fetch"),
                            ("command", "The fetch_feeds command"),
                            ("demo", "The demo data"),
                            ("earlier", "Not recorded (checked before this was kept)"),
                        ],
                        max_length=10,
                        verbose_name="checked by",
                    ),
                ),
                ("healthy", models.BooleanField()),
                ("problem", models.CharField(blank=True, max_length=300)),
                ("etag", models.CharField(blank=True, max_length=300)),
                ("last_modified", models.CharField(blank=True, max_length=100)),
            ],
            options={
                "verbose_name": "feed check",
            },
        ),
        migrations.RunPython(copy_feed_checks, copy_back),
    ]
