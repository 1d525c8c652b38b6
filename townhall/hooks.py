"""How the town hall sites plug into the apps below (see `programme.hooks`)."""

from __future__ import annotations

from programme import following, hooks
from programme.models import ModeratedContent, PilotSite, User

from . import account, demo, frame, personal_data, posters, queries, services, sharing, tasks
from .models import AggregatedItem, Post, TownhallSite
from .services.discussions import hide_after_reports


@hooks.demo_data.register
def demo_data(sites: dict[str, PilotSite], users: dict[str, User]) -> str:
    # Last, as the app order has it: going live needs the other apps' checklist items met.
    demo.seed(sites, users)
    return "the town hall sites"


@hooks.content_moderated.register
def content_moderated(target: ModeratedContent) -> None:
    # Items from the web and discussions show on cached pages (the home page lists both);
    # the shared moderation hides, restores and withdraws them.
    if isinstance(target, AggregatedItem):
        services.public_content_changed(target.site)
    elif isinstance(target, Post):
        services.public_content_changed(target.discussion.site)


hooks.pilot_site_added.register(services.add_site)
hooks.content_reported.register(hide_after_reports)
hooks.periodic_jobs.register(tasks.periodic_jobs)
hooks.public_content_changed.register(services.public_content_changed)
hooks.personal_data.register(personal_data.personal_data)
hooks.account_closing.register(personal_data.account_closing)
hooks.personal_data_stores.register(personal_data.stores)
hooks.waiting_for_moderation.register(queries.waiting_for)
hooks.audit_feed_health.register(queries.with_feed_health)
hooks.site_frame.register(frame.site_frame)
hooks.site_of_address.register(frame.site_of_address)
hooks.site_brand.register(posters.site_brand)


@hooks.site_news.register
def site_news(
    site: PilotSite, *, headline: str, detail: str, url: str, by: User | None = None
) -> None:
    # The people who follow the town hall site hear of it, once it is live.
    townhall = TownhallSite.objects.filter(pilot_site=site).first()
    if townhall is not None and site.is_live:
        following.announce(townhall, headline=headline, detail=detail, url=url, exclude=[by])


hooks.account_summary.register(account.parts)
hooks.shareable.register(sharing.shareable)
hooks.shareable_previews.register(sharing.shareable_previews)
