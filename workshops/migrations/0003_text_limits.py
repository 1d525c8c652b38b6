"""Limits on the length of what people write (#24, finding 4).

A TextField's max_length is checked by its forms only: the database is not changed, so
the operations change the migration state alone (no table is rebuilt on SQLite)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('workshops', '0002_rendered_markdown'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='agendaitem',
                    name='notes',
                    field=models.TextField(blank=True, max_length=1000),
                ),
                migrations.AlterField(
                    model_name='feedback',
                    name='comments',
                    field=models.TextField(blank=True, max_length=5000),
                ),
                migrations.AlterField(
                    model_name='outcome',
                    name='decisions',
                    field=models.TextField(blank=True, help_text='Markdown.', max_length=10000),
                ),
                migrations.AlterField(
                    model_name='outcome',
                    name='notes',
                    field=models.TextField(blank=True, help_text='Markdown.', max_length=20000),
                ),
                migrations.AlterField(
                    model_name='registration',
                    name='accessibility_needs',
                    field=models.TextField(blank=True, max_length=2000),
                ),
                migrations.AlterField(
                    model_name='registration',
                    name='dietary_requirements',
                    field=models.TextField(blank=True, max_length=1000),
                ),
                migrations.AlterField(
                    model_name='workshop',
                    name='access_notes',
                    field=models.TextField(blank=True, help_text='Step-free access, hearing loop, parking, ...', max_length=2000),
                ),
                migrations.AlterField(
                    model_name='workshop',
                    name='objectives',
                    field=models.TextField(blank=True, help_text='Markdown: what people will leave with.', max_length=5000),
                ),
                migrations.AlterField(
                    model_name='workshop',
                    name='venue_address',
                    field=models.TextField(blank=True, max_length=500, verbose_name='venue address'),
                ),
            ],
        ),
    ]
