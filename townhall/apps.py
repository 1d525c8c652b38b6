from django.apps import AppConfig


class TownhallConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "townhall"
    verbose_name = "Town hall sites"
