from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig


class ProgrammeAdminConfig(AdminConfig):
    """Django admin, opened to coordinators as well as staff."""

    default_site = "programme.admin_site.ProgrammeAdminSite"


class ProgrammeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "programme"
    verbose_name = "Programme"

    def ready(self) -> None:
        from . import checks, hooks, navigation, readiness, tasks  # noqa: F401 (checks register themselves)

        navigation.register_core_items()
        readiness.register_programme_entries()
        hooks.register("periodic_jobs", tasks.periodic_jobs)
