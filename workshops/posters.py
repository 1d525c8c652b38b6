"""A workshop's poster and flyers (`programme.posters` draws them)."""

from __future__ import annotations

from django.urls import reverse

from programme.models import Channel, ShareCode
from programme.posters import Poster, brand_for, clock, day
from programme.reach import shared_url

from .models import Workshop


def _when(workshop: Workshop) -> str:
    starts, ends = workshop.starts_at, workshop.ends_at
    if day(starts) == day(ends):
        return f"{day(starts)}\n{clock(starts)} to {clock(ends)}"
    return f"{day(starts)}, {clock(starts)}\nto {day(ends)}, {clock(ends)}"


def _where(workshop: Workshop) -> str:
    address = ", ".join(
        cleaned
        for line in workshop.venue_address.splitlines()
        if (cleaned := line.strip().rstrip(",;").strip())
    )
    place = "\n".join(part for part in (workshop.venue_name.strip(), address) if part)
    if workshop.online_url:
        return f"{place}\nor join online" if place else "Online"
    return place or "To be confirmed"


def poster_of(workshop: Workshop, code: ShareCode | None) -> Poster:
    """What a workshop's poster says; its QR code leads to the workshop's page, with `code`."""
    lines = [("When", _when(workshop)), ("Where", _where(workshop))]
    scan = "Scan to register"
    how_to = "Register for a place online: scan the code, or type the address below."
    if workshop.is_cancelled:
        lines.insert(0, ("Cancelled", "This workshop will not take place."))
        scan, how_to = "Scan for details", "Find out more online: scan the code, or type:"
    elif workshop.has_ended:
        scan = "Scan for details"
        how_to = "This workshop has taken place. Read what came of it online:"
    url = shared_url(reverse("workshops:detail", args=[workshop.slug]), code, Channel.POSTER)
    return Poster(
        title=workshop.title,
        lines=tuple(lines),
        how_to=how_to,
        url=url,
        brand=brand_for(workshop.site),
        label="Workshop",
        scan=scan,
    )
