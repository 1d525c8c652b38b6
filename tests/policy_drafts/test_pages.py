"""Draft pages for every role, the compare page, reports, agreements, and query counts."""

import csv
import io

import pytest
from django.core import mail
from django.urls import reverse
from pypdf import PdfReader

from policy_drafts import diff, services
from policy_drafts.models import Comment, DraftStatus
from programme.services import moderation
from tests.conftest import CAST
from tests.factories import CommentFactory, PolicyDraftFactory, UserFactory

from .conftest import section, working

EDITORS = {"coordinator"}


@pytest.mark.parametrize("role", CAST)
def test_published_drafts_are_public_and_unpublished_ones_are_for_editors(
    client_as, person, coordinator, v1, role
):
    unpublished = PolicyDraftFactory.create(
        title="Ambassador agreement",
        status=DraftStatus.DRAFTING,
        owners=[coordinator],
        sections=[("Intro", "x")],
        sections__published=False,
    )
    client = client_as(person)

    assert client.get(reverse("policy_drafts:list")).status_code == 200
    assert client.get(v1.draft.get_absolute_url()).status_code == 200
    assert client.get(reverse("policy_drafts:version", args=[v1.draft.slug, 1])).status_code == 200
    response = client.get(unpublished.get_absolute_url())
    assert response.status_code == (
        302 if role in EDITORS else 404  # editors go to the working copy
    )
    if role in EDITORS:
        assert response["Location"] == reverse("policy_drafts:edit", args=[unpublished.slug])


@pytest.mark.parametrize("role", CAST)
@pytest.mark.parametrize(
    "name", ["policy_drafts:edit", "policy_drafts:report_csv", "policy_drafts:report_pdf"]
)
def test_editing_and_reports_are_for_owners_and_coordinators(client_as, person, v1, role, name):
    url = reverse(name, args=[v1.draft.slug])
    response = client_as(person).get(url)
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('accounts:login')}?next={url}"
    else:
        assert response.status_code == (200 if role in EDITORS else 403)


def test_owners_who_are_not_coordinators_edit_their_draft(client_as, critical_friend, v1):
    v1.draft.owners.add(critical_friend)
    assert (
        client_as(critical_friend)
        .get(reverse("policy_drafts:edit", args=[v1.draft.slug]))
        .status_code
        == 200
    )


def test_compare_marks_words_and_calls_out_added_removed_and_moved_sections(
    client, coordinator, v1, draft
):
    sections = working(draft)
    sections[0]["body"] = "The town hall brings the whole conversation into reach of the council."
    sections = [
        sections[2],
        sections[0],
        {"heading": "Appeals", "body": "Ask a coordinator."},
    ]  # drop one, move one
    draft.refresh_from_db()
    services.save_working_copy(
        actor=coordinator, draft=draft, revision=draft.working_revision, sections=sections
    )
    services.publish_version(actor=coordinator, draft=draft, change_note="Restructured")

    page = client.get(reverse("policy_drafts:compare", args=[draft.slug, 1, 2])).content.decode()

    assert "<ins> whole</ins>" in page
    assert ">Added<" in page
    assert ">Removed<" in page
    assert ">Moved<" in page
    assert "Speaking in a capacity" in page  # the removed section is listed


def test_word_diff_escapes_what_people_wrote():
    assert str(diff.word_diff("<b>old</b>", "<script>new</script>")) == (
        "<del>&lt;b&gt;old&lt;/b&gt;</del><ins>&lt;script&gt;new&lt;/script&gt;</ins>"
    )


def test_compare_with_an_unknown_version_is_a_404(client, v1):
    assert (
        client.get(reverse("policy_drafts:compare", args=[v1.draft.slug, 1, 7])).status_code == 404
    )


def test_agreeing_to_an_adopted_version_and_again_after_a_new_one(
    coordinator, content_provider, v1, draft, django_capture_on_commit_callbacks
):
    with pytest.raises(services.DraftError):
        services.agree(person=content_provider, draft=draft)  # not adopted yet
    services.adopt(actor=coordinator, draft=draft)
    draft.refresh_from_db()
    services.agree(person=content_provider, draft=draft)
    assert services.has_current_agreement(content_provider, draft)

    sections = working(draft)
    sections[2]["body"] = "Ambassadors moderate and always give a reason, in writing."
    draft.refresh_from_db()
    services.save_working_copy(
        actor=coordinator, draft=draft, revision=draft.working_revision, sections=sections
    )
    services.publish_version(actor=coordinator, draft=draft, change_note="Reasons in writing")
    with django_capture_on_commit_callbacks(execute=True):
        services.adopt(actor=coordinator, draft=draft)
    draft.refresh_from_db()

    assert not services.has_current_agreement(
        content_provider, draft
    )  # paused until they agree again
    assert services.needs_to_agree_again(content_provider, draft)
    assert [m.to for m in mail.outbox] == [[content_provider.email]]
    services.agree(person=content_provider, draft=draft)
    assert services.has_current_agreement(content_provider, draft)


def test_the_csv_report_streams_every_comment(client_as, coordinator, resident, officer, v1):
    CommentFactory.create(
        author=resident,
        section=section(v1, "Moderation"),
        stance="object",
        body="=cmd|' /C calc'!A0",
        quote="always give a reason",
    )
    hidden = CommentFactory.create(
        author=officer,
        section=section(v1, "Moderation"),
        capacity="resident",
        stance="support",
        body="Secret words",
    )
    moderation.hide_content(moderator=coordinator, target=hidden, reason="Off topic")

    response = client_as(coordinator).get(reverse("policy_drafts:report_csv", args=[v1.draft.slug]))

    assert response.streaming
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:4] == ["version", "section", "comment id", "reply to"]
    bodies = {row[8] for row in rows[1:]}
    assert "'=cmd|' /C calc'!A0" in bodies  # kept as text, never a formula
    assert "Secret words" not in bodies
    assert {row[5] for row in rows[1:]} == {"Resident", "Resident (personal view)"}
    assert {row[11] for row in rows[1:]} == {"shown", "hidden"}


