"""An index of the posts waiting for an ambassador: the few that every moderator's pages
count ("Posts waiting (n)") are found without reading every post."""

from django.db import migrations

# Partial, as the query's condition (townhall.queries._waiting_posts and waiting_for);
# SQLite and PostgreSQL both take this form.
WAITING = (
    "CREATE INDEX townhall_post_waiting ON townhall_post (discussion_id) "
    "WHERE approved_at IS NULL AND withdrawn_at IS NULL"
)


class Migration(migrations.Migration):
    dependencies = [("townhall", "0019_search_columns")]

    operations = [
        migrations.RunSQL(WAITING, "DROP INDEX townhall_post_waiting", elidable=False),
    ]
