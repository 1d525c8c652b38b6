from django.apps import AppConfig


class TownhallConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "townhall"
    verbose_name = "Town hall sites"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from programme import hooks
        from programme.demo import register_seeder
        from programme.services.moderation import on_report

        from . import demo, personal_data, queries, services
        from .discussions import hide_after_reports
        from .models import AggregatedItem, TownhallSite
        from .services import bump_cache

        # After every other app: going live needs their checklist items met.
        register_seeder("the town hall sites", 90, demo.seed)
        on_report(hide_after_reports)
        from . import tasks

        hooks.register("periodic_jobs", tasks.periodic_jobs)
        hooks.register("public_content_changed", services.clear_cached_pages)
        hooks.register("personal_data", personal_data.personal_data)
        hooks.register("account_closing", personal_data.account_closing)
        hooks.register("waiting_for_moderation", queries.waiting_for)
        # Items are shown on cached pages; shared moderation (in programme) hides and
        # restores them without knowing of the cache, so any change to one clears it.
        post_save.connect(
            lambda instance, **kwargs: bump_cache(instance.site),
            sender=AggregatedItem,
            weak=False,
            dispatch_uid="townhall.feed_item_changed",
        )
        post_save.connect(  # the name, tagline or colour changed in the back office
            lambda instance, **kwargs: bump_cache(instance),
            sender=TownhallSite,
            weak=False,
            dispatch_uid="townhall.site_changed",
        )
