"""Search reads the index of a stored word vector on PostgreSQL (programme/platform/search.py)."""

from django.db import migrations

from programme.platform.search import search_column


class Migration(migrations.Migration):
    dependencies = [("policy_drafts", "0004_comment_shown_author_index")]

    operations = [
        search_column("policy_drafts_policydraft", ["title", "summary"]),
    ]
