"""Every pilot site has its town hall site from the moment it joins (before, a site's first
visit made it, so a GET wrote a row); this makes the ones no visit has made yet."""

from django.db import migrations


def add_missing(apps, schema_editor):
    PilotSite = apps.get_model("programme", "PilotSite")
    TownhallSite = apps.get_model("townhall", "TownhallSite")
    for pilot in PilotSite.objects.filter(townhall__isnull=True):
        TownhallSite.objects.create(pilot_site=pilot, name=f"{pilot.name} Town Hall")


class Migration(migrations.Migration):
    dependencies = [("townhall", "0013_waiting_notice")]

    operations = [migrations.RunPython(add_missing, migrations.RunPython.noop)]
