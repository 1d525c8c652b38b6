"""Handing work to the task worker from a service.

`after_commit(task, *args)` queues the task once the caller's transaction commits, so a
request that emails a thousand people writes one row to the queue, and the worker
fans the work out. If the queue cannot take it (Redis is down), the work is done right
there instead: it only writes rows and outbox emails, and nothing is lost.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction

logger = logging.getLogger(__name__)


def after_commit(task: Any, *args: Any) -> None:
    def hand_over() -> None:
        try:
            task.enqueue(*args)
        except Exception:
            logger.exception("Could not queue %s; doing it now instead", task.name)
            task.call(*args)

    transaction.on_commit(hand_over)
