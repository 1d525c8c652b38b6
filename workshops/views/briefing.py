from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from programme.decorators import signed_in
from programme.http import SignedInRequest

from .. import briefing, permissions
from ..models import Workshop


def _workshop(request: HttpRequest, slug: str) -> Workshop:
    workshop = permissions.get_workshop_for_user(request.user, slug)
    if not permissions.can_get_briefing_pack(request.user, workshop):
        raise PermissionDenied
    return workshop


@signed_in
def briefing_pack_page(request: SignedInRequest, slug: str) -> HttpResponse:
    """The pack as a web page: the accessible version of the PDF, with the same content."""
    workshop = _workshop(request, slug)
    blocks = briefing.pack(
        workshop, with_needs=permissions.can_see_attendee_needs(request.user, workshop)
    )
    context = {"workshop": workshop, "blocks": blocks, "title": f"Briefing pack: {workshop.title}"}
    return render(request, "workshops/briefing_pack.html", context)


@signed_in
def briefing_pack(request: SignedInRequest, slug: str) -> HttpResponse:
    """For coordinators, the site's lead and the facilitators; needs only for facilitators."""
    workshop = _workshop(request, slug)
    pdf = briefing.build_pack(
        workshop, with_needs=permissions.can_see_attendee_needs(request.user, workshop)
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="briefing-pack-{workshop.slug}.pdf"'
    return response
