"""The site's sections (events, have your say, get involved) now have addresses of their own:
a page that already held one of them moves to "<address>-page", as new pages would."""

from django.db import migrations

SECTIONS = ("events", "have-your-say", "get-involved", "theme")


def move_pages(apps, schema_editor) -> None:
    Page = apps.get_model("townhall", "Page")
    for page in Page.objects.filter(slug__in=SECTIONS):
        base = slug = f"{page.slug}-page"
        n = 2
        while Page.objects.filter(site_id=page.site_id, slug=slug).exists():
            slug, n = f"{base}-{n}", n + 1
        Page.objects.filter(pk=page.pk).update(slug=slug)


class Migration(migrations.Migration):
    dependencies = [("townhall", "0011_uploads_reencoded")]
    operations = [migrations.RunPython(move_pages, migrations.RunPython.noop)]
