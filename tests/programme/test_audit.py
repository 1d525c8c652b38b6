"""The social web audit: coverage matrix, entries, permissions, CSV export and import."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from programme.audit_import import parse_audit_csv
from programme.models import AuditCategory, AuditEntry, Relationship
from programme.queries import audit_matrix
from programme.services import NotAllowed, ProgrammeError, audit
from tests.conftest import CAST
from tests.factories import PilotSiteFactory

GOOD_CSV = """category,name,url,relationship,next_step,last_reviewed,reach
News,Huddersfield Examiner,https://examiner.example.org,In contact,,24/11/2026,12000
Blogs & social reporters,Huddersfield Hub,https://hub.example.org,partner,,,
Social networking,Holmfirth forum,https://holmfirth.example.org,none,Ask the moderators,,
"""

BAD_CSV = """category,name,url,relationship
News,Huddersfield Examiner,https://examiner.example.org,In contact
Gossip,Rumour mill,https://rumour.example.org,partner
Blogs & social reporters,Hub,not a web address,partner
"""


def entry(site, category, name, relationship=Relationship.NONE, next_step=""):
    return AuditEntry.objects.create(
        site=site,
        category=category,
        name=name,
        url="https://example.org",
        relationship=relationship,
        next_step=next_step,
    )


def test_the_matrix_counts_entries_and_finds_the_strongest_relationship(site, other_site):
    entry(site, AuditCategory.NEWS, "Paper", Relationship.AWARE)
    entry(site, AuditCategory.NEWS, "Radio", Relationship.PARTNER)
    entry(site, AuditCategory.BLOGS, "Blog", Relationship.NONE, "Email the blogger")

    rows = {row.site.slug: {cell.category: cell for cell in row.cells} for row in audit_matrix()}

    news = rows["kirklees"][AuditCategory.NEWS]
    assert (news.count, news.strongest, news.is_gap) == (2, Relationship.PARTNER, False)
    blogs = rows["kirklees"][AuditCategory.BLOGS]
    assert (blogs.count, blogs.is_gap, blogs.next_step) == (1, True, "Email the blogger")
    assert rows["kirklees"][AuditCategory.SOCIAL_NETWORKING].is_gap
    assert all(cell.is_gap and cell.count == 0 for cell in rows["chorley"].values())


def test_gaps_are_obvious_on_the_page_with_their_next_step_or_a_prompt(client_as, site_lead, site):
    entry(site, AuditCategory.NEWS, "Paper", Relationship.PARTNER)
    entry(site, AuditCategory.BLOGS, "Blog", Relationship.NONE, "Email the blogger")

    page = client_as(site_lead).get(reverse("programme:audit")).content.decode()

    assert page.count(">Gap<") == 3
    assert "Email the blogger" in page
    assert f"?site={site.slug}&amp;category=social_networking" in page


@pytest.mark.parametrize("role", CAST)
def test_the_audit_is_read_by_the_people_running_the_pilot(client_as, person, site, role):
    response = client_as(person).get(reverse("programme:audit"))
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"] == (
            f"{reverse('accounts:login')}?next={reverse('programme:audit')}"
        )
    else:
        assert response.status_code == (403 if role == "resident" else 200)


@pytest.mark.parametrize("role", CAST)
def test_adding_entries_is_for_site_leads_and_coordinators(client_as, person, site, role):
    response = client_as(person).get(reverse("programme:audit_add"))
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"] == (
            f"{reverse('accounts:login')}?next={reverse('programme:audit_add')}"
        )
    else:
        assert response.status_code == (200 if role in {"coordinator", "site_lead"} else 403)


def test_a_site_lead_edits_only_their_own_sites_audit(client_as, site_lead, site, other_site):
    mine = entry(site, AuditCategory.NEWS, "Mine")
    theirs = entry(other_site, AuditCategory.NEWS, "Theirs")
    client = client_as(site_lead)

    assert client.get(reverse("programme:audit_edit", args=[mine.pk])).status_code == 200
    assert client.get(reverse("programme:audit_edit", args=[theirs.pk])).status_code == 403
    with pytest.raises(NotAllowed):
        audit.add_audit_entry(
            actor=site_lead, site=other_site, category="news", name="X", url="https://x.example"
        )


def test_a_site_lead_cannot_move_an_entry_to_another_site(client_as, site_lead, site, other_site):
    mine = entry(site, AuditCategory.NEWS, "Mine")
    response = client_as(site_lead).post(
        reverse("programme:audit_edit", args=[mine.pk]),
        {
            "site": other_site.pk,
            "category": "news",
            "name": "Mine",
            "url": "https://example.org",
            "relationship": 0,
        },
    )
    assert response.status_code == 200  # the form refuses a site that is not theirs
    mine.refresh_from_db()
    assert mine.site == site


def test_critical_friends_read_but_do_not_edit(client_as, critical_friend, site):
    mine = entry(site, AuditCategory.NEWS, "Paper")
    client = client_as(critical_friend)
    assert client.get(reverse("programme:audit")).status_code == 200
    assert client.get(reverse("programme:audit_edit", args=[mine.pk])).status_code == 403


def test_adding_an_entry_through_the_form(client_as, site_lead, site):
    response = client_as(site_lead).post(
        reverse("programme:audit_add"),
        {
            "site": site.pk,
            "category": "blogs",
            "name": "Huddersfield Hub",
            "url": "https://hub.example.org",
            "feed_url": "https://hub.example.org/feed",
            "relationship": Relationship.IN_CONTACT,
            "reach": "4000",
        },
    )
    assert response.url == reverse("programme:audit")
    added = AuditEntry.objects.get()
    assert (added.name, added.reach, added.created_by) == ("Huddersfield Hub", 4000, site_lead)


def test_a_duplicate_name_is_refused_beside_the_field(client_as, site_lead, site):
    entry(site, AuditCategory.BLOGS, "Huddersfield Hub")
    response = client_as(site_lead).post(
        reverse("programme:audit_add"),
        {
            "site": site.pk,
            "category": "blogs",
            "name": "huddersfield hub",
            "url": "https://hub.example.org",
            "relationship": 0,
        },
    )
    assert 'href="#id_name"' in response.content.decode()
    assert AuditEntry.objects.count() == 1


def test_the_filtered_entries_download_as_csv(client_as, coordinator, site, other_site):
    entry(site, AuditCategory.NEWS, "=HYPERLINK(evil)")
    entry(other_site, AuditCategory.NEWS, "Chorley Guardian")

    response = client_as(coordinator).get(
        reverse("programme:audit"), {"site": site.pk, "format": "csv"}
    )

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["site", "category", "name"]
    assert [row[2] for row in rows[1:]] == ["'=HYPERLINK(evil)"]  # a formula is kept as text


def test_parsing_reports_each_bad_row_with_its_number_and_field(site):
    parsed = parse_audit_csv(BAD_CSV, site)

    assert not parsed.is_valid
    problems = {(error.row, error.field) for error in parsed.errors}
    assert (3, "category") in problems
    assert (4, "web address") in problems
    assert len(parsed.entries) == 1


def test_missing_columns_are_named(site):
    parsed = parse_audit_csv("name,relationship\nPaper,none\n", site)
    assert parsed.errors[0].row == 1
    assert "category" in parsed.errors[0].field
    assert "url" in parsed.errors[0].field


def test_an_import_with_a_bad_row_saves_nothing(coordinator, site):
    with pytest.raises(ProgrammeError) as error:
        audit.import_audit_entries(actor=coordinator, site=site, csv_text=BAD_CSV)
    assert error.value.code == "invalid_rows"
    assert "row 3" in error.value.message
    assert not AuditEntry.objects.exists()


def test_a_good_file_imports_every_row(coordinator, site):
    created = audit.import_audit_entries(actor=coordinator, site=site, csv_text=GOOD_CSV)

    assert len(created) == 3
    examiner = AuditEntry.objects.get(name="Huddersfield Examiner")
    assert (examiner.relationship, examiner.reach, str(examiner.last_reviewed_on)) == (
        Relationship.IN_CONTACT,
        12000,
        "2026-11-24",
    )
    assert AuditEntry.objects.get(name="Holmfirth forum").next_step == "Ask the moderators"


def test_a_row_already_in_the_audit_or_twice_in_the_file_is_refused(site):
    entry(site, AuditCategory.NEWS, "Huddersfield Examiner")
    twice = GOOD_CSV + "Blogs & social reporters,Huddersfield Hub,https://hub.example.org,none,,,\n"

    parsed = parse_audit_csv(twice, site)

    messages = [error.message for error in parsed.errors]
    assert any("already has" in m for m in messages)
    assert any("also on row 3" in m for m in messages)


def upload(text, name="audit.csv", encoding="utf-8"):
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def test_the_import_page_previews_then_confirms(client_as, site_lead, site):
    client = client_as(site_lead)

    preview = client.post(
        reverse("programme:audit_import"), {"site": site.pk, "file": upload(GOOD_CSV)}
    )

    page = preview.content.decode()
    assert "Preview: 3 entries for Kirklees" in page
    assert not AuditEntry.objects.exists()  # nothing saved until confirmed

    csv_text = preview.context["confirm"].initial["csv_text"]
    response = client.post(
        reverse("programme:audit_import"), {"site": site.pk, "csv_text": csv_text}
    )

    assert response.url == reverse("programme:audit")
    assert AuditEntry.objects.filter(site=site).count() == 3


def test_the_import_page_lists_row_errors_and_offers_no_confirm(client_as, site_lead, site):
    response = client_as(site_lead).post(
        reverse("programme:audit_import"), {"site": site.pk, "file": upload(BAD_CSV)}
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "nothing will be imported" in page
    assert "<td>3</td><td>category</td>" in page
    assert 'name="csv_text"' not in page
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize(
    "text",
    [
        "category,name,url,next_step\nNews,Long,https://l.example," + "x" * 131_073 + "\n",
        '"category' + "y" * 140_000 + "\n",  # a quote never closed, from the header on
    ],
)
def test_a_field_longer_than_csv_allows_is_a_row_error_not_a_500(client_as, site_lead, site, text):
    response = client_as(site_lead).post(
        reverse("programme:audit_import"), {"site": site.pk, "file": upload(text)}
    )
    assert response.status_code == 400
    assert "This row cannot be read" in response.content.decode()
    assert not AuditEntry.objects.exists()


def test_a_spreadsheet_saved_in_windows_encoding_is_read(client_as, site_lead, site):
    text = "category,name,url\nNews,Café Ilkley Gazette,https://cafe.example.org\n"
    response = client_as(site_lead).post(
        reverse("programme:audit_import"),
        {"site": site.pk, "file": upload(text, encoding="cp1252")},
    )
    assert "Café Ilkley Gazette" in response.content.decode()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("audit.xlsx", "category,name,url\n", "Choose a CSV file"),
        ("audit.csv", "x" * (1024 * 1024 + 1), "larger than 1 MB"),
    ],
)
def test_wrong_files_are_refused_beside_the_field(
    client_as, site_lead, site, name, content, message
):
    response = client_as(site_lead).post(
        reverse("programme:audit_import"), {"site": site.pk, "file": upload(content, name=name)}
    )
    assert message in response.content.decode()


def test_a_site_lead_cannot_import_into_another_site(client_as, site_lead, other_site):
    response = client_as(site_lead).post(
        reverse("programme:audit_import"), {"site": other_site.pk, "file": upload(GOOD_CSV)}
    )
    assert 'href="#id_site"' in response.content.decode()
    response = client_as(site_lead).post(
        reverse("programme:audit_import"), {"site": other_site.pk, "csv_text": GOOD_CSV}
    )
    assert not AuditEntry.objects.exists()


def test_the_audit_page_runs_the_same_queries_at_10_and_500_rows(
    client, coordinator, site, assert_bounded_queries
):
    client.force_login(coordinator)
    sites = [site, *PilotSiteFactory.create_batch(4)]

    def add(size):
        AuditEntry.objects.bulk_create(
            AuditEntry(
                site=sites[n % 5],
                category=list(AuditCategory)[n % 4],
                name=f"Source {size}-{n}",
                url="https://example.org",
                relationship=n % 4,
                next_step="Call" if n % 3 else "",
            )
            for n in range(size)
        )

    add(10)
    assert_bounded_queries(reverse("programme:audit"), lambda: add(490))


def test_an_exported_audit_imports_back_into_another_site(client_as, coordinator, site, other_site):
    audit.import_audit_entries(actor=coordinator, site=site, csv_text=GOOD_CSV)
    exported = client_as(coordinator).get(
        reverse("programme:audit"), {"site": site.pk, "format": "csv"}
    )

    created = audit.import_audit_entries(
        actor=coordinator, site=other_site, csv_text=exported.content.decode("utf-8-sig")
    )

    assert len(created) == 3
    copy = AuditEntry.objects.get(site=other_site, name="Huddersfield Examiner")
    assert (copy.relationship, copy.reach, str(copy.last_reviewed_on)) == (
        Relationship.IN_CONTACT,
        12000,
        "2026-11-24",
    )


def test_the_formula_guard_comes_off_again_on_import_so_a_round_trip_changes_nothing(
    client_as, coordinator, site, other_site
):
    text = (
        "category,name,url,owner,next_step\n"
        "News,Phone tree,https://p.example,+44 7700 900123,=ask them\n"
        "News,Quoted,https://q.example,'plain quote,'+already\n"
    )
    audit.import_audit_entries(actor=coordinator, site=site, csv_text=text)
    exported = client_as(coordinator).get(
        reverse("programme:audit"), {"site": site.pk, "format": "csv"}
    )
    assert "'+44 7700 900123" in exported.content.decode("utf-8-sig")  # guarded on the way out
    audit.import_audit_entries(
        actor=coordinator, site=other_site, csv_text=exported.content.decode("utf-8-sig")
    )
    phone = AuditEntry.objects.get(site=other_site, name="Phone tree")
    assert phone.owner == "+44 7700 900123"
    assert phone.next_step == "=ask them"
    quoted = AuditEntry.objects.get(site=other_site, name="Quoted")
    assert quoted.owner == "'plain quote"  # only the guard itself comes off


@pytest.mark.parametrize(
    "value", ["=1+1", "'=1", "''=1", "'hello", "'", "''", "-5", "@home", "plain", "it's"]
)
def test_every_value_comes_back_from_an_export_exactly_as_it_went(value):
    from programme.platform.csv_export import safe_cell, unguard

    exported = safe_cell(value)
    assert not str(exported).startswith(("=", "+", "-", "@"))  # a spreadsheet runs none
    assert unguard(str(exported)) == value
