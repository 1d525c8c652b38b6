from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_tables2 import RequestConfig

from .. import permissions, queries
from ..tables import PilotSiteTable


def site_list(request: HttpRequest) -> HttpResponse:
    table = PilotSiteTable(queries.sites_for_home())
    RequestConfig(request, paginate=False).configure(table)
    return render(request, "programme/site_list.html", {"table": table})


def site_detail(request: HttpRequest, slug: str) -> HttpResponse:
    site = permissions.get_site_for_user(request.user, slug)
    context = {
        "site": site,
        "initiatives": site.initiatives.all(),
        "people": queries.site_people(site, request.user),
        "sees_everyone": permissions.can_see_site_people(request.user, site),
    }
    return render(request, "programme/site_detail.html", context)
