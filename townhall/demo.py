"""Demo town hall sites: a home page and a few pages of each kind on every site; Kirklees is live."""

from __future__ import annotations

from programme.models import BuildStage, PilotSite, SignOffRole, User
from programme.services import readiness as readiness_services

from . import services
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
    services.save_revision(actor=actor, page=page, base=page.latest_revision.number, blocks=blocks)
    page.refresh_from_db()
    return services.publish(actor=actor, page=page)


def seed(sites: dict[str, PilotSite], users: dict[str, User]) -> None:
    coordinator = users["coordinator@demo.example"]
    for slug, pilot in sites.items():
        name, tagline, colour = NAMES[slug]
        site, _ = TownhallSite.objects.get_or_create(
            pilot_site=pilot, defaults={"name": name, "tagline": tagline, "colour": colour}
        )
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
            "Get involved",
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
            PageKind.NEWS,
            f"{name} is taking shape",
            [
                {
                    "type": "text",
                    "markdown": "We have met local bloggers and news editors, and the first pages are up.",
                },
            ],
        )
    _seed_discussions(sites, users)
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


def _seed_discussions(sites: dict[str, PilotSite], users: dict[str, User]) -> None:
    from programme.services import moderation

    from . import discussions
    from .models import Discussion

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
    moderation.report_content(
        reporter=resident, target=reported, reason="Advertising their own site"
    )
