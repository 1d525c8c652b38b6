import django_tables2 as tables
from django.utils.html import format_html_join

from .models import PilotSite


class PilotSiteTable(tables.Table):
    name = tables.Column(
        linkify=("programme:site", {"slug": tables.A("slug")}), verbose_name="Site"
    )
    council_name = tables.Column(verbose_name="Council")
    council_kind = tables.Column(verbose_name="Kind of council")
    joined_on = tables.DateColumn(verbose_name="Joined")
    initiatives = tables.Column(
        verbose_name="Related initiatives", empty_values=(), orderable=False
    )

    class Meta:
        model = PilotSite
        fields = ["name", "council_name", "council_kind", "region", "joined_on"]
        sequence = ["name", "council_name", "council_kind", "region", "joined_on", "initiatives"]
        attrs = {"class": "table table-striped align-middle"}
        orderable = True
        order_by = "name"

    def render_initiatives(self, record: PilotSite) -> str:
        # Reads the prefetched initiatives, so the table costs no query per row.
        names = [initiative.name for initiative in record.initiatives.all()]
        if not names:
            return "None"
        return format_html_join(", ", "{}", ((name,) for name in names))
