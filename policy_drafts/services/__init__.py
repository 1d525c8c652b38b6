"""Every write in policy_drafts/: drafts and versions, comments, and agreements.

Each service is keyword-only, runs in one transaction, takes the acting
person, writes the activity log, and raises `DraftError` with a code and a
message a person can read.
"""

from .agreements import agree, has_current_agreement, needs_to_agree_again
from .comments import add_comment, decide_suggestion, reply, respond
from .drafts import adopt, create_draft, publish_version, save_working_copy, set_status
from .errors import DraftError

__all__ = [
    "DraftError",
    "add_comment",
    "adopt",
    "agree",
    "create_draft",
    "decide_suggestion",
    "has_current_agreement",
    "needs_to_agree_again",
    "publish_version",
    "reply",
    "respond",
    "save_working_copy",
    "set_status",
]
