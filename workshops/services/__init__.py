"""Every write in workshops/, in three modules: planning, registration, running.

Each service is keyword-only, runs in one transaction, takes the acting
person, writes the activity log, and raises `WorkshopError` with a code and a
message a person can read.
"""

from .errors import WorkshopError
from .planning import (
    apply_agenda_template,
    cancel_workshop,
    create_workshop,
    edit_workshop,
    invite,
    invite_role_holders,
    mark_held,
    publish_workshop,
    save_agenda,
)
from .registration import (
    calendar_token_for,
    cancel_registration,
    confirm_guest,
    register,
    update_needs,
)
from .running import (
    check_in,
    give_feedback,
    mark_attendance,
    record_outcome,
    request_feedback,
    send_due_reminders,
)

__all__ = [
    "WorkshopError",
    "apply_agenda_template",
    "calendar_token_for",
    "cancel_registration",
    "cancel_workshop",
    "check_in",
    "confirm_guest",
    "create_workshop",
    "edit_workshop",
    "give_feedback",
    "invite",
    "invite_role_holders",
    "mark_attendance",
    "mark_held",
    "publish_workshop",
    "record_outcome",
    "register",
    "request_feedback",
    "save_agenda",
    "send_due_reminders",
    "update_needs",
]
