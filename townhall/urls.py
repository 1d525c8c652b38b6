from django.urls import URLPattern

app_name = "townhall"

# Filled by the townhall issue; the app is mounted in config/urls.py already.
urlpatterns: list[URLPattern] = []
