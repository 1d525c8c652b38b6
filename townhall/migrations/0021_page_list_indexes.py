"""Indexes that serve a site's lists of pages in their order: the news, newest first, and
the pages of a kind (events, consultations) in their place. A page of a list then reads
its rows in order and stops, rather than sorting all the site's pages of the kind."""

from django.db import migrations

NEWS = (
    "CREATE INDEX townhall_page_site_news ON townhall_page "
    "(site_id, kind, first_published_at DESC, id DESC)"
)
IN_PLACE = "CREATE INDEX townhall_page_site_kind ON townhall_page (site_id, kind, position, id)"


class Migration(migrations.Migration):
    dependencies = [("townhall", "0020_waiting_posts_index")]

    operations = [
        migrations.RunSQL(NEWS, "DROP INDEX townhall_page_site_news", elidable=False),
        migrations.RunSQL(IN_PLACE, "DROP INDEX townhall_page_site_kind", elidable=False),
    ]
