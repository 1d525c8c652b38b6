from django.urls import URLPattern

app_name = "policy_drafts"

# Filled by the policy_drafts issue; the app is mounted in config/urls.py already.
urlpatterns: list[URLPattern] = []
