"""Every write in ambassadors/: applying, the pipeline and references (pipeline.py),
onboarding and active ambassadors (onboarding.py), and data protection
(data_protection.py). Each runs in a transaction and logs who acted."""

from .data_protection import erase, export, personal_data, purge_expired, stores
from .errors import AmbassadorError
from .onboarding import (
    induction_attended,
    log_duty,
    may_moderate_now,
    save_onboarding_item,
    tick_step,
)
from .pipeline import (
    AMBASSADOR_AGREEMENT_SLUG,
    APPLICATIONS,
    NEXT,
    REFERENCES_NEEDED,
    REMINDERS,
    accept_place,
    advance,
    apply,
    approve,
    complete_onboarding,
    record_safeguarding,
    request_references,
    submit_reference,
    withdraw,
)

__all__ = [
    "AMBASSADOR_AGREEMENT_SLUG",
    "APPLICATIONS",
    "NEXT",
    "REFERENCES_NEEDED",
    "REMINDERS",
    "AmbassadorError",
    "accept_place",
    "advance",
    "apply",
    "approve",
    "complete_onboarding",
    "erase",
    "export",
    "induction_attended",
    "log_duty",
    "may_moderate_now",
    "personal_data",
    "purge_expired",
    "record_safeguarding",
    "request_references",
    "save_onboarding_item",
    "stores",
    "submit_reference",
    "tick_step",
    "withdraw",
]
