from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps  # not the class: see `default` below


class ProgrammeAdminConfig(admin_apps.AdminConfig):
    """Django admin, opened to coordinators as well as staff."""

    default_site = "programme.admin_site.ProgrammeAdminSite"
    default = False  # named in INSTALLED_APPS by its path; "programme" is the app below


class ProgrammeConfig(AppConfig):
    default = True
    default_auto_field = "django.db.models.BigAutoField"
    name = "programme"
    verbose_name = "Programme"

    def ready(self) -> None:
        from django.db.models import IntegerField

        from programme.platform import checks  # noqa: F401 (checks register themselves)
        from programme.platform.lookups import IntegerFieldIn

        from . import hooks

        # An id too big for the database matches no row, in a list as alone (lookups.py).
        IntegerField.register_lookup(IntegerFieldIn)

        # Every app's hooks.py, at start-up: a mistake in one shows at once, not mid-request.
        hooks.discover()
