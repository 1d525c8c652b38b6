"""SQLite's trigram search indexes for the searched tables (programme/platform/search.py): what the
PostgreSQL search columns of 0019 do there."""

from django.db import migrations

from programme.platform.search import SEARCHED, text_index

TABLES = [
    "townhall_pagerevision",
    "townhall_discussion",
    "townhall_post",
    "townhall_aggregateditem",
]


class Migration(migrations.Migration):
    dependencies = [("townhall", "0021_page_list_indexes")]

    operations = [text_index(table, SEARCHED[table]) for table in TABLES]
