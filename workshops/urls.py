from django.urls import URLPattern

app_name = "workshops"

# Filled by the workshops issue; the app is mounted in config/urls.py already.
urlpatterns: list[URLPattern] = []
