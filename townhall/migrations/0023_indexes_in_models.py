"""The indexes 0020 and 0021 made with SQL, now declared on the models (the database
already has them: state only), and a new one of the posts anyone may read by discussion."""

from django.db import migrations, models

WAITING = models.Index(
    condition=models.Q(("approved_at__isnull", True), ("withdrawn_at__isnull", True)),
    fields=["discussion"],
    name="townhall_post_waiting",
)
NEWS = models.Index(
    fields=["site", "kind", "-first_published_at", "-id"], name="townhall_page_site_news"
)
IN_PLACE = models.Index(fields=["site", "kind", "position", "id"], name="townhall_page_site_kind")


class Migration(migrations.Migration):
    dependencies = [("townhall", "0022_sqlite_search_indexes")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddIndex(model_name="page", index=NEWS),
                migrations.AddIndex(model_name="page", index=IN_PLACE),
                migrations.AddIndex(model_name="post", index=WAITING),
            ]
        ),
        migrations.AddIndex(
            model_name="post",
            index=models.Index(
                condition=models.Q(
                    ("approved_at__isnull", False),
                    ("hidden_at__isnull", True),
                    ("withdrawn_at__isnull", True),
                ),
                fields=["discussion"],
                name="post_shown_discussion",
            ),
        ),
    ]
