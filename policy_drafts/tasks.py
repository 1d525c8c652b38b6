"""policy_drafts' background work, run by the task worker."""

from __future__ import annotations

from django_tasks import task

from .services import drafts


@task()
def ask_to_agree_again(draft_id: int, version_id: int) -> int:
    return drafts.ask_to_agree_again(draft_id, version_id)
