"""Search reads the index of a stored word vector on PostgreSQL (programme/platform/search.py)."""

from django.db import migrations

from programme.platform.search import search_column


class Migration(migrations.Migration):
    dependencies = [("workshops", "0004_outcome_public_summary")]

    operations = [
        search_column("workshops_workshop", ["title", "objectives", "venue_name"]),
    ]
