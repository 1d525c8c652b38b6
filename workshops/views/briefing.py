from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from programme.decorators import signed_in

from .. import briefing, permissions


@signed_in
def briefing_pack(request: HttpRequest, slug: str) -> HttpResponse:
    """For coordinators, the site's lead and the facilitators; needs only for facilitators."""
    workshop = permissions.get_workshop_for_user(request.user, slug)
    if not permissions.can_get_briefing_pack(request.user, workshop):
        raise PermissionDenied
    pdf = briefing.build_pack(
        workshop, with_needs=permissions.can_see_attendee_needs(request.user, workshop)
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="briefing-pack-{workshop.slug}.pdf"'
    return response
