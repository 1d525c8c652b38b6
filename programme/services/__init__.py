"""Every write in programme/. Each service is keyword-only, runs in one transaction,
takes the acting user, writes the activity log, and raises `ProgrammeError` with a
code and a message a person can read.

People and roles are re-exported here; the sub-domains live in their own modules
(`services.meetings`, `services.audit`, ...).
"""

from .activity import ProgrammeError, log_activity
from .people import (
    check_role_site,
    create_account,
    delete_record,
    deletion_refusal,
    grant_role,
    revoke_role,
    save_record,
    set_password,
    update_profile,
)

__all__ = [
    "ProgrammeError",
    "check_role_site",
    "create_account",
    "delete_record",
    "deletion_refusal",
    "grant_role",
    "log_activity",
    "revoke_role",
    "save_record",
    "set_password",
    "update_profile",
]
