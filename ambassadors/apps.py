from django.apps import AppConfig


class AmbassadorsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ambassadors"
    verbose_name = "Ambassadors"

    def ready(self) -> None:
        from . import readiness

        readiness.register_entries()
