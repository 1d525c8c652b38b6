"""/health/ for load balancers, /health/queue/ for monitoring: "up" or "down", nothing more.

The first checks what a web worker needs to serve (the database and the cache), so a
stopped task worker never takes the site out of rotation; the second checks that the
task queue keeps up. Details go to the server's log (django-health-check logs each
failure), never to the public.
"""

from __future__ import annotations

import asyncio

from django.http import HttpRequest, HttpResponse
from health_check.views import HealthCheckView


class Health(HealthCheckView):
    checks = ("health_check.checks.Database", "health_check.checks.Cache")

    async def get(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        with self.get_executor() as executor:
            results = await asyncio.gather(
                *(check.get_result(executor) for check in self.get_checks())
            )
        down = any(result.error for result in results)
        return HttpResponse(
            "down\n" if down else "up\n",
            status=503 if down else 200,
            content_type="text/plain; charset=utf-8",
        )


class QueueHealth(Health):
    checks = ("programme.health.TaskQueue",)
