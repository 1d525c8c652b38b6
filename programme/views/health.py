"""/health/ for load balancers, /health/queue/ for monitoring: "up" or "down", nothing more.

The first checks what a web worker needs to serve (the database and the cache), so a
stopped task worker never takes the site out of rotation; the second checks that the
task queue keeps up. Details go to the server's log, never to the public.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache

from programme.platform import health


def _answer(checks: dict) -> HttpResponse:
    down = bool(health.failing(checks))
    return HttpResponse(
        "down\n" if down else "up\n",
        status=503 if down else 200,
        content_type="text/plain; charset=utf-8",
    )


@never_cache
def web(request: HttpRequest) -> HttpResponse:
    return _answer(health.WEB)


@never_cache
def queue(request: HttpRequest) -> HttpResponse:
    return _answer(health.QUEUE)
