import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from programme.demo import ACCOUNTS, DEMO_PASSWORD
from programme.models import PilotSite, RelatedInitiative, RoleGrant, User


@pytest.fixture
def debug_on(settings):
    settings.DEBUG = True


def test_seed_demo_loads_the_five_sites_and_the_cast(db, debug_on, capsys):
    call_command("seed_demo")

    assert sorted(PilotSite.objects.values_list("slug", flat=True)) == [
        "chorley",
        "essex",
        "kirklees",
        "north-lincs",
        "redbridge",
    ]
    assert RelatedInitiative.objects.filter(
        site__slug="kirklees", name="21st Century Councillor"
    ).exists()
    out = capsys.readouterr().out
    for account in ACCOUNTS:
        assert account.email in out
    assert DEMO_PASSWORD in out


def test_seed_demo_is_safe_to_run_twice(db, debug_on):
    call_command("seed_demo")
    counts = (
        PilotSite.objects.count(),
        User.objects.count(),
        RoleGrant.objects.count(),
        RelatedInitiative.objects.count(),
    )

    call_command("seed_demo")

    assert (
        PilotSite.objects.count(),
        User.objects.count(),
        RoleGrant.objects.count(),
        RelatedInitiative.objects.count(),
    ) == counts


def test_seed_demo_gives_each_account_its_role(db, debug_on):
    call_command("seed_demo")

    assert (
        RoleGrant.objects.get(user__email="lead@kirklees.demo.example").label
        == "Site lead, Kirklees"
    )
    assert RoleGrant.objects.get(user__email="friend@demo.example").role == "critical_friend"
    assert not RoleGrant.objects.filter(user__email="resident@demo.example").exists()


def test_seed_demo_is_refused_with_debug_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo")
    assert not User.objects.exists()


