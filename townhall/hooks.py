"""How the town hall sites plug into the apps below (see `programme.hooks.HOOKS`)."""

from __future__ import annotations

from programme import following, hooks
from programme.models import ModeratedContent, PilotSite, User

from . import account, demo, frame, personal_data, posters, queries, services, sharing, tasks
from .models import AggregatedItem, Post, TownhallSite
from .services.discussions import hide_after_reports


@hooks.register("demo_data")
def demo_data(sites: dict[str, PilotSite], users: dict[str, User]) -> str:
    # Last, as the app order has it: going live needs the other apps' checklist items met.
    demo.seed(sites, users)
    return "the town hall sites"


@hooks.register("content_moderated")
def content_moderated(target: ModeratedContent) -> None:
    # Items from the web and discussions show on cached pages (the home page lists both);
    # the shared moderation hides, restores and withdraws them.
    if isinstance(target, AggregatedItem):
        services.bump_cache(target.site)
    elif isinstance(target, Post):
        services.bump_cache(target.discussion.site)


hooks.register("pilot_site_added", services.add_site)
hooks.register("content_reported", hide_after_reports)
hooks.register("periodic_jobs", tasks.periodic_jobs)
hooks.register("public_content_changed", services.clear_cached_pages)
hooks.register("personal_data", personal_data.personal_data)
hooks.register("account_closing", personal_data.account_closing)
hooks.register("personal_data_stores", personal_data.stores)
hooks.register("waiting_for_moderation", queries.waiting_for)
hooks.register("audit_feed_health", queries.with_feed_health)
hooks.register("site_frame", frame.site_frame)
hooks.register("site_of_address", frame.site_of_address)
hooks.register("site_brand", posters.site_brand)


@hooks.register("site_news")
def site_news(
    site: PilotSite, *, headline: str, detail: str, url: str, by: User | None = None
) -> None:
    # The people who follow the town hall site hear of it, once it is live.
    townhall = TownhallSite.objects.filter(pilot_site=site).first()
    if townhall is not None and site.is_live:
        following.announce(townhall, headline=headline, detail=detail, url=url, exclude=[by])


hooks.register("account_summary", account.parts)
hooks.register("shareable", sharing.shareable)
hooks.register("shareable_previews", sharing.shareable_previews)
