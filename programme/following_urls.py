"""Following: /following/…"""

from django.urls import path

from .views import following

app_name = "following"

urlpatterns = [
    path("", following.follow, name="follow"),
    path("mine/", following.mine, name="mine"),
    path("confirm/<str:token>/", following.confirm, name="confirm"),
    path("stop/<str:token>/", following.stop, name="stop"),
]
