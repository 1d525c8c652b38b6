"""The pilot's hooks: the one way the apps plug into each other, in the manner of Wagtail's
hooks and pretix's signals: each hook is declared here once, as a typed object, with what
it is for (the `Hook` machinery and the platform's own hooks are in
programme/platform/hooks.py, and re-exported here).

    from programme import hooks

    @hooks.personal_data.register
    def ambassador_data(user: User) -> dict[str, object]: ...

    for contribute in hooks.personal_data.implementations(): ...
    hooks.navigation.collect()          # every item of a hook that returns lists
    hooks.public_content_changed(site)  # tell every implementation (hooks returning None)

Each hook's type is the signature its implementations have, so mypy checks both sides:
what an app registers, and how the programme calls it. Each app in APPS keeps its
registrations in its own `hooks.py` (programme's are at the end of this one), imported the
first time anyone asks for hooks, in APPS order (so, say, the demo data of a higher app is
added after the data it builds on). Tests use `Hook.temporarily`.

Apps import only downward (programme ← policy_drafts ← workshops ← ambassadors ←
townhall): a lower app announces through a hook what a higher one needs to know. Types
from higher apps appear here as `Any`, for the same reason.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

# The machinery and the platform's own hooks, here too so every app finds every hook here.
from programme.platform.hooks import ALL as ALL
from programme.platform.hooks import Hook as Hook
from programme.platform.hooks import discover as discover
from programme.platform.hooks import periodic_jobs as periodic_jobs

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from django.http import HttpRequest
    from django.urls import ResolverMatch

    from .account import Part
    from .models import AuditEntry, ModeratedContent, PilotSite, Report, User
    from .navigation import NavItem
    from .personal_data import PersonalDataStore
    from .posters import Brand
    from .readiness import ChecklistItem, Indicator
    from .sharing import Shareable


class SiteNews(Protocol):
    def __call__(
        self, site: PilotSite, *, headline: str, detail: str, url: str, by: User | None
    ) -> None: ...


# What the programme shows, filled by every app.
navigation: Hook[Callable[[], list[NavItem]]] = Hook(
    "navigation",
    "The header entries this app adds, each with who sees it and its order (which also "
    "decides its section).",
)
readiness_indicators: Hook[Callable[[], list[Indicator]]] = Hook(
    "readiness_indicators",
    "Columns of the readiness dashboard; each computes its value for many sites at once.",
)
go_live_checklist: Hook[Callable[[], list[ChecklistItem]]] = Hook(
    "go_live_checklist", "What must be true of a site before it goes live."
)
demo_data: Hook[Callable[[dict[str, PilotSite], dict[str, User]], str]] = Hook(
    "demo_data",
    "Add this app's demo data (seed_demo), in app order, after programme's sites and "
    "accounts; returns what it added, in a few words.",
)
pilot_site_added: Hook[Callable[[PilotSite], object]] = Hook(
    "pilot_site_added",
    "A pilot site joined the programme, inside the transaction that saved it (townhall "
    "makes its public site, not yet live).",
)
# People and their data.
personal_data: Hook[Callable[[User], dict[str, Any]]] = Hook(
    "personal_data",
    "What this app holds about a person, for their 'download my data'; the keys name the "
    "app's records.",
)
account_summary: Hook[Callable[[User], list[Part]]] = Hook(
    "account_summary",
    "What is this person's in this app, for their account page (places, comments, posts, "
    "applications): a heading, at most programme.account.SHOWN_PER_PART items each with a "
    "link, what it says when there are none, and a link to see all where one exists; read "
    "in a fixed number of queries.",
)
account_closing: Hook[Callable[[User], None]] = Hook(
    "account_closing",
    "A person is closing their account; end what only makes sense while it is open "
    "(places, editing rights, invitations waiting). What they wrote stays. Clearing what is "
    "held about them is each store's `close` (below).",
)
personal_data_stores: Hook[Callable[[], list[PersonalDataStore]]] = Hook(
    "personal_data_stores",
    "Every model of this app that holds personal data: its personal fields, and what "
    "closing an account and the retention purge do to it (in words, and its `close` and "
    "`purge`); programme.personal_data.personal_data_stores() is the whole list, and both "
    "paths walk it.",
)
ambassador_may_moderate: Hook[Callable[[Any, PilotSite | None], bool]] = Hook(
    "ambassador_may_moderate",
    "Whether an ambassador who holds the role may moderate at this site now (False pauses "
    "their rights, e.g. until they agree to a new version of the ambassador agreement).",
)
# Moderation.
waiting_for_moderation: Hook[Callable[[Any], list[dict[str, Any]]]] = Hook(
    "waiting_for_moderation",
    "Content held until someone like this person approves it, one entry per place, as "
    "{'label', 'count', 'url'}; the moderation page lists them beside reports and the "
    "header counts them.",
)
content_reported: Hook[Callable[[Report], None]] = Hook(
    "content_reported",
    "Someone reported a piece of content, inside the report's transaction (the town hall "
    "hides a post enough people report).",
)
content_moderated: Hook[Callable[[ModeratedContent], None]] = Hook(
    "content_moderated",
    "Content was hidden, shown again or withdrawn by the shared moderation, inside its "
    "transaction.",
)
# Workshops (a registration is workshops.models.Registration, above this app).
attendance_marked: Hook[Callable[[Any, User | None], None]] = Hook(
    "attendance_marked",
    "Someone's attendance at a workshop was marked (ambassadors tick 'attend an "
    "induction'); given the registration and who marked it.",
)
audit_feed_health: Hook[Callable[[QuerySet[AuditEntry]], QuerySet[AuditEntry]]] = Hook(
    "audit_feed_health",
    "The social web audit's entries with what fetching each one's feed last found, "
    "annotated as `feed_healthy` (True, False, or None: not checked at its current "
    "address) and `feed_problem`; townhall, which fetches the feeds, adds it.",
)
# Public pages and background work.
site_news: Hook[SiteNews] = Hook(
    "site_news",
    "Something new for residents at this site (a workshop, a consultation opened), inside "
    "the transaction that made it; townhall tells the people who follow the site "
    "(programme.following.announce).",
)
site_frame: Hook[Callable[[HttpRequest, PilotSite], dict[str, Any] | None]] = Hook(
    "site_frame",
    "The context that sets a resident-facing page about this site in the site's own public "
    "frame (`frame`, the template to extend, and what it needs), or None where the site has "
    "none for this reader (townhall: its header, search and sections, once the site is "
    "live).",
)
site_brand: Hook[Callable[[PilotSite], Brand | None]] = Hook(
    "site_brand",
    "How the council presents itself at this site (its public name, colour and logo), for "
    "the posters and flyers printed for its workshops and consultations; None where this "
    "app has none (townhall: its town hall site's).",
)
site_of_address: Hook[Callable[[ResolverMatch], PilotSite | None]] = Hook(
    "site_of_address",
    "The pilot site the page of this app at a resolved address belongs to (a workshop's, a "
    "draft's), or None; so a page that leads back to it (sign-in's `next`) is set in that "
    "site's frame.",
)
public_content_changed: Hook[Callable[[PilotSite | None], None]] = Hook(
    "public_content_changed",
    "Something a public town hall page shows changed at this site (None: at every site): a "
    "workshop or its places, a consultation, the site going live. Called by the service "
    "that made the change, inside its transaction; townhall clears its cached pages.",
)
shareable: Hook[Callable[[PilotSite], list[Shareable]]] = Hook(
    "shareable",
    "What this app has to share at the site now, for the share kit (anything the public may "
    "read: the site itself, upcoming public workshops, open consultations, the latest "
    "news), each with its kind, title, address, a line of why, when, its preview picture "
    "and its poster; read in a fixed number of queries, however many there are.",
)
shareable_previews: Hook[Callable[[PilotSite, list[Shareable]], list[Shareable]]] = Hook(
    "shareable_previews",
    "The same items, with the picture a network shows for each link filled in where this "
    "app draws it (townhall: its cards, once the site is live); in a fixed number of "
    "queries.",
)


# programme's own entries ------------------------------------------------------
# (Imported inside each function: the modules they come from use the hooks too.)


@navigation.register
def _programme_navigation() -> list[Any]:
    from .navigation import programme_items

    return programme_items()


@readiness_indicators.register
def _programme_indicators() -> list[Any]:
    from .readiness import Indicator, audit_coverage, reach

    return [
        Indicator("audit", "Social web audit", 40, audit_coverage),
        Indicator("reach", "Reach", 90, reach),
    ]


@go_live_checklist.register
def _programme_checklist() -> list[Any]:
    from .readiness import ChecklistItem, content_ready

    return [ChecklistItem("content", "Site content ready", 10, content_ready)]


@personal_data_stores.register
def _programme_stores() -> list[Any]:
    from .services.data_protection import PERSONAL_DATA_STORES

    return PERSONAL_DATA_STORES


@periodic_jobs.register
def _programme_jobs() -> list[Any]:
    from .tasks import periodic_jobs

    return periodic_jobs()
