"""Hooks for the apps above workshops: they are told when someone's attendance is marked.

Workshops cannot import them (apps import only downward), so they register here
from their AppConfig.ready(); e.g. ambassadors ticks "attend an induction".
"""

from __future__ import annotations

from collections.abc import Callable

from programme.models import User

from .models import Registration

AttendanceListener = Callable[[Registration, User | None], None]
_attendance: list[AttendanceListener] = []


def on_attendance(listener: AttendanceListener) -> None:
    if listener not in _attendance:
        _attendance.append(listener)


def attendance_marked(registration: Registration, actor: User | None) -> None:
    for listener in _attendance:
        listener(registration, actor)
