from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from policy_drafts.models import (
    Comment,
    DraftStatus,
    PolicyDraft,
    Section,
    Stance,
    SuggestionStatus,
    Version,
    WorkingSection,
)
from programme.capacities import Capacity, CapacityKind, capacity_for_key
from programme.models import (
    BuildStage,
    CouncilKind,
    FollowReason,
    PilotSite,
    RelatedInitiative,
    User,
)
from townhall.models import Discussion, Page, PageKind, PageRevision, Post, TownhallSite
from workshops.models import Audience, Workshop, WorkshopKind, WorkshopStatus

PASSWORD = "a-long-test-password-42"

# Each factory is generic in its model, so `XFactory.create(...)` and `.create_batch(...)` are
# typed as the model. Calling the factory itself (`XFactory(...)`) does the same at run time but
# goes through factory_boy's untyped metaclass, so mypy sees a factory there: tests call `.create`.


def _save_when_created(person: User, create: bool, extracted: object, **kwargs: object) -> None:
    if create:
        person.save()


def _join_when_created(site: PilotSite, create: bool, extracted: object, **kwargs: object) -> None:
    """What a site joining through the programme's services brings: its town hall site."""
    if create:
        from programme import hooks

        for added in hooks.pilot_site_added.implementations():
            added(site)


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="en_GB")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)
    # People in tests have confirmed their address unless a test says otherwise.
    email_confirmed_at = factory.LazyFunction(timezone.now)

    _save = factory.post_generation(_save_when_created)


class PilotSiteFactory(DjangoModelFactory[PilotSite]):
    class Meta:
        model = PilotSite
        django_get_or_create = ["slug"]
        skip_postgeneration_save = True  # the hook below saves what it makes itself

    name = factory.Sequence(lambda n: f"Borough {n}")
    slug = factory.Sequence(lambda n: f"borough-{n}")
    council_name = factory.LazyAttribute(lambda o: f"{o.name} Council")
    council_kind = CouncilKind.DISTRICT
    region = "North West"
    joined_on = dt.date(2026, 3, 2)
    description = "A council taking part in the pilot."

    joined = factory.post_generation(_join_when_created)


class RelatedInitiativeFactory(DjangoModelFactory[RelatedInitiative]):
    class Meta:
        model = RelatedInitiative

    site = factory.SubFactory(PilotSiteFactory)
    name = factory.Sequence(lambda n: f"Initiative {n}")
    description = "A local programme."


# The town hall, consultations and workshops. Each factory stores the rows its service stores
# (the service's checks and emails aside), so a test reading them sees what people would make.


def live_townhall(site: PilotSite) -> TownhallSite:
    """The town hall site of `site`, once it has gone live (read afresh, as a request would)."""
    from townhall.permissions import site_for

    PilotSite.objects.filter(pk=site.pk).update(build_stage=BuildStage.LIVE)
    return site_for(site.slug)


def _spoken(author: User, capacity: Capacity | str) -> Capacity:
    """The capacity behind a key (as a form sends it), which `author` must hold now."""
    if isinstance(capacity, Capacity):
        return capacity
    found = capacity_for_key(author, capacity)
    if found is None:
        raise ValueError(f"{author} does not hold the capacity {capacity!r}")
    return found


def _posted(post: Post, create: bool, extracted: object, **kwargs: object) -> None:
    """What `discussions.reply` does once a post is stored: the discussion's last post, the
    author following it, the site's cached pages out of date."""
    if not create:
        return
    from programme import following
    from townhall.services.cache import public_content_changed

    Discussion.objects.filter(pk=post.discussion_id).update(last_post_at=post.created_at)
    post.discussion.last_post_at = post.created_at
    following.follow(person=post.author, target=post.discussion, why=FollowReason.POSTED)
    if not post.is_pending:
        public_content_changed(post.discussion.site)


class PostFactory(DjangoModelFactory[Post]):
    """A post in a discussion, approved unless `approved_at=None` (a newcomer's first post)."""

    class Meta:
        model = Post
        skip_postgeneration_save = True

    class Params:
        capacity: Capacity | str = "resident"  # a key as the form sends it, or a Capacity
        spoken = factory.LazyAttribute(lambda o: _spoken(o.author, o.capacity))

    discussion = factory.SubFactory(
        "tests.factories.DiscussionFactory",
        first_post=None,
        started_by=factory.SelfAttribute("..author"),
    )
    author = factory.SubFactory(UserFactory)
    body = factory.Sequence(lambda n: f"Post number {n}.")
    capacity_kind = factory.LazyAttribute(lambda o: o.spoken.kind)
    capacity_site = factory.LazyAttribute(lambda o: o.spoken.site)
    capacity_label = factory.LazyAttribute(lambda o: o.spoken.label)
    approved_at = factory.LazyFunction(timezone.now)

    posted = factory.post_generation(_posted)


