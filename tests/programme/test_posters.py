"""Printable posters and flyers (#27): a public workshop's or consultation's A4 poster and
A5 flyers (two to a sheet), whose QR code, read back from the rendered page, is the item's
address with the share code of whoever should count for it."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from policy_drafts import services as draft_services
from policy_drafts.models import DraftStatus
from programme import hooks
from programme.models import BuildStage, PilotSite, ShareCode
from programme.platform.pdf import BOLD, FONT
from programme.posters import Brand, Poster, brand_for, poster_pdf
from programme.services.reach import revoke_share_code, share_code_for, site_share_code
from tests.factories import PolicyDraftFactory, WorkshopFactory
from tests.policy_drafts.conftest import SECTIONS
from tests.townhall.test_uploads import encoded
from tests.workshops.conftest import at, plan
from townhall.models import TownhallSite
from workshops.models import Access, WorkshopKind

BASE = "https://town.example"
READ_BACK = pytest.mark.skipif(
    not (shutil.which("zbarimg") and shutil.which("pdftoppm")),
    reason="needs zbarimg and pdftoppm (scripts/ensure-zbar, run by make test)",
)


@pytest.fixture(autouse=True)
def _public_base_url(settings):
    settings.PUBLIC_BASE_URL = BASE


@pytest.fixture
def townhall(site):
    PilotSite.objects.filter(pk=site.pk).update(build_stage=BuildStage.LIVE)
    TownhallSite.objects.filter(pilot_site=site).update(name="Kirklees Together", colour="#7a1f5c")
    return TownhallSite.objects.get(pilot_site=site)


@pytest.fixture
def workshop(coordinator, townhall, site):
    return WorkshopFactory.create(
        site=site,
        created_by=coordinator,
        title="Getting started with Kirklees Together",
        starts_at=at(12, 10),
        ends_at=at(12, 13),
        venue_name="Huddersfield Library",
        venue_address="Princess Alexandra Walk\nHuddersfield HD1 2SU",
    )


@pytest.fixture
def draft(coordinator, townhall, site):
    """Open for comment until 5pm on 18 December 2031, its first version published."""
    return PolicyDraftFactory.create(
        title="Kirklees social web policy",
        site=site,
        owners=[coordinator],
        sections=SECTIONS,
        closes_at=timezone.make_aware(dt.datetime(2031, 12, 18, 17, 0)),
    )


def poster_url(item, **query) -> str:
    name = "workshops:poster" if hasattr(item, "venue_name") else "policy_drafts:poster"
    return reverse(name, args=[item.slug])


def page_url(item) -> str:
    name = "workshops:detail" if hasattr(item, "venue_name") else "policy_drafts:detail"
    return f"{BASE}{reverse(name, args=[item.slug])}"


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def codes_in(pdf: bytes, tmp_path: Path) -> list[str]:
    """What a phone would read: page 1 rendered at 150 dpi, every QR code on it decoded."""
    (tmp_path / "poster.pdf").write_bytes(pdf)
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "150",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            "poster.pdf",
            "page",
        ],
        cwd=tmp_path,
        check=True,
    )
    found = subprocess.run(
        ["zbarimg", "--raw", "-q", str(tmp_path / "page.png")],
        capture_output=True,
        text=True,
        check=False,
    )
    return sorted(line for line in found.stdout.splitlines() if line)


def get_pdf(client, url: str, **query):
    response = client.get(url, query)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response


# The posters as a visitor gets them.


def test_a_workshop_poster_is_a_pdf_with_its_title_date_and_venue(client, workshop):
    response = get_pdf(client, poster_url(workshop))

    assert response["Content-Disposition"] == (
        f'inline; filename="poster-workshop-{workshop.slug}-a4.pdf"'
    )
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (round(A4[0]), round(A4[1]))
    assert reader.metadata is not None
    assert reader.metadata.title == "Getting started with Kirklees Together"
    text = text_of(response.content)
    assert "Getting started with Kirklees Together" in text
    day = timezone.localtime(workshop.starts_at)
    assert f"{day:%A} {day.day} {day:%B %Y}" in text
    assert "10am to 1pm" in text
    assert "Huddersfield Library" in text
    assert "Princess Alexandra Walk, Huddersfield HD1 2SU" in text
    assert "Scan to register" in text
    assert "Kirklees Council" in text
    # The short address, to type (wrapped after a hyphen or slash where it is long).
    assert f"town.example/workshops/{workshop.slug}/" in "".join(text.split())


def test_the_pdf_says_its_language(client, workshop):
    pdf = get_pdf(client, poster_url(workshop)).content
    lang = PdfReader(io.BytesIO(pdf)).root_object["/Lang"]
    assert isinstance(lang, str)  # a text string
    assert lang == "en-GB"


def test_the_flyers_are_two_a5_on_one_landscape_a4_sheet(client, workshop):
    response = get_pdf(client, poster_url(workshop), size="a5")

    assert response["Content-Disposition"] == (
        f'inline; filename="flyers-workshop-{workshop.slug}-a5.pdf"'
    )
    reader = PdfReader(io.BytesIO(response.content))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == tuple(
        round(side) for side in landscape(A4)
    )
    assert text_of(response.content).count("Getting started with Kirklees Together") == 2


def test_an_unknown_size_is_the_a4_poster(client, workshop):
    response = get_pdf(client, poster_url(workshop), size="x" * 5000)
    assert response["Content-Disposition"].endswith('-a4.pdf"')


def test_no_cookie_is_set_for_a_visitor(client, workshop, draft):
    for url in (poster_url(workshop), poster_url(draft)):
        response = get_pdf(client, url, via="abcd2345", size="a5")
        assert not response.cookies
    assert "private" in response["Cache-Control"]


def test_a_consultation_poster_says_until_when_to_have_your_say(client, draft):
    response = get_pdf(client, poster_url(draft))

    assert response["Content-Disposition"] == (
        f'inline; filename="poster-consultation-{draft.slug}-a4.pdf"'
    )
    text = text_of(response.content)
    assert "Kirklees social web policy" in text
    assert "Have your say by 5pm on Thursday 18 December 2031" in text
    assert "Scan to have your say" in text


def test_a_consultation_without_a_closing_date_is_open_for_comments(client, coordinator, draft):
    draft_services.set_status(actor=coordinator, draft=draft, status=DraftStatus.OPEN)
    assert "Open for comments" in text_of(get_pdf(client, poster_url(draft)).content)


def test_a_programme_wide_consultation_has_the_programmes_name_in_grey(client, coordinator):
    made = PolicyDraftFactory.create(
        title="Social web policy",
        status=DraftStatus.DRAFTING,
        owners=[coordinator],
        sections=SECTIONS,
    )

    text = text_of(get_pdf(client, poster_url(made)).content)
    assert "Virtual Town Hall" in text
    assert brand_for(None) == Brand(name="Virtual Town Hall")


def test_the_council_brand_comes_from_its_town_hall_site(townhall, site):
    townhall.logo.save("logo.png", ContentFile(encoded("PNG", (200, 60))), save=True)
    assert brand_for(site) == Brand(
        name="Kirklees Council",
        colour="#7a1f5c",
        logo=townhall.logo.name,
        site_name="Kirklees Together",
    )


def test_a_poster_with_the_councils_logo_draws_it(client, townhall, workshop):
    townhall.logo.save("logo.png", ContentFile(encoded("PNG", (200, 60))), save=True)
    pdf = get_pdf(client, poster_url(workshop)).content
    assert b"/Subtype /Image" in pdf


def test_a_logo_gone_missing_leaves_the_name(client, townhall, workshop):
    TownhallSite.objects.filter(pk=townhall.pk).update(logo="townhall/logos/gone.png")
    assert "Kirklees Council" in text_of(get_pdf(client, poster_url(workshop)).content)


def test_another_apps_brand_is_asked_through_the_hook(site):
    theirs = Brand(name="Borough of Elsewhere", colour="#003300")
    with hooks.site_brand.temporarily(lambda s: theirs, order=-1):
        assert brand_for(site) == theirs


# What has no poster.


@pytest.mark.parametrize(
    "change",
    [
        {"access": Access.INVITATION},
        {"kind": WorkshopKind.INTERNAL_BRIEFING},
    ],
    ids=["invitation only", "internal"],
)
def test_a_workshop_not_for_everyone_has_no_poster(client_as, coordinator, site, change):
    workshop = WorkshopFactory.create(site=site, created_by=coordinator, **change)
    for who in (None, coordinator):
        for size in ("a4", "a5"):
            assert client_as(who).get(poster_url(workshop), {"size": size}).status_code == 404


def test_a_draft_workshop_has_no_poster(client_as, coordinator, site):
    drafted = plan(coordinator, site)
    for who in (None, coordinator):
        assert client_as(who).get(poster_url(drafted)).status_code == 404


def test_an_unpublished_consultation_has_no_poster(client_as, coordinator, site):
    unpublished = PolicyDraftFactory.create(
        title="Not yet",
        site=site,
        status=DraftStatus.DRAFTING,
        owners=[coordinator],
        sections=SECTIONS,
        sections__published=False,
    )
    for who in (None, coordinator):
        assert client_as(who).get(poster_url(unpublished)).status_code == 404


def test_an_unknown_slug_has_no_poster(client, db):
    assert client.get(reverse("workshops:poster", args=["nothing"])).status_code == 404
    assert client.get(reverse("policy_drafts:poster", args=["nothing"])).status_code == 404


def test_a_poster_is_only_read(client, workshop):
    assert client.post(poster_url(workshop)).status_code == 405


# The QR code, as a phone reads it.


@READ_BACK
def test_a_visitors_poster_carries_no_code(client, workshop, draft, tmp_path):
    for item in (workshop, draft):
        for size, count in (("a4", 1), ("a5", 2)):
            pdf = get_pdf(client, poster_url(item), size=size).content
            assert codes_in(pdf, tmp_path) == [f"{page_url(item)}?ch=poster"] * count
    assert not ShareCode.objects.exists()  # a visitor's request writes nothing


@READ_BACK
def test_a_signed_in_ambassador_prints_their_own_code(client_as, ambassador, workshop, tmp_path):
    client = client_as(ambassador)

    a4 = get_pdf(client, poster_url(workshop)).content
    own = ShareCode.objects.get(person=ambassador, site=workshop.site)
    expected = f"{page_url(workshop)}?via={own.code}&ch=poster"
    assert codes_in(a4, tmp_path) == [expected]
    a5 = get_pdf(client, poster_url(workshop), size="a5", via="someoneelse").content
    assert codes_in(a5, tmp_path) == [expected, expected]


@READ_BACK
def test_a_sharer_may_print_the_sites_own_code(client_as, site_lead, workshop, tmp_path):
    """The share kit's "use the site's own code" (posters from the council's own team)."""
    ours = site_share_code(workshop.site)

    pdf = get_pdf(client_as(site_lead), poster_url(workshop), via=ours.code).content
    assert codes_in(pdf, tmp_path) == [f"{page_url(workshop)}?via={ours.code}&ch=poster"]


