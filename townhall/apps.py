from django.apps import AppConfig


class TownhallConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "townhall"
    verbose_name = "Town hall sites"

    def ready(self) -> None:
        from programme.demo import register_seeder
        from programme.services.moderation import on_report

        from . import demo
        from .discussions import hide_after_reports

        # After every other app: going live needs their checklist items met.
        register_seeder("the town hall sites", 90, demo.seed)
        on_report(hide_after_reports)
