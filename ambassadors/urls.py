from django.urls import URLPattern

app_name = "ambassadors"

# Filled by the ambassadors issue; the app is mounted in config/urls.py already.
urlpatterns: list[URLPattern] = []