@READ_BACK
def test_a_consultation_poster_carries_the_signed_in_officers_code(
    client_as, officer, draft, tmp_path
):
    pdf = get_pdf(client_as(officer), poster_url(draft), size="a5").content
    own = share_code_for(officer, draft.site)
    assert codes_in(pdf, tmp_path) == [f"{page_url(draft)}?via={own.code}&ch=poster"] * 2


@READ_BACK
def test_a_visitor_with_a_valid_via_prints_that_code(client, ambassador, workshop, tmp_path):
    theirs = share_code_for(ambassador, workshop.site)

    pdf = get_pdf(client, poster_url(workshop), via=theirs.code.upper()).content
    assert codes_in(pdf, tmp_path) == [f"{page_url(workshop)}?via={theirs.code}&ch=poster"]


@READ_BACK
def test_a_resident_cannot_share_so_their_via_is_used(
    client_as, resident, ambassador, workshop, tmp_path
):
    theirs = share_code_for(ambassador, workshop.site)
    pdf = get_pdf(client_as(resident), poster_url(workshop), via=theirs.code).content
    assert codes_in(pdf, tmp_path) == [f"{page_url(workshop)}?via={theirs.code}&ch=poster"]
    assert not ShareCode.objects.filter(person=resident).exists()


@READ_BACK
@pytest.mark.parametrize("kind", ["markup", "5,000 characters", "revoked", "another site's"])
def test_a_hostile_via_prints_no_code(
    client, coordinator, ambassador, other_site, workshop, tmp_path, kind
):
    if kind == "markup":
        via = '"><script>alert(1)</script>'
    elif kind == "5,000 characters":
        via = "a" * 5000
    elif kind == "revoked":
        code = share_code_for(ambassador, workshop.site)
        revoke_share_code(actor=coordinator, code=code)
        via = code.code
    else:
        via = share_code_for(coordinator, other_site).code

    pdf = get_pdf(client, poster_url(workshop), via=via, size="a5").content
    assert codes_in(pdf, tmp_path) == [f"{page_url(workshop)}?ch=poster"] * 2


