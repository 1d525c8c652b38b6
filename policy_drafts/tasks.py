"""policy_drafts' background work, run by the task worker, and its periodic jobs
(programme/platform/schedule.py)."""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from programme.platform.schedule import Periodic

from .services import drafts


@task()
def ask_to_agree_again(draft_id: int, version_id: int) -> int:
    return drafts.ask_to_agree_again(draft_id, version_id)


@task()
def tell_the_outcome(draft_id: int, headline: str) -> int:
    from .services import outcome

    return outcome.tell_the_outcome(draft_id, headline)


def close_due_drafts() -> str:
    return f"{drafts.close_due_drafts()} drafts closed for comment"


def periodic_jobs() -> list[Periodic]:
    # Comments are refused from the closing time on (is_open_for_comment); the job only
    # moves the draft on and tells people, so a few minutes late is soon enough.
    return [Periodic("close consultations", dt.timedelta(minutes=5), close_due_drafts)]