def test_the_pdf_report_opens_with_counts_then_comments_by_section(
    client_as, coordinator, resident, v1
):
    CommentFactory.create(
        author=resident,
        section=section(v1, "Moderation"),
        stance="object",
        body="Too strict",
    )
    pdf = (
        client_as(coordinator)
        .get(reverse("policy_drafts:report_pdf", args=[v1.draft.slug]))
        .content
    )
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert (
        text.index("All comments by capacity and stance")
        < text.index("Version 1: Moderation")
        < text.index("Too strict")
    )
    assert reader.metadata is not None
    assert reader.metadata.title == "Consultation report: Social web policy"


def test_the_report_prints_any_european_name_in_embedded_fonts(client_as, coordinator, v1):
    from programme.models import User
    from tests.pdf_fonts import assert_fonts_embedded

    author = UserFactory.create(full_name="Łukasz Żółć")
    CommentFactory.create(
        author=author,
        section=section(v1, "Moderation"),
        stance="support",
        body="Καλή ιδέα, спасибо",
    )
    assert User.objects.filter(full_name="Łukasz Żółć").exists()
    pdf = client_as(coordinator).get(reverse("policy_drafts:report_pdf", args=[v1.draft.slug]))
    reader = PdfReader(io.BytesIO(pdf.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Καλή ιδέα, спасибо" in text
    assert_fonts_embedded(reader)


def test_owners_see_a_summary_on_the_draft_page(client_as, coordinator, resident, v1):
    CommentFactory.create(
        author=resident,
        section=section(v1, "Moderation"),
        stance="suggest",
        body="x",
        quote="always give a reason",
        suggestion="give reasons",
    )
    page = client_as(coordinator).get(v1.get_absolute_url()).content.decode()
    assert "1 suggestion awaiting a decision" in page
    assert "Most discussed: Moderation (1)" in page


def test_the_version_and_compare_pages_run_the_same_queries_with_more_comments(
    client, coordinator, v1, draft, assert_bounded_queries
):
    def comments(count):
        people = UserFactory.create_batch(2)
        for n in range(count):
            target = v1.sections.all()[n % 3]
            comment = CommentFactory.create(
                author=people[n % 2],
                section=target,
                stance="support",
                body=f"Comment {n}",
            )
            services.reply(
                author=people[(n + 1) % 2], parent=comment, body="Reply", capacity="resident"
            )
            services.respond(actor=coordinator, comment=comment, body="Thanks")

    sections = working(draft)
    sections[0]["body"] += " More."
    draft.refresh_from_db()
    services.save_working_copy(
        actor=coordinator, draft=draft, revision=draft.working_revision, sections=sections
    )
    # Keep v1 open for comments while we add them, then publish v2 to compare.
    comments(3)
    client.force_login(coordinator)
    urls = [v1.get_absolute_url(), reverse("policy_drafts:compare", args=[draft.slug, 1, 1])]
    assert_bounded_queries(urls, lambda: comments(9))
    assert Comment.objects.count() == 24


def test_the_dashboard_shows_the_policy_and_the_checklist_needs_it(
    client_as, coordinator, site, v1, draft
):
    from programme import readiness

    page = client_as(coordinator).get(reverse("programme:dashboard")).content.decode()
    assert "Social web policy" in page
    assert "Open for comment" in page
    assert {item.key: item.met for item in readiness.evaluate_checklist(site)}["policy"] is True
    services.set_status(actor=coordinator, draft=draft, status=DraftStatus.REVIEWING)
    assert {item.key: item.met for item in readiness.evaluate_checklist(site)}["policy"] is False


def test_a_later_version_with_earlier_comments_runs_a_fixed_number_of_queries(
    client, coordinator, v1, draft, assert_bounded_queries
):
    people = UserFactory.create_batch(2)

    def comment_on(version, count):
        for n in range(count):
            target = version.sections.all()[n % 3]
            CommentFactory.create(
                author=people[n % 2],
                section=target,
                stance="support",
                body=f"Comment {n}",
                quote=target.body[:12]
                if n % 2
                else "",  # some quote a passage, so they are re-anchored
            )

    comment_on(v1, 2)
    sections = working(draft)
    sections[0]["body"] += " More."
    draft.refresh_from_db()
    services.save_working_copy(
        actor=coordinator, draft=draft, revision=draft.working_revision, sections=sections
    )
    v2 = services.publish_version(actor=coordinator, draft=draft, change_note="Second")

    def add_earlier() -> None:
        Comment.objects.bulk_create(
            Comment(
                section=s,
                author=people[0],
                stance="object",
                body="Old",
                capacity_kind="resident",
                capacity_label="Resident",
            )
            for s in list(v1.sections.all()) * 5
        )

    assert_bounded_queries(v2.get_absolute_url(), add_earlier)


def test_a_draft_only_open_for_comment_is_in_progress_not_ready(coordinator, v1, site):
    from policy_drafts.readiness import policy_indicator

    v1.draft.refresh_from_db()
    assert v1.draft.status == DraftStatus.OPEN
    assert policy_indicator([site])[site.pk].status == "partial"
    services.adopt(actor=coordinator, draft=v1.draft)
    assert policy_indicator([site])[site.pk].status == "good"
