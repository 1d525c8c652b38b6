"""Demo town hall sites: a home page and a few pages of each kind on every site; Kirklees is live."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.test import override_settings
from django.utils import timezone

from programme.invitations import invitation_token
from programme.models import BuildStage, PilotSite, SignOffRole, User
from programme.services import readiness as readiness_services

from . import services
from .blocks import image_ids
from .demo_reach import seed_reach
from .models import Page, PageKind, TownhallSite

NAMES = {
    "kirklees": (
        "Kirklees Together",
        "Your say on Kirklees, from Holmfirth to Dewsbury",
        "#1b3a57",
    ),
    "redbridge": ("Redbridge Conversation", "Where Redbridge talks", "#5b2a86"),
    "chorley": ("Chorley Voice", "Chorley's town hall online", "#1f5130"),
    "essex": ("Essex Town Hall", "Join the county conversation", "#8a1c1c"),
    "north-lincs": ("North Lincs Town Hall", "From Scunthorpe to the Humber", "#23415f"),
}


def _page(
    actor: User,
    site: TownhallSite,
    kind: PageKind,
    title: str,
    blocks: list[dict],
    slug: str | None = None,
) -> Page:
    page = services.create_page(actor=actor, site=site, kind=kind, title=title)
    if slug:
        Page.objects.filter(pk=page.pk).update(slug=slug)
        page.refresh_from_db()
    services.save_revision(actor=actor, page=page, base=page.latest.number, blocks=blocks)
    page.refresh_from_db()
    page = services.publish(actor=actor, page=page)
    # As if written by a person: the dashboard's "time to publish" then reads as it would.
    minutes = 6 + len(title) % 9
    published = page.first_published_at or timezone.now()
    Page.objects.filter(pk=page.pk).update(created_at=published - dt.timedelta(minutes=minutes))
    return page


def name_site(pilot: PilotSite) -> TownhallSite:
    """The demo site of `pilot` under its demo name.

    The site was made when its pilot site joined (services.add_site), under the name every
    site starts with ("Kirklees Town Hall"); the demo's pages call it by its own name
    ("Kirklees Together"), so its header and page titles must too: one name per site. A
    name someone chose since is kept."""
    name, tagline, colour = NAMES[pilot.slug]
    site, _ = TownhallSite.objects.get_or_create(
        pilot_site=pilot, defaults={"name": name, "tagline": tagline, "colour": colour}
    )
    if site.name == services.default_name(pilot):
        site.name, site.tagline, site.colour = name, tagline, colour
        site.save(update_fields=["name", "tagline", "colour"])
    return site


def seed(sites: dict[str, PilotSite], users: dict[str, User]) -> None:
    coordinator = users["coordinator@demo.example"]
    for pilot in sites.values():
        site = name_site(pilot)
        name = site.name
        if site.pages.exists():
            continue
        _page(
            coordinator,
            site,
            PageKind.STANDARD,
            f"Welcome to {name}",
            [
                {
                    "type": "text",
                    "markdown": f"{name} is where residents, councillors and local groups talk about what matters here.",
                },
                {"type": "heading", "text": "What is happening", "level": 2},
                {"type": "news"},
                {"type": "workshops"},
                {"type": "policies"},
            ],
            slug="home",
        )
        _page(
            coordinator,
            site,
            PageKind.GET_INVOLVED,
            "Volunteer with the town hall",
            [
                {
                    "type": "text",
                    "markdown": "Comment on a policy draft, come to a workshop, or become a community ambassador.",
                },
                {
                    "type": "cta",
                    "label": "Become a community ambassador",
                    "url": "/ambassadors/apply/",
                },
                {
                    "type": "links",
                    "links": [
                        {"label": "Find your councillor", "url": "https://www.writetothem.com/"}
                    ],
                },
            ],
        )
        _page(
            coordinator,
            site,
            PageKind.CONSULTATION,
            "Have your say on the social web policy",
            [
                {
                    "type": "text",
                    "markdown": "One set of rules for residents, officers, councillors and local news.",
                },
                {
                    "type": "quote",
                    "text": "Officers may speak as residents; their comments say it is a personal view.",
                    "cite": "The draft policy",
                },
                {"type": "policies"},
            ],
        )
        _page(
            coordinator,
            site,
            PageKind.EVENT,
            "Meet the team: drop-in sessions",
            [
                {
                    "type": "text",
                    "markdown": "Come and ask us anything about the town hall site, at the "
                    "library or online. No need to book.",
                },
                {"type": "workshops"},
            ],
        )
        _page(
            coordinator,
            site,
            PageKind.NEWS,
            f"{name} is taking shape",
            [
                {
                    "type": "text",
                    "markdown": "We have met local bloggers and news editors, and the first pages are up.",
                },
            ],
        )
    _seed_local_web(sites, users)
    _seed_team(sites, users)
    kirklees = sites["kirklees"]
    kirklees.refresh_from_db()
    if not kirklees.is_live:
        # The pilot's first site: content ready, a workshop held, ambassadors active, the policy open.
        if kirklees.build_stage != BuildStage.CONTENT_READY:
            return
        readiness_services.sign_off_go_live(
            actor=users["lead@kirklees.demo.example"],
            site=kirklees,
            role=SignOffRole.SITE_LEAD,
            note="Content checked with the team.",
        )
        readiness_services.sign_off_go_live(
            actor=coordinator, site=kirklees, role=SignOffRole.COORDINATOR
        )
    # Residents can only see, and so report, the discussions of a live site.
    _seed_discussions(sites, users)
    _seed_looks(sites, users)
    kirklees.refresh_from_db()  # live now, if it was signed off above
    seed_reach(kirklees)


def _seed_discussions(sites: dict[str, PilotSite], users: dict[str, User]) -> None:
    from programme import following
    from programme.models import Cadence
    from programme.services import moderation

    from .models import Discussion
    from .services import discussions

    site = TownhallSite.objects.get(pilot_site=sites["kirklees"])
    if Discussion.objects.filter(site=site).exists():
        return
    ambassador, resident = users["ambassador@kirklees.demo.example"], users["resident@demo.example"]
    thread = discussions.start_discussion(
        author=ambassador,
        site=site,
        title="What should change about the 303 bus?",
        body="It is the route most people mention. What would make it better?",
        capacity="ambassador:kirklees",
    ).discussion
    first = discussions.reply(
        author=resident, discussion=thread, body="It needs to run after 7pm.", capacity="resident"
    )
    discussions.approve(moderator=ambassador, post=first)
    discussions.reply(
        author=users["member@kirklees.demo.example"],
        discussion=thread,
        capacity="elected_member:kirklees",
        body="I have raised the evening service with the transport authority.",
    )
    rude = discussions.reply(
        author=resident, discussion=thread, body="The drivers are all idiots.", capacity="resident"
    )
    moderation.report_content(
        reporter=users["officer@kirklees.demo.example"], target=rude, reason="Insulting to drivers"
    )
    moderation.hide_content(
        moderator=ambassador, target=rude, reason="Personal insults break the terms of use."
    )
    reported = discussions.reply(
        author=users["provider@kirklees.demo.example"],
        discussion=thread,
        capacity="content_provider:kirklees",
        body="We covered the timetable change last week.",
    )
    if reported.is_pending:  # a newcomer's first post: only visible, and reportable, once approved
        reported = discussions.approve(moderator=ambassador, post=reported)
    moderation.report_content(
        reporter=resident, target=reported, reason="Advertising their own site"
    )
    # Following: the resident reads the site's news once a week; a visitor has asked for
    # emails about it and not yet confirmed (everyone who posted follows the thread).
    following.follow(person=resident, target=site, cadence=Cadence.WEEKLY)
    following.follow_by_email(email="visitor@demo.example", target=site)


RULES_TITLE = "Kirklees Together house rules for content providers"
DEMO_FEEDS = Path(settings.BASE_DIR) / "static" / "demo-feeds"
# Kirklees's audit entries and the feed file each publishes; the council's own news
# comes from the content provider who has agreed to the site's house rules.
FEEDS = {
    "Kirklees Council news": ("kirklees-council-news.xml", "provider@kirklees.demo.example"),
    "Huddersfield Hub": ("huddersfield-hub.atom", None),
    "Huddersfield Examiner": ("huddersfield-examiner.xml", None),
}


def _seed_local_web(sites: dict[str, PilotSite], users: dict[str, User]) -> None:
    """Around the web for Kirklees, from the feed files shipped in static/demo-feeds/.

    The feed addresses point at this server's own copy of the files, so
    `manage.py fetch_feeds` works against `make run` without the internet.
    """
    from policy_drafts import services as draft_services
    from policy_drafts.models import PolicyDraft
    from programme.models import AuditEntry
    from programme.services import audit
    from programme.services.moderation import hide_content

    from .models import AggregatedItem
    from .services import aggregation

    pilot = sites["kirklees"]
    site = TownhallSite.objects.get(pilot_site=pilot)
    if AggregatedItem.objects.filter(site=site).exists():
        return
    coordinator = users["coordinator@demo.example"]
    rules = PolicyDraft.objects.filter(title=RULES_TITLE).first()
    if rules is None:
        rules = draft_services.create_draft(
            actor=coordinator,
            title=RULES_TITLE,
            summary="What local publishers agree to before their posts appear on Kirklees Together "
            "without waiting for an ambassador. The programme-wide social web policy will replace it.",
            audiences=["content_providers"],
            site=pilot,
            sections=[
                ("Accuracy", "Say where a story comes from, and correct mistakes quickly."),
                ("Fairness", "No personal attacks, and a right of reply for anyone named."),
                ("Advertising", "No paid promotions in the feed the town hall brings in."),
            ],
        )
        draft_services.publish_version(actor=coordinator, draft=rules, change_note="")
        draft_services.adopt(actor=coordinator, draft=rules)
        rules.refresh_from_db()
    TownhallSite.objects.filter(pk=site.pk).update(social_web_policy=rules)
    site.refresh_from_db()
    provider = users["provider@kirklees.demo.example"]
    draft_services.agree(person=provider, draft=rules)
    # The demo's feeds are served by the development server itself, which is not a public
    # address: record them as allowed for the demo only (`make run` allows fetching them).
    own_host = urlsplit(settings.PUBLIC_BASE_URL).netloc
    with override_settings(FETCH_ALLOWED_HOSTS=[*settings.FETCH_ALLOWED_HOSTS, own_host]):
        for name, (file, provider_email) in FEEDS.items():
            entry = AuditEntry.objects.filter(site=pilot, name=name).first()
            if entry is None:
                continue
            entry = audit.edit_audit_entry(
                actor=coordinator,
                entry=entry,
                site=pilot,
                feed_url=f"{settings.PUBLIC_BASE_URL}/static/demo-feeds/{file}",
                feed_provider=users[provider_email] if provider_email else None,
            )
            aggregation.ingest_file(entry, DEMO_FEEDS / file)
    # An ambassador has worked through some of the waiting items: two approved, an advert hidden.
    ambassador = users["ambassador@kirklees.demo.example"]
    for title in (
        "Repair café returns to the market hall",
        "Volunteers plant 500 trees in Greenhead Park",
    ):
        services.approve_item(moderator=ambassador, item=AggregatedItem.objects.get(title=title))
    hide_content(
        moderator=ambassador,
        target=AggregatedItem.objects.get(title__startswith="Win tickets"),
        reason="A sponsored competition: the house rules keep adverts out.",
    )


def _seed_team(sites: dict[str, PilotSite], users: dict[str, User]) -> None:
    """Kirklees's lead permits an officer to edit; the ambassador writes news; the home page
    gains "Around the web"; pages are tagged."""
    from .models import SiteEditor

    site = TownhallSite.objects.get(pilot_site=sites["kirklees"])
    if SiteEditor.objects.filter(site=site).exists():
        return
    lead = users["lead@kirklees.demo.example"]
    officer = users["officer@kirklees.demo.example"]
    invitation = services.invite_editor(actor=lead, site=site, email=officer.email)
    services.accept_editor_invitation(
        user=officer,
        site=site,
        token=invitation_token("townhall.editor", invitation.pk, officer.email),
    )
    ambassador = users["ambassador@kirklees.demo.example"]
    news = services.create_page(
        actor=ambassador, site=site, kind=PageKind.NEWS, title="Ambassadors at the repair café"
    )
    services.save_revision(
        actor=ambassador,
        page=news,
        base=1,
        blocks=[
            {
                "type": "text",
                "markdown": "Come and find us at the market hall on Saturday: we will show you "
                "how to join the conversation on Kirklees Together.",
            }
        ],
    )
    services.publish(actor=ambassador, page=news)
    services.set_page_tags(actor=ambassador, page=news, names=["Volunteering", "Events"])
    home = Page.objects.get(site=site, slug="home")
    blocks = [
        *home.latest.blocks,
        {"type": "around"},
    ]
    services.save_revision(actor=lead, page=home, base=home.latest.number, blocks=blocks)
    services.publish(actor=lead, page=home)
    consultation = Page.objects.filter(site=site, kind=PageKind.CONSULTATION).first()
    if consultation is not None:
        services.set_page_tags(actor=lead, page=consultation, names=["Social web policy"])


# Kirklees's news, as the demo shows it: a summary and a picture each.
NEWS_LOOKS = {
    "Kirklees Together is taking shape": (
        "We have met local bloggers and news editors, and the first pages are up.",
        "Hills above Holmfirth in the evening light",
    ),
    "Ambassadors at the repair café": (
        "Find the ambassadors at the market hall on Saturday.",
        "Rolling green hills under a clear sky",
    ),
}


def _seed_looks(sites: dict[str, PilotSite], users: dict[str, User]) -> None:
    """Kirklees as a council would launch it: its logo, pictures and summaries on its news,
    and a second discussion."""
    from django.core.files.base import ContentFile

    from . import demo_images
    from .models import Discussion
    from .services import discussions

    site = TownhallSite.objects.get(pilot_site=sites["kirklees"])
    lead = users["lead@kirklees.demo.example"]
    if not site.logo:
        services.set_logo(
            actor=lead, site=site, file=ContentFile(demo_images.logo(site.colour), "kirklees.png")
        )
    for n, (title, (summary, alt)) in enumerate(NEWS_LOOKS.items()):
        page = Page.objects.filter(
            site=site, kind=PageKind.NEWS, live_revision__title=title
        ).first()
        if page is None or image_ids(page.latest.blocks):
            continue
        image = services.upload_image(
            actor=lead,
            site=site,
            file=ContentFile(demo_images.illustration(n, site.colour), f"news-{n}.png"),
            alt_text=alt,
            decorative=False,
        )
        services.save_revision(
            actor=lead,
            page=page,
            base=page.latest.number,
            summary=summary,
            blocks=[{"type": "image", "image_id": image.pk}, *page.latest.blocks],
        )
        services.publish(actor=lead, page=Page.objects.get(pk=page.pk))
    if not Discussion.objects.filter(site=site, title__startswith="Benches").exists():
        discussions.start_discussion(
            author=users["ambassador@kirklees.demo.example"],
            site=site,
            title="Benches for Greenhead Park: where should they go?",
            body="The council has money for ten new benches. Where would you sit?",
            capacity="ambassador:kirklees",
        )
