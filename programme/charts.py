"""A small server-drawn SVG bar chart: baseline against closing, per democratic action.

No JavaScript and no chart library: a coordinator downloads the SVG for a
report, and the page shows the same figures in a table beside it.
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .queries import SurveyComparison

BASELINE = "#5a6b7b"
CLOSING = "#0a58ca"


def comparison_chart(comparison: SurveyComparison, *, standalone: bool = False) -> SafeString:
    label_width, bar_area, row_height, bar_height = 300, 380, 44, 16
    top = 50
    height = top + row_height * len(comparison.results) + 20
    width = label_width + bar_area + 60
    where = comparison.site.name if comparison.site else "All sites"
    title = (
        f"{where}: share of residents who took each action, baseline "
        f"({comparison.baseline_responses} answers) and closing ({comparison.closing_responses} answers)"
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-labelledby="chart-title" font-family="sans-serif" font-size="13">',
        f'<title id="chart-title">{escape(title)}</title>',
        '<rect width="100%" height="100%" fill="#fff"/>',
        f'<rect x="{label_width}" y="10" width="14" height="14" fill="{BASELINE}"/>',
        f'<text x="{label_width + 20}" y="22" fill="#1d2731">Baseline</text>',
        f'<rect x="{label_width + 110}" y="10" width="14" height="14" fill="{CLOSING}"/>',
        f'<text x="{label_width + 130}" y="22" fill="#1d2731">Closing</text>',
    ]
    for index, result in enumerate(comparison.results):
        y = top + index * row_height
        parts.append(
            f'<text x="{label_width - 8}" y="{y + bar_height + 4}" text-anchor="end" fill="#1d2731">{escape(result.action.label)}</text>'
        )
        for offset, (percent, colour) in enumerate(
            ((result.baseline_percent, BASELINE), (result.closing_percent, CLOSING))
        ):
            bar_y = y + offset * (bar_height + 2)
            bar_width = bar_area * percent / 100
            parts.append(
                f'<rect x="{label_width}" y="{bar_y}" width="{bar_width:.1f}" height="{bar_height}" fill="{colour}"/>'
            )
            parts.append(
                f'<text x="{label_width + bar_width + 4:.1f}" y="{bar_y + bar_height - 3}" fill="#1d2731">{percent:g}%</text>'
            )
    parts.append("</svg>")
    svg = "".join(parts)
    if standalone:
        svg = '<?xml version="1.0" encoding="UTF-8"?>\n' + svg
    return mark_safe(svg)
