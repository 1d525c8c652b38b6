"""A small server-drawn SVG bar chart: baseline against closing, per democratic action.

No JavaScript and no chart library: a coordinator downloads the SVG for a
report, and the page shows the same figures in a table beside it.
"""

from __future__ import annotations

from collections.abc import Sequence

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
    return mark_safe(svg)  # noqa: S308 (every text in it is escaped above)


def weekly_chart(
    chart_id: str,
    title: str,
    description: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, str, Sequence[int]]],
) -> SafeString:
    """Bars per week for one or more series (name, colour, values), drawn to the largest.

    The SVG names itself (title) and says what it shows in words (desc); the page puts the
    same figures in a table beside it, so nothing is only in the picture.
    """
    left, top, bottom, plot_height = 44, 40, 40, 180
    group = max(28, 14 * len(series) + 12)
    width = left + group * len(labels) + 20
    height = top + plot_height + bottom
    largest = max([1, *(v for _, _, values in series for v in values)])
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-labelledby="{title_id} {desc_id}" font-family="sans-serif" font-size="12">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(description)}</desc>',
        '<rect width="100%" height="100%" fill="#fff"/>',
        f'<line x1="{left}" y1="{top + plot_height}" x2="{width - 10}" y2="{top + plot_height}" stroke="#5a6b7b"/>',
        f'<text x="{left - 6}" y="{top + 4}" text-anchor="end" fill="#1d2731">{largest}</text>',
        f'<text x="{left - 6}" y="{top + plot_height}" text-anchor="end" fill="#1d2731">0</text>',
    ]
    for index, (name, colour, _) in enumerate(series):
        x = left + index * 150
        parts.append(f'<rect x="{x}" y="10" width="14" height="14" fill="{colour}"/>')
        parts.append(f'<text x="{x + 20}" y="22" fill="#1d2731">{escape(name)}</text>')
    bar = (group - 12) / max(1, len(series))
    for week, label in enumerate(labels):
        x0 = left + week * group + 6
        for index, (_, colour, values) in enumerate(series):
            value = values[week]
            h = plot_height * value / largest
            parts.append(
                f'<rect x="{x0 + index * bar:.1f}" y="{top + plot_height - h:.1f}" '
                f'width="{bar - 1:.1f}" height="{h:.1f}" fill="{colour}"/>'
            )
        parts.append(
            f'<text x="{x0 + (group - 12) / 2:.1f}" y="{top + plot_height + 16}" '
            f'text-anchor="middle" fill="#1d2731">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every text in it is escaped above)


def bar_chart(
    chart_id: str, title: str, description: str, rows: Sequence[tuple[str, int]], colour: str
) -> SafeString:
    """Horizontal bars, one per labelled figure, drawn to the largest (the table beside it
    carries the same figures)."""
    label_width, bar_area, row_height = 230, 330, 30
    height = 10 + row_height * max(1, len(rows))
    width = label_width + bar_area + 70
    largest = max([1, *(value for _, value in rows)])
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-labelledby="{title_id} {desc_id}" font-family="sans-serif" font-size="13">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(description)}</desc>',
        '<rect width="100%" height="100%" fill="#fff"/>',
    ]
    for index, (label, value) in enumerate(rows):
        y = 10 + index * row_height
        w = bar_area * value / largest
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 15}" text-anchor="end" fill="#1d2731">{escape(label)}</text>'
        )
        parts.append(
            f'<rect x="{label_width}" y="{y}" width="{w:.1f}" height="20" fill="{colour}"/>'
        )
        parts.append(
            f'<text x="{label_width + w + 6:.1f}" y="{y + 15}" fill="#1d2731">{value}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every text in it is escaped above)
