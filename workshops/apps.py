from django.apps import AppConfig


class WorkshopsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "workshops"
    verbose_name = "Workshops"

    def ready(self) -> None:
        from programme import hooks

        from . import personal_data, readiness

        readiness.register_entries()
        from . import tasks

        hooks.register("periodic_jobs", tasks.periodic_jobs)
        hooks.register("personal_data", personal_data.personal_data)
        hooks.register("account_closing", personal_data.account_closing)
