"""Limits on the length of what people write (#24, finding 4).

A TextField's max_length is checked by its forms only: the database is not changed, so
the operations change the migration state alone (no table is rebuilt on SQLite)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('townhall', '0015_feed_state'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='aggregateditem',
                    name='hidden_reason',
                    field=models.TextField(blank=True, max_length=2000),
                ),
                migrations.AlterField(
                    model_name='complaint',
                    name='text',
                    field=models.TextField(max_length=5000),
                ),
                migrations.AlterField(
                    model_name='post',
                    name='body',
                    field=models.TextField(max_length=10000),
                ),
                migrations.AlterField(
                    model_name='post',
                    name='hidden_reason',
                    field=models.TextField(blank=True, max_length=2000),
                ),
            ],
        ),
    ]
