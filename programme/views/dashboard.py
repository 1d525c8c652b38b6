from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render

from .. import permissions, queries, readiness
from ..decorators import allowed_if
from ..http import SignedInRequest


@allowed_if(permissions.can_see_programme_dashboard)
def dashboard(request: SignedInRequest) -> HttpResponse:
    weeks = settings.PROGRAMME_STALLED_WEEKS
    rows = queries.dashboard_rows(stalled_after=dt.timedelta(weeks=weeks))
    context = {
        "rows": rows,
        "indicators": readiness.indicators(),
        "stalled_weeks": weeks,
        "stalled_count": sum(1 for row in rows if row.stalled),
        "failed_emails": queries.failed_emails() if permissions.is_coordinator(request.user) else 0,
    }
    return render(request, "programme/dashboard.html", context)
