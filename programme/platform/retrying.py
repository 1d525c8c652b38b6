"""Trying a database step again while the database is briefly unreachable.

Only for steps that are safe to repeat (a read, or an UPDATE that sets the same values
however often it runs) and that stand alone, outside any caller's transaction: after a
failure the broken connection is closed and the next try opens a new one, which would
lose whatever an enclosing transaction had done. Used where giving up costs more than
waiting: an email already handed to the mail server but not yet marked sent would
otherwise be sent again when the sweep frees it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from typing import TypeVar

from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connections

logger = logging.getLogger(__name__)

T = TypeVar("T")
WAITS = (0.5, 1, 2, 4, 8, 15)  # half a minute in all: a restart or a failover


def retried(operation: Callable[[], T], *, waits: Sequence[float] = WAITS) -> T:
    connection = connections[DEFAULT_DB_ALIAS]
    for attempt, wait in enumerate((*waits, None), start=1):
        try:
            return operation()
        except (OperationalError, InterfaceError) as error:
            if wait is None or connection.in_atomic_block:
                raise
            logger.warning("The database is unreachable (try %s): %s", attempt, error)
            connection.close()
            time.sleep(wait)
    raise AssertionError("unreachable")  # the last try returns or raises
