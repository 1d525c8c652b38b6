"""A confirmation step for actions that are hard to undo, shared by every app.

The first press of such a button leads to a page that says what will happen, carrying
whatever the form held; only its "Yes" sends the action for real. It works the same
with or without JavaScript, and a stray click changes nothing.

    if not confirm.was_confirmed(request):
        return confirm.ask(request, title="Cancel your place?", consequences=[...],
                           yes="Yes, cancel my place", back=workshop.get_absolute_url())
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

FIELD = "confirmed"
NOT_CARRIED = {"csrfmiddlewaretoken", FIELD}


def was_confirmed(request: HttpRequest) -> bool:
    return request.POST.get(FIELD) == "yes"


def ask(
    request: HttpRequest,
    *,
    title: str,
    consequences: list[str],
    yes: str,
    back: str,
    back_label: str = "No, go back",
) -> HttpResponse:
    carried = [
        (name, value)
        for name in request.POST
        if name not in NOT_CARRIED
        for value in request.POST.getlist(name)
    ]
    context = {
        "title": title,
        "consequences": consequences,
        "yes": yes,
        "back": back,
        "back_label": back_label,
        "carried": carried,
        "action": request.get_full_path(),
    }
    return render(request, "includes/confirm.html", context)
