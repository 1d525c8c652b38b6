"""programme's tables, one module per sub-domain."""

from programme.platform.models.limits import LimitWindow
from programme.platform.models.outbox import EmailStatus, OutgoingEmail
from programme.platform.models.schedule import ScheduledRun

from .audit import EDITABLE_FIELDS as AUDIT_FIELDS
from .audit import FORM_ONLY_FIELDS as AUDIT_FORM_ONLY_FIELDS
from .audit import Activity, AuditCategory, AuditEntry, Relationship
from .evaluation import DemocraticAction, RoundKind, SurveyLink, SurveyResponse, SurveyRound
from .following import Cadence, Following, FollowingQuerySet, FollowReason, Notice
from .meetings import ActionItem, ActionItemQuerySet, ActionStatus, Meeting, MeetingQuerySet
from .moderation import DecisionAction, ModeratedContent, ModerationDecision, Report
from .people import (
    PROGRAMME_ROLES,
    SITE_ROLES,
    ActivityLog,
    BuildStage,
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
from .reach import CONVERSIONS, Channel, Event, ShareCode, ShareCodeQuerySet, Tally
from .readiness import BuildStageChange, GoLiveSignOff, SignOffRole
from .strands import Strand, StrandMember, StrandRole
from .updates import Reply, Update, UpdateStatus

__all__ = [
    "AUDIT_FIELDS",
    "AUDIT_FORM_ONLY_FIELDS",
    "CONVERSIONS",
    "PROGRAMME_ROLES",
    "SITE_ROLES",
    "ActionItem",
    "ActionItemQuerySet",
    "ActionStatus",
    "Activity",
    "ActivityLog",
    "AuditCategory",
    "AuditEntry",
    "BuildStage",
    "BuildStageChange",
    "Cadence",
    "Channel",
    "CouncilKind",
    "DecisionAction",
    "DemocraticAction",
    "EmailStatus",
    "Event",
    "FollowReason",
    "Following",
    "FollowingQuerySet",
    "GoLiveSignOff",
    "LimitWindow",
    "Meeting",
    "MeetingQuerySet",
    "ModeratedContent",
    "ModerationDecision",
    "Notice",
    "OutgoingEmail",
    "PilotSite",
    "PilotSiteQuerySet",
    "RelatedInitiative",
    "Relationship",
    "Reply",
    "Report",
    "Role",
    "RoleGrant",
    "RoleGrantQuerySet",
    "RoundKind",
    "ScheduledRun",
    "ShareCode",
    "ShareCodeQuerySet",
    "SignOffRole",
    "Strand",
    "StrandMember",
    "StrandRole",
    "SurveyLink",
    "SurveyResponse",
    "SurveyRound",
    "Tally",
    "Update",
    "UpdateStatus",
    "User",
    "UserManager",
]
