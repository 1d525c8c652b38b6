from django.apps import AppConfig


class PolicyDraftsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "policy_drafts"
    verbose_name = "Policy drafts"
