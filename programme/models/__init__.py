"""programme's tables, one module per sub-domain."""

from .people import (
    PROGRAMME_ROLES,
    SITE_ROLES,
    ActivityLog,
    CouncilKind,
    PilotSite,
    PilotSiteQuerySet,
    RelatedInitiative,
    Role,
    RoleGrant,
    RoleGrantQuerySet,
    User,
    UserManager,
)

__all__ = [
    "PROGRAMME_ROLES",
    "SITE_ROLES",
    "ActivityLog",
    "CouncilKind",
    "PilotSite",
    "PilotSiteQuerySet",
    "RelatedInitiative",
    "Role",
    "RoleGrant",
    "RoleGrantQuerySet",
    "User",
    "UserManager",
]
