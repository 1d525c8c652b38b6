"""Residents' discussions: posting in a capacity, pre-moderation of newcomers, rate limits,
hiding a post three people report, and complaints about moderation decisions."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from programme import following
from programme import permissions as programme_permissions
from programme.capacities import Capacity, capacity_for_key
from programme.models import FollowReason, Report, Role, RoleGrant, User
from programme.notifications import email_after_commit
from programme.platform import limits
from programme.platform.background import after_commit
from programme.services import NotAllowed, log_activity
from programme.services.moderation import weight_of_open_reports

from .. import permissions, tasks
from ..models import Complaint, Discussion, Post, TownhallSite
from .cache import public_content_changed
from .errors import TownhallError

REPORTS_TO_HIDE = 3
# Complaints per person: each one emails every coordinator.
COMPLAINTS = limits.Limit("townhall-complaints", 3, dt.timedelta(days=1), "complained")
COMPLAINTS_PER_CLIENT = limits.Limit(
    "townhall-complaints-client", 10, dt.timedelta(days=1), "complained"
)
# Per person, across every site: room for a conversation, not a flood.
POSTS = limits.Limit("townhall-posts", 5, dt.timedelta(minutes=10), "posted")
# And per client address, so many accounts on one connection cannot flood a site.
POSTS_PER_CLIENT = limits.Limit("townhall-posts-client", 30, dt.timedelta(minutes=10), "posted")


def _capacity(author: User, capacity: Capacity | str) -> Capacity:
    found = capacity if isinstance(capacity, Capacity) else capacity_for_key(author, capacity)
    if found is None:
        raise TownhallError(
            "Choose a capacity you hold now.", "not_your_capacity", field="capacity"
        )
    return found


def _trusted(author: User, site: TownhallSite) -> bool:
    """Posts go straight up once a person has had one approved here (or they moderate here)."""
    if programme_permissions.is_coordinator(author) or programme_permissions.has_role(
        author, Role.AMBASSADOR, site.pilot_site
    ):
        return True
    return Post.objects.in_thread().filter(discussion__site=site, author=author).exists()


def _new_post(
    *, author: User, discussion: Discussion, body: str, capacity: Capacity | str, client: str = ""
) -> Post:
    if not author.is_authenticated:
        raise TownhallError("Sign in to post.", "sign_in")
    if not body.strip():
        raise TownhallError("Write your post first.", "body_required", field="body")
    chosen = _capacity(author, capacity)
    limits.count_or_refuse(POSTS, author.pk, error=TownhallError)
    if client:
        limits.count_or_refuse(POSTS_PER_CLIENT, client, error=TownhallError)
    post = Post(discussion=discussion, author=author, body=body.strip())
    post.set_capacity(chosen)
    if _trusted(author, discussion.site):
        post.approved_at = timezone.now()
    post.save()
    Discussion.objects.filter(pk=discussion.pk).update(last_post_at=post.created_at)
    # They hear of the replies, one click to stop.
    following.follow(person=author, target=discussion, why=FollowReason.POSTED)
    if post.is_pending:
        _tell_ambassadors_a_post_waits(discussion.site)
    else:
        public_content_changed(discussion.site)  # the home page lists the latest discussions
        _announce_post(post)
    log_activity(
        actor=author,
        action="townhall.posted",
        summary=f"{author} posted in “{discussion}”",
        target=post,
        site=discussion.site.pilot_site,
    )
    return post


def _announce_post(post: Post) -> None:
    """A post now shown: the discussion's followers hear of it (a post held for an
    ambassador is told once approved, never before)."""
    discussion = post.discussion
    if discussion.posts.count() == 1:
        return  # the discussion's first post: it is new, nobody follows it yet but its author
    following.announce(
        discussion,
        headline=f"{post.author.public_name} replied in “{discussion.title}”",
        detail=post.body[:500],
        url=post.get_absolute_url(),
        exclude=[post.author],
    )


# Ambassadors hear that a first post waits at most this often per site (more wait in the queue).
WAITING_NOTICE_EVERY = dt.timedelta(hours=1)


def _tell_ambassadors_a_post_waits(site: TownhallSite) -> None:
    """Email the site's ambassadors that a first post waits, unless they were told within the hour.

    The site's row is locked while deciding, so two posts at once send one email.
    """
    now = timezone.now()
    locked = TownhallSite.objects.select_for_update().get(pk=site.pk)
    if locked.waiting_notice_sent_at and now - locked.waiting_notice_sent_at < WAITING_NOTICE_EVERY:
        return
    TownhallSite.objects.filter(pk=site.pk).update(waiting_notice_sent_at=now)
    after_commit(tasks.tell_ambassadors_a_post_waits, site.pk)


def tell_ambassadors_a_post_waits(site_id: int) -> int:
    """The email to each of the site's ambassadors (worker: one task, not a request's loop)."""
    site = TownhallSite.objects.select_related("pilot_site").get(pk=site_id)
    ambassadors = User.objects.filter(
        role_grants__in=RoleGrant.objects.active().filter(
            role=Role.AMBASSADOR, site=site.pilot_site
        ),
        email_confirmed_at__isnull=False,
        is_active=True,
    ).distinct()
    with transaction.atomic():
        for ambassador in ambassadors:
            email_after_commit(
                to=ambassador.email,
                subject=f"A first post is waiting on {site.name}",
                template="townhall/email/moderation_waiting.txt",
                context={"site": site, "ambassador": ambassador},
            )
    return len(ambassadors)


@transaction.atomic
def start_discussion(
    *,
    author: User,
    site: TownhallSite,
    title: str,
    body: str,
    capacity: Capacity | str,
    client: str = "",
) -> Post:
    if not title.strip():
        raise TownhallError("Give the discussion a title.", "title_required", field="title")
    discussion = Discussion.objects.create(site=site, title=title.strip(), started_by=author)
    return _new_post(
        author=author, discussion=discussion, body=body, capacity=capacity, client=client
    )


@transaction.atomic
def reply(
    *,
    author: User,
    discussion: Discussion,
    body: str,
    capacity: Capacity | str,
    client: str = "",
) -> Post:
    return _new_post(
        author=author, discussion=discussion, body=body, capacity=capacity, client=client
    )


@transaction.atomic
def approve(*, moderator: User, post: Post) -> Post:
    post = (
        Post.objects.select_for_update(of=("self",))
        .select_related("discussion__site__pilot_site", "author")
        .get(pk=post.pk)
    )
    if not programme_permissions.can_moderate(moderator, post):
        raise NotAllowed("Only this site's ambassadors, its lead and coordinators approve posts.")
    if not post.is_pending:
        return post
    post.approved_at, post.approved_by = timezone.now(), moderator
    post.save(update_fields=["approved_at", "approved_by"])
    public_content_changed(post.discussion.site)  # now shown: on the home page and in the lists too
    _announce_post(post)
    email_after_commit(
        to=post.author.email,
        subject="Your post is up",
        template="townhall/email/approved.txt",
        context={"post": post},
    )
    log_activity(
        actor=moderator,
        action="townhall.post_approved",
        summary="A first post was approved",
        target=post,
        site=post.discussion.site.pilot_site,
    )
    return post


def hide_after_reports(report: Report) -> None:
    """Registered with programme's moderation: reports weighing three (three established,
    confirmed people; see `report_weight`) hide a post pending review."""
    if report.content_type_id != ContentType.objects.get_for_model(Post).pk:
        return
    post = Post.objects.select_for_update().get(pk=report.object_id)
    weight = weight_of_open_reports(
        content_type_id=report.content_type_id,
        object_id=report.object_id,
        written_at=post.created_at,
    )
    if weight < REPORTS_TO_HIDE or post.is_hidden:
        return
    post.hidden_at = timezone.now()
    post.hidden_reason = f"Hidden pending review: reported by {REPORTS_TO_HIDE} people."
    post.save(update_fields=["hidden_at", "hidden_reason"])


@transaction.atomic
def complain(*, complainant: User, post: Post, text: str, client: str = "") -> Complaint:
    """A complaint about a moderation decision goes to every coordinator.

    Only the author of a post that was hidden or is being held may complain, and
    only a few times a day: each complaint emails every coordinator.
    """
    if not permissions.can_complain(complainant, post):
        raise NotAllowed(
            "You can complain about decisions on your own posts that were hidden or held."
        )
    if not text.strip():
        raise TownhallError("Say what you think was wrong.", "text_required")
    limits.count_or_refuse(COMPLAINTS, complainant.pk, error=TownhallError)
    if client:
        limits.count_or_refuse(COMPLAINTS_PER_CLIENT, client, error=TownhallError)
    complaint = Complaint.objects.create(post=post, complainant=complainant, text=text.strip())
    for coordinator in User.objects.filter(
        role_grants__role=Role.COORDINATOR, role_grants__revoked_at__isnull=True
    ).distinct():
        email_after_commit(
            to=coordinator.email,
            subject="A complaint about a moderation decision",
            template="townhall/email/complaint.txt",
            context={"complaint": complaint, "post": post},
        )
    log_activity(
        actor=complainant,
        action="townhall.complaint",
        summary="A moderation decision was questioned",
        target=post,
        site=post.discussion.site.pilot_site,
    )
    return complaint
