"""SQLite's trigram search index for workshops (programme/platform/search.py)."""

from django.db import migrations

from programme.platform.search import SEARCHED, text_index


class Migration(migrations.Migration):
    dependencies = [("workshops", "0005_search_column")]

    operations = [text_index("workshops_workshop", SEARCHED["workshops_workshop"])]
