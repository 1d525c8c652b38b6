"""Response headers Django has no setting for."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase

CORP = "Cross-Origin-Resource-Policy"


class CrossOriginResourcePolicyMiddleware:
    """`Cross-Origin-Resource-Policy: same-origin` on every response, static files too (it
    sits outside whitenoise): another site's page cannot load our pages, images or data
    into its own. A response that is meant to be embedded elsewhere (the town hall widget)
    sets its own value first, and keeps it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        response.headers.setdefault(CORP, "same-origin")
        return response
