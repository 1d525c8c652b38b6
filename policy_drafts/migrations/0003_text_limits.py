"""Limits on the length of what people write (#24, finding 4).

A TextField's max_length is checked by its forms only: the database is not changed, so
the operations change the migration state alone (no table is rebuilt on SQLite)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('policy_drafts', '0002_rendered_markdown'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='comment',
                    name='body',
                    field=models.TextField(max_length=10000),
                ),
                migrations.AlterField(
                    model_name='comment',
                    name='hidden_reason',
                    field=models.TextField(blank=True, max_length=2000),
                ),
                migrations.AlterField(
                    model_name='comment',
                    name='quote',
                    field=models.TextField(blank=True, max_length=5000),
                ),
                migrations.AlterField(
                    model_name='comment',
                    name='suggestion',
                    field=models.TextField(blank=True, max_length=5000, verbose_name='suggested replacement'),
                ),
                migrations.AlterField(
                    model_name='comment',
                    name='suggestion_reason',
                    field=models.TextField(blank=True, max_length=2000),
                ),
                migrations.AlterField(
                    model_name='policydraft',
                    name='summary',
                    field=models.TextField(blank=True, max_length=2000),
                ),
                migrations.AlterField(
                    model_name='response',
                    name='body',
                    field=models.TextField(max_length=5000),
                ),
                migrations.AlterField(
                    model_name='section',
                    name='body',
                    field=models.TextField(blank=True, max_length=20000),
                ),
                migrations.AlterField(
                    model_name='version',
                    name='change_note',
                    field=models.TextField(blank=True, max_length=2000),
                ),
                migrations.AlterField(
                    model_name='workingsection',
                    name='body',
                    field=models.TextField(blank=True, max_length=20000),
                ),
            ],
        ),
    ]
