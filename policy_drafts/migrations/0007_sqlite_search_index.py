"""SQLite's trigram search index for policy drafts (programme/platform/search.py)."""

from django.db import migrations

from programme.platform.search import SEARCHED, text_index


class Migration(migrations.Migration):
    dependencies = [("policy_drafts", "0006_comment_reply_parent_index")]

    operations = [text_index("policy_drafts_policydraft", SEARCHED["policy_drafts_policydraft"])]
