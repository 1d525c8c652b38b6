"""What fetching an audit entry's feed found: its health, shown on the audit, and the
validators the feed gave, sent with the next fetch."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from programme.models import AuditEntry

from ..models import FeedChecker, FeedState


@transaction.atomic
def record_check(
    *,
    entry: AuditEntry,
    by: FeedChecker,
    healthy: bool,
    problem: str = "",
    etag: str | None = None,
    last_modified: str | None = None,
) -> FeedState:
    """Record one fetch of the entry's feed as it is now. Validators left out (None) are
    kept from the last check of the same address; a new address starts without them."""
    state = FeedState.objects.select_for_update().filter(entry=entry).first()
    same_address = state is not None and state.url == entry.feed_url
    if state is None:
        state = FeedState(entry=entry)
    if not same_address:
        state.etag = state.last_modified = ""
    state.url = entry.feed_url
    state.checked_at = timezone.now()
    state.checked_by = by
    state.healthy = healthy
    state.problem = problem[:300]
    if etag is not None:
        state.etag = etag[:300]
    if last_modified is not None:
        state.last_modified = last_modified[:100]
    state.save()
    return state