class DiscussionFactory(DjangoModelFactory[Discussion]):
    """A discussion on a live site with its first post, approved: what
    `discussions.start_discussion` stores. `first_post__body`, `first_post__capacity` and
    `first_post__approved_at` set the post; `first_post=None` leaves it out."""

    class Meta:
        model = Discussion
        skip_postgeneration_save = True  # the post's hook stores the discussion's last post

    site = factory.LazyFunction(lambda: live_townhall(PilotSiteFactory.create()))
    title = factory.Sequence(lambda n: f"Discussion {n}")
    started_by = factory.SubFactory(UserFactory)

    first_post = factory.RelatedFactory(
        PostFactory, factory_related_name="discussion", author=factory.SelfAttribute("..started_by")
    )


def _page_slug(site: TownhallSite, title: str) -> str:
    from townhall.services.pages import _unique_slug

    return _unique_slug(site, title)


class PageFactory(DjangoModelFactory[Page]):
    """A town hall page with one revision, published unless `first_published_at=None`: what
    `services.create_page`, `save_revision` and `publish` store (the editing checks, the
    activity entry and news's announcement to the site's followers aside). `title`,
    `summary` and `blocks` are its revision's; text blocks are stored with their rendering,
    as the editor stores them."""

    class Meta:
        model = Page

    site = factory.LazyFunction(lambda: live_townhall(PilotSiteFactory.create()))
    kind = PageKind.STANDARD
    title = factory.Sequence(lambda n: f"Page {n}")
    summary = ""
    blocks = factory.LazyAttribute(lambda o: [{"type": "text", "markdown": f"About {o.title}."}])
    slug = factory.LazyAttribute(lambda o: _page_slug(o.site, o.title))
    in_menu = False  # as the service makes it: nothing joins the menu unasked
    created_by = factory.SubFactory(UserFactory)
    first_published_at = factory.LazyFunction(timezone.now)

    @classmethod
    def _create(cls, model_class: type[Page], *args: Any, **kwargs: Any) -> Page:
        from townhall.blocks import with_rendered_text
        from townhall.services.cache import public_content_changed
        from townhall.services.pages import search_text

        title, summary = kwargs.pop("title").strip(), kwargs.pop("summary").strip()
        blocks = with_rendered_text(kwargs.pop("blocks"))
        page = super()._create(model_class, *args, **kwargs)
        revision = PageRevision.objects.create(
            page=page,
            number=1,
            title=title,
            summary=summary,
            blocks=blocks,
            created_by=page.created_by,
            search_text=search_text(title, summary, blocks),
        )
        page.latest_revision = revision
        if page.first_published_at is not None:
            page.live_revision = revision
        page.save(update_fields=["latest_revision", "live_revision"])
        if page.live_revision is not None:  # published: the site's cached pages are out of date
            public_content_changed(page.site)
        return page


def _unique_draft_slug(title: str) -> str:
    from policy_drafts.services.drafts import _unique_slug

    return _unique_slug(title)


def _owned_by(
    draft: PolicyDraft, create: bool, extracted: Iterable[User] | None, **kwargs: object
) -> None:
    if create:
        draft.owners.set(list(extracted) if extracted is not None else [UserFactory.create()])


DRAFT_SECTIONS = [
    ("Why we have this policy", "The town hall brings the conversation into reach of the council."),
    (
        "Speaking in a capacity",
        "When you comment, you say in what capacity you speak. Officers may speak as residents.",
    ),
    ("Moderation", "Ambassadors moderate the sites and always give a reason."),
]


def first_version(draft: PolicyDraft) -> Version:
    """Version 1 of `draft`'s working copy, published by its first owner: what
    `services.publish_version` stores for a first version (its activity entry aside)."""
    from programme import hooks

    publisher = draft.owners.order_by("pk").first()
    assert publisher is not None, "a draft is published by one of its owners"
    version = Version.objects.create(draft=draft, number=1, published_by=publisher)
    Section.objects.bulk_create(
        Section(version=version, key=s.key, position=s.position, heading=s.heading, body=s.body)
        for s in draft.working_sections.all()
    )
    hooks.public_content_changed(draft.site)
    return version


def _written_and_published(
    draft: PolicyDraft,
    create: bool,
    extracted: Iterable[tuple[str, str]] | None,
    **kwargs: object,
) -> None:
    """The working copy of (heading, body) sections, frozen as version 1 (as
    `services.publish_version` does) unless `sections__published=False`."""
    if not create:
        return
    from policy_drafts.services.drafts import new_key

    sections = list(extracted) if extracted is not None else DRAFT_SECTIONS
    WorkingSection.objects.bulk_create(
        WorkingSection(draft=draft, key=new_key(heading), position=n, heading=heading, body=body)
        for n, (heading, body) in enumerate(sections)
    )
    if kwargs.get("published", True):
        first_version(draft)  # the owners hook runs first


class PolicyDraftFactory(DjangoModelFactory[PolicyDraft]):
    """A draft open for comment with its first version published: `draft.versions.get()`.
    `owners=[...]` (the first publishes it), `sections=[(heading, body), ...]`."""

    class Meta:
        model = PolicyDraft
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Policy {n}")
    slug = factory.LazyAttribute(lambda o: _unique_draft_slug(o.title))
    status = DraftStatus.OPEN

    owners = factory.post_generation(_owned_by)
    sections = factory.post_generation(_written_and_published)


