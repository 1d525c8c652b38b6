from django.urls import path

from .views import sites

app_name = "programme"

urlpatterns = [
    path("sites/", sites.site_list, name="sites"),
    path("sites/<slug:slug>/", sites.site_detail, name="site"),
]
