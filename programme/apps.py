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
        from . import checks, hooks  # noqa: F401 (checks register themselves)

        # Every app's hooks.py, at start-up: a mistake in one shows at once, not mid-request.
        hooks.discover()