def _followed_by_commenter(
    comment: Comment, create: bool, extracted: object, **kwargs: object
) -> None:
    """What `services.add_comment` does once a comment is stored: its author follows the draft."""
    if not create:
        return
    from programme import following, hooks

    draft = comment.section.version.draft
    hooks.public_content_changed(draft.site)
    following.follow(person=comment.author, target=draft, why=FollowReason.COMMENTED)


class CommentFactory(DjangoModelFactory[Comment]):
    """A comment on a section of a published version (`body_html` is rendered on save).
    `quote=` a passage of the section (as read: `near=` picks among repeats) is anchored
    as `services.add_comment` anchors it; a `suggestion=` then waits for the owners."""

    class Meta:
        model = Comment
        skip_postgeneration_save = True

    class Params:
        capacity: Capacity | str = "resident"  # a key as the form sends it, or a Capacity
        spoken = factory.LazyAttribute(lambda o: _spoken(o.author, o.capacity))

    section = factory.LazyFunction(
        lambda: PolicyDraftFactory.create().versions.get().sections.first()
    )
    author = factory.SubFactory(UserFactory)
    stance = Stance.SUPPORT
    body = factory.Sequence(lambda n: f"Comment number {n}.")
    quote = ""
    suggestion = ""
    capacity_kind = factory.LazyAttribute(lambda o: o.spoken.kind)
    capacity_site = factory.LazyAttribute(lambda o: o.spoken.site)
    capacity_label = factory.LazyAttribute(lambda o: o.spoken.label)
    suggestion_status = factory.LazyAttribute(
        lambda o: SuggestionStatus.PENDING if o.suggestion else SuggestionStatus.NONE
    )

    followed = factory.post_generation(_followed_by_commenter)

    @classmethod
    def _adjust_kwargs(cls, **kwargs: Any) -> dict[str, Any]:
        near = kwargs.pop("near", None)
        quote = kwargs.get("quote", "")
        if not quote:
            return kwargs
        from policy_drafts.anchoring import anchor_quote

        section = kwargs["section"]
        anchor = anchor_quote(section.body, quote, near)
        if anchor is None:
            raise ValueError(f"{quote!r} is not in the section {section.heading!r}")
        return kwargs | {
            "quote": section.body[anchor.start : anchor.end],  # the source, Markdown and all
            "quote_start": anchor.start,
            "quote_end": anchor.end,
            "quote_prefix": anchor.prefix,
            "quote_suffix": anchor.suffix,
        }


def many_comments(
    section: Section, count: int, *, start: int = 0, body: str = "Comment number {n}."
) -> list[Comment]:
    """`count` comments by one resident, a second apart from a day ago, numbered from `start`
    in their bodies: stored in one statement, for the tests of pages with many."""
    author = UserFactory.create()
    base = timezone.now() - dt.timedelta(days=1)
    return Comment.objects.bulk_create(
        CommentFactory.build(
            section=section,
            author=author,
            body=body.format(n=n),
            capacity=Capacity(CapacityKind.RESIDENT),
            created_at=base + dt.timedelta(seconds=n),
        )
        for n in range(start, start + count)
    )


def _workshop_slug(title: str, starts_at: dt.datetime) -> str:
    from workshops.services.planning import _unique_slug

    return _unique_slug(title, starts_at)


def _ten_days_away(hour: int) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=10)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _published(workshop: Workshop, create: bool, extracted: object, **kwargs: object) -> None:
    """What `services.publish_workshop` does once the row is stored: the site's cached pages
    go out of date."""
    if create:
        from programme import hooks

        hooks.public_content_changed(workshop.site)


class WorkshopFactory(DjangoModelFactory[Workshop]):
    """A published workshop ten days away with two places: what `services.create_workshop`
    and `services.publish_workshop` store (the defaults of tests.workshops.conftest.plan)."""

    class Meta:
        model = Workshop
        skip_postgeneration_save = True

    site = factory.SubFactory(PilotSiteFactory)
    title = "Meet the local bloggers"
    slug = factory.LazyAttribute(lambda o: _workshop_slug(o.title, o.starts_at))
    kind = WorkshopKind.EXTERNAL_PARTNERS
    objectives = "Meet **bloggers**."
    audiences = factory.LazyFunction(lambda: [Audience.OFFICERS, Audience.RESIDENTS])
    starts_at = factory.LazyFunction(lambda: _ten_days_away(10))
    # Three hours later by the clock (as `plan`'s 10:00 to 13:00), whatever the day.
    ends_at = factory.LazyAttribute(
        lambda o: timezone.make_aware(
            timezone.localtime(o.starts_at).replace(tzinfo=None) + dt.timedelta(hours=3)
        )
    )
    venue_name = "Huddersfield Town Hall"
    capacity = 2
    status = WorkshopStatus.PUBLISHED
    created_by = factory.SubFactory(UserFactory)

    published = factory.post_generation(_published)
