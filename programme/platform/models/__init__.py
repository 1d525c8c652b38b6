"""The platform's tables (app label `programme`, as before they moved here): the outbox,
rate-limit windows and the periodic jobs' runs."""

from .limits import LimitWindow
from .outbox import EmailStatus, OutgoingEmail
from .schedule import ScheduledRun

__all__ = ["EmailStatus", "LimitWindow", "OutgoingEmail", "ScheduledRun"]
