from django.urls import path

from . import views

app_name = "programme"

urlpatterns = [
    path("sites/", views.site_list, name="sites"),
    path("sites/<slug:slug>/", views.site_detail, name="site"),
]
