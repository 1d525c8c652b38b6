"""A workshop's poster (A4) and flyers (A5, two to a page), for anyone to print."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from programme import posters as printing

from .. import permissions, posters


@require_safe
def poster(request: HttpRequest, slug: str) -> HttpResponse:
    """Only a public workshop has one. `?size=a5` for the flyers; the QR code carries the
    requester's own share code when they share for the site, else a `?via=` code of it."""
    workshop = permissions.get_workshop_for_poster(slug)
    code = printing.code_to_print(request, workshop.site)
    size = printing.size_asked(request)
    name = printing.filename("workshop", workshop.slug, size)
    return printing.pdf_response(posters.poster_of(workshop, code), size, name)
