from django.db import migrations

from townhall.blocks import with_rendered_text


def render_text_blocks(apps, schema_editor):
    # The historical model has no methods: the same walk as PageRevision.rerender_stale_markdown.
    PageRevision = apps.get_model("townhall", "PageRevision")
    for pk, blocks in PageRevision.objects.values_list("pk", "blocks").iterator():
        if any(b.get("type") == "text" for b in blocks):
            PageRevision.objects.filter(pk=pk).update(blocks=with_rendered_text(blocks))


class Migration(migrations.Migration):
    dependencies = [("townhall", "0008_rendered_markdown")]

    operations = [migrations.RunPython(render_text_blocks, migrations.RunPython.noop)]
