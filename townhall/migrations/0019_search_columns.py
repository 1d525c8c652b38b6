"""Search reads the index of a stored word vector on PostgreSQL (programme/platform/search.py)."""

from django.db import migrations

from programme.platform.search import search_column


class Migration(migrations.Migration):
    dependencies = [("townhall", "0018_discussion_list_index")]

    operations = [
        search_column("townhall_pagerevision", ["search_text"]),
        search_column("townhall_discussion", ["title"]),
        search_column("townhall_post", ["body"]),
        search_column("townhall_aggregateditem", ["title", "summary"]),
    ]
