from django.apps import AppConfig


class PolicyDraftsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "policy_drafts"
    verbose_name = "Policy drafts"

    def ready(self) -> None:
        from programme import hooks

        from . import personal_data, readiness

        readiness.register_entries()
        hooks.register("personal_data", personal_data.personal_data)
