"""The demo pilot that `seed_demo` loads. Later apps add their part in `seed()`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from programme import services
from programme.models import CouncilKind, PilotSite, RelatedInitiative, Role, User

DEMO_PASSWORD = "demo-password"

SITES: list[dict[str, Any]] = [
    {
        "slug": "kirklees",
        "website": "https://www.kirklees.gov.uk/",
        "contact_email": "councillors@kirklees.demo.example",
        "name": "Kirklees",
        "council_name": "Kirklees Council",
        "council_kind": CouncilKind.METROPOLITAN,
        "region": "Yorkshire and the Humber",
        "joined_on": dt.date(2026, 3, 2),
        "description": (
            "A metropolitan borough of West Yorkshire, from Huddersfield and Dewsbury to the Pennine "
            "villages. Kirklees brings a strong members' programme to the pilot and wants its town "
            "hall site to connect councillors with the conversations already happening locally."
        ),
        "initiatives": [
            (
                "21st Century Councillor",
                "A programme helping elected members use digital and social tools in their ward "
                "work; the pilot's members' briefings run alongside it.",
            ),
        ],
    },
    {
        "slug": "redbridge",
        "website": "https://www.redbridge.gov.uk/",
        "name": "Redbridge",
        "council_name": "London Borough of Redbridge",
        "council_kind": CouncilKind.LONDON,
        "region": "London",
        "joined_on": dt.date(2026, 3, 2),
        "description": (
            "An outer London borough with a long record of online consultation. Redbridge focuses on "
            "bringing local bloggers and community groups into the conversation."
        ),
        "initiatives": [
            (
                "Redbridge Conversation",
                "The council's online budget and service consultations, which the town hall site will link to.",
            ),
        ],
    },
    {
        "slug": "chorley",
        "website": "https://chorley.gov.uk/",
        "name": "Chorley",
        "council_name": "Chorley Council",
        "council_kind": CouncilKind.DISTRICT,
        "region": "North West",
        "joined_on": dt.date(2026, 3, 16),
        "description": (
            "A district council in Lancashire. Chorley tests how a smaller council can run a town "
            "hall site with community ambassadors doing much of the moderation."
        ),
        "initiatives": [],
    },
    {
        "slug": "essex",
        "website": "https://www.essex.gov.uk/",
        "name": "Essex",
        "council_name": "Essex County Council",
        "council_kind": CouncilKind.COUNTY,
        "region": "East of England",
        "joined_on": dt.date(2026, 4, 6),
        "description": (
            "A large county council working across district boundaries. Essex explores how a county "
            "site can carry local news and social reporting from many towns."
        ),
        "initiatives": [],
    },
    {
        "slug": "north-lincs",
        "website": "https://www.northlincs.gov.uk/",
        "name": "North Lincolnshire",
        "council_name": "North Lincolnshire Council",
        "council_kind": CouncilKind.UNITARY,
        "region": "Yorkshire and the Humber",
        "joined_on": dt.date(2026, 4, 6),
        "description": (
            "A unitary authority around Scunthorpe and the Humber bank, focused on reaching rural "
            "communities through social reporters and drop-in help."
        ),
        "initiatives": [],
    },
]


@dataclass(frozen=True)
class DemoAccount:
    email: str
    full_name: str
    display_name: str
    role: Role | None
    site_slug: str | None = None
    bio: str = ""

    def describe(self) -> str:
        if self.role is None:
            return "resident (no role)"
        where = f" at {self.site_slug}" if self.site_slug else ""
        return f"{Role(self.role).label.lower()}{where}"


ACCOUNTS = [
    DemoAccount(
        "coordinator@demo.example",
        "Clara Ward",
        "Clara (programme coordinator)",
        Role.COORDINATOR,
        bio="I coordinate the virtual town hall pilot across the five councils.",
    ),
    DemoAccount(
        "friend@demo.example",
        "Felix Hart",
        "Felix Hart",
        Role.CRITICAL_FRIEND,
        bio="Critical friend to the programme: I read everything and ask awkward questions.",
    ),
    DemoAccount(
        "lead@kirklees.demo.example",
        "Laila Hussain",
        "Laila Hussain",
        Role.SITE_LEAD,
        "kirklees",
        bio="Digital engagement lead at Kirklees Council.",
    ),
    DemoAccount(
        "officer@kirklees.demo.example", "Owen Bright", "Owen Bright", Role.OFFICER, "kirklees"
    ),
    DemoAccount(
        "member@kirklees.demo.example",
        "Cllr Margaret Lee",
        "Cllr Margaret Lee",
        Role.ELECTED_MEMBER,
        "kirklees",
        bio="Ward councillor for Dalton, and part of the 21st Century Councillor programme.",
    ),
    DemoAccount(
        "ambassador@kirklees.demo.example",
        "Amir Patel",
        "Amir P.",
        Role.AMBASSADOR,
        "kirklees",
        bio="Huddersfield resident and community ambassador.",
    ),
    DemoAccount(
        "provider@kirklees.demo.example",
        "Priya Shah",
        "Huddersfield Hub news",
        Role.CONTENT_PROVIDER,
        "kirklees",
        bio="Editor of a hyperlocal news blog.",
    ),
    DemoAccount("resident@demo.example", "Rosa Green", "Rosa G.", None),
]


def _seed_sites() -> dict[str, PilotSite]:
    sites: dict[str, PilotSite] = {}
    for data in SITES:
        data = dict(data)
        initiatives = data.pop("initiatives")
        site = PilotSite.objects.filter(slug=data["slug"]).first()
        if site is None:
            site = services.save_record(
                actor=None, record=PilotSite(**data), action="programme.site"
            )
        for name, description in initiatives:
            if not RelatedInitiative.objects.filter(site=site, name=name).exists():
                services.save_record(
                    actor=None,
                    record=RelatedInitiative(site=site, name=name, description=description),
                    action="programme.initiative",
                )
        sites[site.slug] = site
    return sites


def _seed_accounts(sites: dict[str, PilotSite]) -> dict[str, User]:
    """Create each demo account once; an account that exists is left as it is."""
    users = {}
    for account in ACCOUNTS:
        user = User.objects.filter(email__iexact=account.email).first()
        if user is None:
            user = services.create_account(
                email=account.email,
                full_name=account.full_name,
                password=DEMO_PASSWORD,
                confirmed=True,
            )
            if account.role:
                site = sites[account.site_slug] if account.site_slug else None
                services.grant_role(actor=None, user=user, role=account.role, site=site)
            # Demo people show their roles, so pages look as they would in use.
            services.update_profile(
                actor=user,
                user=user,
                full_name=account.full_name,
                display_name=account.display_name,
                bio=account.bio,
                shown_grant_ids=set(user.role_grants.values_list("pk", flat=True)),
            )
        users[account.email] = user
    return users


@transaction.atomic
def seed() -> str:
    """The demo: programme's sites, accounts, meetings, updates and audit, then each higher
    app's part through the `demo_data` hook, in app order."""
    from .. import hooks
    from . import programme as programme_demo

    sites = _seed_sites()
    users = _seed_accounts(sites)
    programme_demo.seed(sites, users)
    extras = "".join(f", {add(sites, users)}" for add in hooks.demo_data.implementations())
    return f"{len(sites)} pilot sites, {len(users)} demo accounts, meetings, updates, the audit{extras}"
