"""Every write in programme/. Each service is keyword-only, runs in one transaction,
takes the acting user, writes the activity log, and refuses with `ProgrammeError` (a
rule: a message a person can read, its code, and the field it is about) or `NotAllowed`
(a 403); see `services.errors`.

People and roles are re-exported here; the sub-domains live in their own modules
(`services.meetings`, `services.audit`, ...).
"""

from programme.platform.errors import NotAllowed, ProgrammeError

from .activity import log_activity
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
    "NotAllowed",
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