# Text always fits.

LONG_TITLE = ("The social web policy: how the council, its officers and members will " * 4)[:200]


def _drawn(pdf: bytes) -> list[tuple[float, float, str]]:
    """Every string drawn on page 1: where it starts, where it ends (by the embedded font's
    own widths), and the text."""
    drawn: list[tuple[float, float, str]] = []

    def visit(text, cm, tm, font_dict, font_size):
        if not text.strip() or font_dict is None:
            return
        font = BOLD if "Bold" in str(font_dict.get("/BaseFont", "")) else FONT
        x = tm[4] * cm[0] + cm[4]
        drawn.append((x, x + stringWidth(text, font, font_size * tm[0] * cm[0]), text))

    PdfReader(io.BytesIO(pdf)).pages[0].extract_text(visitor_text=visit)
    return drawn


@pytest.mark.parametrize("size", ["a4", "a5"])
def test_a_200_character_title_wraps_and_shrinks_within_the_page(size):
    poster = Poster(
        title=LONG_TITLE,
        lines=(("When", "Wednesday 30 September 2026\n10am to 12:30pm"), ("Where", "W" * 120)),
        how_to="Register for a place online: scan the code, or type the address below. " * 4,
        url=f"{BASE}/workshops/{'a' * 80}/?via=abcd2345&ch=poster",
        brand=Brand(name="The Royal Borough of Windsor and Maidenhead " * 3, site_name="x" * 99),
        label="Workshop",
        scan="Scan to register",
    )
    pdf = poster_pdf(poster, size)

    text = " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    assert " ".join(LONG_TITLE.split()) in text  # all of it, on lines of its own
    drawn = _drawn(pdf)
    assert len(drawn) > 10
    page = A4[0] if size == "a4" else landscape(A4)[0]
    halves = [(0.0, page)] if size == "a4" else [(0.0, page / 2), (page / 2, page)]
    for start, end, line in (d for d in drawn if "✂" not in d[2]):  # the cut line's mark
        left, right = next(half for half in halves if half[0] <= start < half[1])
        # Inside the poster's margins (14 mm on A4, 10 mm on A5), with a little to spare.
        assert left + 9 * mm <= start, line
        assert end <= right - 9 * mm, line


# Where the links are.


@pytest.mark.parametrize("role", ["anonymous", "resident", "ambassador", "officer", "coordinator"])
def test_people_who_share_for_the_site_are_offered_the_poster_and_flyers(
    client_as, person, role, workshop, draft
):
    client = client_as(person)
    for item, page in ((workshop, workshop.get_absolute_url()), (draft, draft.get_absolute_url())):
        html = client.get(page).content.decode()
        poster = f'href="{poster_url(item)}"'
        flyers = f'href="{poster_url(item)}?size=a5"'
        offered = role not in ("anonymous", "resident")
        assert (poster in html and "Print a poster (A4)" in html) is offered, page
        assert (flyers in html and "Print flyers (A5, two to a page)" in html) is offered, page


def test_a_workshop_not_for_everyone_offers_no_poster(client_as, coordinator, site):
    invited = WorkshopFactory.create(site=site, created_by=coordinator, access=Access.INVITATION)
    html = client_as(coordinator).get(invited.get_absolute_url()).content.decode()
    assert "Print a poster" not in html
