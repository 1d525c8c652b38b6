from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from .. import permissions, queries
from ..decorators import allowed_if
from ..http import SignedInRequest


@allowed_if(permissions.can_see_meetings)
def strand_list(request: SignedInRequest) -> HttpResponse:
    return render(request, "programme/strand_list.html", {"strands": queries.strands()})
