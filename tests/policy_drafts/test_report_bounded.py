"""The consultation report's web page at any size: every section's counts, each section's
latest comments and a link to all of them, in the same queries with ten comments or a
thousand; the PDF and the CSV still hold every comment."""

from __future__ import annotations

import csv
import io
import re

from django.urls import reverse
from pypdf import PdfReader

from policy_drafts import queries, report_pdf, services

from ..factories import many_comments
from .conftest import section


def _shown(html: str) -> list[int]:
    return [int(n) for n in re.findall(r"Comment number (\d+)\.", html)]


def test_the_report_page_runs_the_same_queries_and_shows_as_many_comments_at_two_sizes(
    client_as, coordinator, resident, v1, assert_bounded_queries
):
    client = client_as(coordinator)
    moderation, other = section(v1, "Moderation"), section(v1, "Speaking in a capacity")
    many_comments(moderation, 3)
    first = many_comments(other, 2, start=500)[0]
    # A reply from the start, so its responses are looked up at both sizes.
    services.reply(author=resident, parent=first, capacity="resident", body="Comment number 9998.")
    url = reverse("policy_drafts:report", args=[v1.draft.slug])

    def grow():
        latest = many_comments(moderation, 600, start=3)[-1]
        many_comments(other, 300, start=1000)
        services.reply(
            author=resident, parent=latest, capacity="resident", body="Comment number 9999."
        )
        services.respond(actor=coordinator, comment=latest, body="Thank you, noted.")

    assert_bounded_queries(url, grow)
    html = client.get(url).content.decode()
    shown = _shown(html)
    per = report_pdf.PAGE_SHOWN
    assert len(shown) == 2 * per + 1  # the latest of each section, and the reply to one
    assert set(shown) == {*range(603 - per, 603), *range(1300 - per, 1300), 9999}
    assert 9998 not in shown  # a reply to a comment too old to show
    assert shown.index(603 - per) < shown.index(602) < shown.index(9999)  # oldest first
    assert "<strong>Reply from Rosa Green,</strong>" in html
    assert "<strong>Response:</strong> Thank you, noted." in html
    # Every section's counts stay: 603 and 300 top-level comments, all supporting.
    assert "<td>603</td>" in html
    assert "<td>302</td>" in html
    for target, total in ((moderation, "603"), (other, "302")):
        link = reverse("policy_drafts:section_comments", args=[v1.draft.slug, 1, target.key])
        assert (
            f'<a href="{link}">Read all {total} comments on “{target.heading}” in version 1</a>'
            in html
        )
    pdf = reverse("policy_drafts:report_pdf", args=[v1.draft.slug])
    assert f'The <a href="{pdf}">PDF</a>' in html
    assert "hold every comment and reply" in html
    first_page = client.get(
        reverse("policy_drafts:section_comments", args=[v1.draft.slug, 1, moderation.key])
    ).content.decode()
    assert len(_shown(first_page)) >= queries.COMMENTS_PER_PAGE


def test_a_small_report_shows_every_comment_and_no_link(client_as, coordinator, v1):
    target = section(v1, "Moderation")
    many_comments(target, report_pdf.PAGE_SHOWN)
    html = client_as(coordinator).get(reverse("policy_drafts:report", args=[v1.draft.slug]))
    text = html.content.decode()
    assert _shown(text) == list(range(report_pdf.PAGE_SHOWN))
    assert "Read all" not in text
    assert "The latest" not in text


def test_a_report_without_comments_says_so(client_as, coordinator, v1):
    html = client_as(coordinator).get(reverse("policy_drafts:report", args=[v1.draft.slug]))
    assert "No comments have been made." in html.content.decode()


def test_the_csv_and_the_pdf_still_hold_every_comment(client_as, coordinator, resident, v1):
    count = 3 * report_pdf.PAGE_SHOWN
    made = many_comments(section(v1, "Moderation"), count)
    services.reply(
        author=resident, parent=made[0], capacity="resident", body="Comment number 9999."
    )
    client = client_as(coordinator)
    response = client.get(reverse("policy_drafts:report_csv", args=[v1.draft.slug]))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert sorted(_shown(" ".join(row[8] for row in rows[1:]))) == [*range(count), 9999]
    pdf = client.get(reverse("policy_drafts:report_pdf", args=[v1.draft.slug])).content
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert sorted(_shown(text)) == [*range(count), 9999]
