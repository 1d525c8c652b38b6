from django.apps import AppConfig


class AmbassadorsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ambassadors"
    verbose_name = "Ambassadors"

    def ready(self) -> None:
        from programme import hooks

        from . import readiness, services

        readiness.register_entries()
        from . import tasks

        hooks.register("periodic_jobs", tasks.periodic_jobs)
        hooks.register("personal_data", services.personal_data)
        hooks.register("account_closing", services.account_closing)
