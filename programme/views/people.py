"""The matches a people picker offers as someone types (programme/forms/people.py)."""

from __future__ import annotations

import re

from django.http import Http404, HttpResponse
from django.shortcuts import render

from programme.platform.text import record_id

from .. import permissions, queries
from ..decorators import allowed_if
from ..forms.people import FITS, with_roles
from ..http import SignedInRequest

_HTML_NAME = re.compile(r"[A-Za-z0-9_-]{1,80}\Z")


@allowed_if(permissions.holds_any_role)
def find_people(request: SignedInRequest) -> HttpResponse:
    fit, name, widget_id = (request.GET.get(key, "") for key in ("fit", "name", "id"))
    if fit not in FITS or not _HTML_NAME.match(name) or not _HTML_NAME.match(widget_id):
        raise Http404
    site = request.GET.get("site", "")
    typed = request.GET.get(f"{name}_q", "")[:100]
    full = permissions.is_coordinator(
        request.user
    )  # anyone else sees people as their personas show
    people = queries.find_people(FITS[fit](record_id(site)), typed, full=full)
    context = {
        "people": [(person.pk, with_roles(person, full=full)) for person in people],
        "id": widget_id,
    }
    return render(request, "programme/partials/people_options.html", context)
