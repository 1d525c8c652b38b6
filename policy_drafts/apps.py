from django.apps import AppConfig


class PolicyDraftsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "policy_drafts"
    verbose_name = "Policy drafts"

    def ready(self) -> None:
        from . import readiness

        readiness.register_entries()
