"""Report, hide, restore and withdraw: one set of views for every app's content.

Content is addressed by its content type and id; only models built on
`ModeratedContent` can be reached, and each must have `get_absolute_url()`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from programme.platform import confirm
from programme.platform.clients import client_address

from .. import permissions, queries
from ..decorators import allowed_if, signed_in_unconfirmed_too
from ..forms.base import posted, show_refusal
from ..forms.moderation import ReasonForm
from ..http import SignedInRequest
from ..models import ModeratedContent
from ..services import ProgrammeError
from ..services import moderation as moderation_services


@dataclass(frozen=True)
class Action:
    """One moderation action, described once: its page, who may take it, what it does."""

    title: str
    label: str
    help_text: str
    done: str
    allowed: Callable[[Any, ModeratedContent], bool]
    # (the person, the item, their reason, the client's address) -> the service's work
    take: Callable[[Any, ModeratedContent, str, str], object]


ACTIONS = {
    "report": Action(
        "Report this",
        "What is wrong with it?",
        "Moderators see your reason. The author does not see who reported it.",
        "Thank you. A moderator will look at it.",
        permissions.can_report,
        lambda person, target, reason, client: moderation_services.report_content(
            reporter=person, target=target, reason=reason, client=client
        ),
    ),
    "hide": Action(
        "Hide this",
        "Reason for hiding",
        "The author is told this reason. Their words are kept, not deleted.",
        "Hidden. The author has been told why.",
        permissions.can_moderate,
        lambda person, target, reason, client: moderation_services.hide_content(
            moderator=person, target=target, reason=reason
        ),
    ),
    "restore": Action(
        "Show this again",
        "Reason for showing it again",
        "The author is told.",
        "Shown again. The author has been told.",
        permissions.can_moderate,
        lambda person, target, reason, client: moderation_services.restore_content(
            moderator=person, target=target, reason=reason
        ),
    ),
    "dismiss": Action(
        "Dismiss the reports",
        "Why it stays",
        "The content stays shown and its open reports are closed.",
        "The reports are closed; it stays shown.",
        permissions.can_moderate,
        lambda person, target, reason, client: moderation_services.dismiss_reports(
            moderator=person, target=target, reason=reason
        ),
    ),
}


def _target(request: HttpRequest, content_type_id: int, object_id: int) -> ModeratedContent:
    """The item, if this person may see it where it is shown; otherwise a 404, as if absent."""
    content_type = get_object_or_404(ContentType, pk=content_type_id)
    model = content_type.model_class()
    if model is None or not issubclass(model, ModeratedContent):
        raise Http404
    target = get_object_or_404(model, pk=object_id)
    if not target.is_visible_to(request.user):
        raise Http404
    return target


# An unconfirmed account may report (its reports weigh nothing); hiding needs a role.
@signed_in_unconfirmed_too
def moderate(
    request: SignedInRequest, content_type_id: int, object_id: int, action: str
) -> HttpResponse:
    chosen = ACTIONS.get(action)
    if chosen is None:
        raise Http404
    target = _target(request, content_type_id, object_id)
    if not chosen.allowed(request.user, target):
        raise PermissionDenied
    form = ReasonForm(posted(request), label=chosen.label, help_text=chosen.help_text)
    if request.method == "POST" and form.is_valid():
        try:
            chosen.take(request.user, target, form.cleaned_data["reason"], client_address(request))
        except ProgrammeError as error:
            show_refusal(form, error, otherwise="reason")
        else:
            messages.success(request, chosen.done)
            return redirect(target.get_absolute_url())
    context = {"target": target, "form": form, "title": chosen.title}
    return render(request, "programme/moderate.html", context, status=400 if form.errors else 200)


@signed_in_unconfirmed_too  # taking back one's own words never waits
@require_POST
def withdraw(request: SignedInRequest, content_type_id: int, object_id: int) -> HttpResponse:
    target = _target(request, content_type_id, object_id)
    if not permissions.can_withdraw(request.user, target):
        raise PermissionDenied
    if not confirm.was_confirmed(request):
        return confirm.ask(
            request,
            title="Withdraw what you wrote?",
            consequences=[
                "It shows as withdrawn in the thread, for everyone; replies to it stay.",
                "It cannot be put back: write it again if you change your mind.",
            ],
            yes="Yes, withdraw it",
            back=target.get_absolute_url(),
        )
    try:
        moderation_services.withdraw_content(author=request.user, target=target)
    except ProgrammeError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Withdrawn. It now shows as withdrawn in the thread.")
    return redirect(target.get_absolute_url())


@allowed_if(permissions.can_see_moderation_queue)
def queue(request: SignedInRequest) -> HttpResponse:
    context = {
        "reports": queries.open_reports_for(request.user),
        "waiting": queries.waiting_for_moderation(request.user),
    }
    return render(request, "programme/moderation_queue.html", context)
