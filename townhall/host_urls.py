"""URLs for a town hall site served on its own host name: the site's pages at the root."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from .hosts import SITE_SLUG
from .views import discussions, public


def home(request: HttpRequest) -> HttpResponse:
    return public.home(request, site=request.META[SITE_SLUG])


def page(request: HttpRequest, slug: str) -> HttpResponse:
    return public.page(request, site=request.META[SITE_SLUG], slug=slug)


def discussion_list(request: HttpRequest) -> HttpResponse:
    return discussions.discussion_list(request, site=request.META[SITE_SLUG])


urlpatterns = [
    path("", home, name="host_home"),
    path("discussions/", discussion_list, name="host_discussions"),
    # Everything else (sign-in, the programme, workshops, the full /sites/ addresses) as usual.
    path("", include("config.urls")),
    path("<slug:slug>/", page, name="host_page"),
]

handler403 = "programme.views.pages.permission_denied"
handler404 = "programme.views.pages.page_not_found"
handler500 = "programme.views.pages.server_error"
