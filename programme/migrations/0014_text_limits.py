"""Limits on the length of what people write (#24, finding 4).

A TextField's max_length is checked by its forms only: the database is not changed, so
the operations change the migration state alone (no table is rebuilt on SQLite)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('programme', '0013_report_network'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='actionitem',
                    name='notes',
                    field=models.TextField(blank=True, max_length=2000),
                ),
                migrations.AlterField(
                    model_name='auditentry',
                    name='next_step',
                    field=models.TextField(blank=True, max_length=1000),
                ),
                migrations.AlterField(
                    model_name='buildstagechange',
                    name='note',
                    field=models.TextField(blank=True, max_length=2000),
                ),
                migrations.AlterField(
                    model_name='golivesignoff',
                    name='note',
                    field=models.TextField(blank=True, max_length=2000),
                ),
                migrations.AlterField(
                    model_name='meeting',
                    name='agenda',
                    field=models.TextField(blank=True, help_text='Markdown.', max_length=10000),
                ),
                migrations.AlterField(
                    model_name='meeting',
                    name='decisions',
                    field=models.TextField(blank=True, help_text='Markdown: one decision per line or bullet.', max_length=10000),
                ),
                migrations.AlterField(
                    model_name='meeting',
                    name='minutes',
                    field=models.TextField(blank=True, help_text='Markdown.', max_length=20000),
                ),
                migrations.AlterField(
                    model_name='moderationdecision',
                    name='reason',
                    field=models.TextField(max_length=2000),
                ),
                migrations.AlterField(
                    model_name='pilotsite',
                    name='description',
                    field=models.TextField(blank=True, max_length=2000),
                ),
                migrations.AlterField(
                    model_name='relatedinitiative',
                    name='description',
                    field=models.TextField(blank=True, max_length=2000),
                ),
                migrations.AlterField(
                    model_name='reply',
                    name='body',
                    field=models.TextField(max_length=5000),
                ),
                migrations.AlterField(
                    model_name='reply',
                    name='hidden_reason',
                    field=models.TextField(blank=True, max_length=2000),
                ),
                migrations.AlterField(
                    model_name='report',
                    name='reason',
                    field=models.TextField(max_length=2000),
                ),
                migrations.AlterField(
                    model_name='strand',
                    name='description',
                    field=models.TextField(blank=True, max_length=2000),
                ),
                migrations.AlterField(
                    model_name='update',
                    name='body',
                    field=models.TextField(help_text='Markdown.', max_length=20000),
                ),
            ],
        ),
    ]