@pytest.mark.parametrize("email", [account.email for account in ACCOUNTS])
def test_every_demo_account_signs_in_with_the_demo_password(client, db, debug_on, email):
    call_command("seed_demo")

    response = client.post(
        reverse("accounts:login"), {"username": email, "password": DEMO_PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_seed_demo_loads_the_programme_as_it_stood(db, debug_on):
    from programme.models import ActionItem, AuditEntry, Meeting, Strand, SurveyResponse, Update
    from programme.queries import audit_matrix

    call_command("seed_demo")
    counts = [
        m.objects.count() for m in (Meeting, ActionItem, Update, AuditEntry, Strand, SurveyResponse)
    ]
    call_command("seed_demo")

    assert [
        m.objects.count() for m in (Meeting, ActionItem, Update, AuditEntry, Strand, SurveyResponse)
    ] == counts
    assert Meeting.objects.count() == 2
    assert all(meeting.actions.exists() for meeting in Meeting.objects.all())
    assert Update.objects.published().filter(title__icontains="second project meeting").exists()
    assert Strand.objects.filter(members__role="critical_friend").count() == 2
    gaps = {
        row.site.slug: {cell.category.value for cell in row.cells if cell.is_gap}
        for row in audit_matrix()
    }
    assert all(gaps[slug] for slug in gaps)  # every site has a gap somewhere...
    assert len({frozenset(g) for g in gaps.values()}) > 1  # ...and not all in the same categories


def test_seed_demo_adds_the_workshops_of_every_kind(db, debug_on):
    from django.core import mail

    from workshops.models import Workshop

    call_command("seed_demo")
    call_command("seed_demo")

    workshops = Workshop.objects.all()
    assert workshops.filter(status="held").exists()
    assert workshops.filter(status="published", access="open").exists()
    assert workshops.filter(status="cancelled").exists()
    assert workshops.filter(
        access="invitation", kind="members_briefing", invitations__isnull=False
    ).exists()
    full = next(w for w in workshops if w.registrations.filter(status="waitlisted").exists())
    assert full.registrations.filter(status="confirmed").count() == full.capacity
    assert len({w.site_id for w in workshops}) >= 3
    assert mail.outbox == []  # demo data sends no email


def test_seed_demo_adds_the_social_web_policy_as_it_stood(db, debug_on):
    from policy_drafts.models import Comment, PolicyDraft

    call_command("seed_demo")
    call_command("seed_demo")

    draft = PolicyDraft.objects.get(slug="social-web-policy")
    assert draft.versions.count() == 2
    assert draft.working_sections.filter(heading="Appeals").exists()  # the working copy moved on
    comments = Comment.objects.filter(section__version__draft=draft)
    kinds = set(comments.values_list("capacity_kind", flat=True))
    assert {
        "resident",
        "officer",
        "elected_member",
        "ambassador",
        "content_provider",
        "critical_friend",
    } <= kinds
    assert comments.filter(capacity_label="Resident (personal view)").exists()
    assert comments.filter(parent__isnull=False).exists()
    assert set(
        comments.exclude(suggestion_status="").values_list("suggestion_status", flat=True)
    ) == {"accepted", "declined"}
    assert comments.filter(hidden_at__isnull=False).exists()
    assert comments.filter(responses__isnull=False).exists()


def test_seed_demo_adds_ambassador_applications_at_every_stage(db, debug_on):
    from ambassadors.models import Application

    call_command("seed_demo")
    call_command("seed_demo")

    stages = set(Application.objects.values_list("stage", flat=True))
    assert {
        "applied",
        "screening",
        "conversation",
        "references",
        "onboarding",
        "active",
        "declined",
        "withdrawn",
        "left",
    } <= stages
    assert Application.objects.filter(
        stage="active", person__email="ambassador@kirklees.demo.example"
    ).exists()
    assert Application.objects.filter(references__received_at__isnull=False).exists()
    assert len(set(Application.objects.values_list("site", flat=True))) == 5


def test_seed_demo_builds_the_town_hall_sites_with_kirklees_live(db, debug_on):
    from townhall.models import Page, Post, TownhallSite

    call_command("seed_demo")
    call_command("seed_demo")

    assert TownhallSite.objects.count() == 5
    assert Page.objects.live().filter(slug="home").count() == 5
    for site in TownhallSite.objects.all():
        assert set(Page.objects.live().filter(site=site).values_list("kind", flat=True)) == {
            "standard",
            "news",
            "event",
            "consultation",
            "get_involved",
        }, site
    assert PilotSite.objects.get(slug="kirklees").is_live
    assert Post.objects.filter(hidden_at__isnull=False).exists()
    from programme.models import Report

    assert Report.objects.open().exists()  # a reported post waits in the queue


def test_seed_demo_brings_in_kirklees_feeds_from_the_shipped_files(db, debug_on):
    from programme.models import AuditEntry
    from townhall.models import AggregatedItem, FeedChecker, FeedState, Page, SiteEditor

    call_command("seed_demo")
    call_command("seed_demo")

    items = AggregatedItem.objects.filter(site__pilot_site__slug="kirklees")
    assert items.count() == 8  # three feeds, kept once however often the demo runs
    council = items.filter(source__name="Kirklees Council news")
    assert council.count() == 3
    assert all(item.agreement_id for item in council)
    waiting = items.filter(approved_at__isnull=True, hidden_at__isnull=True)
    assert waiting.count() == 2  # for an ambassador
    assert items.filter(hidden_at__isnull=False).count() == 1
    with_feeds = AuditEntry.objects.exclude(feed_url="")
    assert with_feeds.exists()
    assert all(entry.feed_url.endswith((".xml", ".atom")) for entry in with_feeds)
    checks = FeedState.objects.filter(entry__in=with_feeds)
    assert checks.count() == with_feeds.count()
    assert all(c.healthy and c.checked_by == FeedChecker.DEMO and c.is_current for c in checks)
    assert SiteEditor.objects.active().filter(site__pilot_site__slug="kirklees").exists()
    assert Page.objects.live().filter(created_by__email="ambassador@kirklees.demo.example").exists()


def test_seed_demo_adds_weeks_of_reach_counts_once(client, db, debug_on):
    from django.db.models import Sum

    from programme import reach_report
    from programme.models import PilotSite, Tally

    call_command("seed_demo")
    counted = Tally.objects.aggregate(n=Sum("count"))["n"]
    call_command("seed_demo")
    assert Tally.objects.aggregate(n=Sum("count"))["n"] == counted  # not doubled
    report = reach_report.reach_report(PilotSite.objects.get(slug="kirklees"), weeks=8)
    # Weeks of arrivals, some through the ambassador's code, and people taking part.
    assert sum(1 for n in report.arrivals.weekly if n) >= 6
    assert any(s.label == "Amir Patel" and s.arrivals for s in report.sharers)
    assert report.took_part.total > 0
    client.force_login(User.objects.get(email="lead@kirklees.demo.example"))
    assert client.get("/programme/reach/").context["report"].arrivals.total > 0
