"""Limits on the length of what people write (#24, finding 4).

A TextField's max_length is checked by its forms only: the database is not changed, so
the operations change the migration state alone (no table is rebuilt on SQLite)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('ambassadors', '0003_retire_tasks'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='application',
                    name='motivation',
                    field=models.TextField(max_length=3000, verbose_name='why you want to take part'),
                ),
                migrations.AlterField(
                    model_name='reference',
                    name='statement',
                    field=models.TextField(blank=True, max_length=5000),
                ),
                migrations.AlterField(
                    model_name='stagechange',
                    name='note',
                    field=models.TextField(blank=True, max_length=2000),
                ),
                migrations.AlterField(
                    model_name='task',
                    name='description',
                    field=models.TextField(blank=True, max_length=2000),
                ),
            ],
        ),
    ]
