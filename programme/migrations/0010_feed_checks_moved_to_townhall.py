"""What the feed fetcher found now lives in townhall.FeedState, copied there first."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('programme', '0009_schedule'),
        # The town hall copies the checks out before these columns go.
        ('townhall', '0015_feed_state'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='auditentry',
            name='feed_checked_at',
        ),
        migrations.RemoveField(
            model_name='auditentry',
            name='feed_etag',
        ),
        migrations.RemoveField(
            model_name='auditentry',
            name='feed_healthy',
        ),
        migrations.RemoveField(
            model_name='auditentry',
            name='feed_last_modified',
        ),
        migrations.RemoveField(
            model_name='auditentry',
            name='feed_problem',
        ),
    ]
