"""Pages: creating them, their revisions and blocks, images and the logo, publishing,
schedules and tags."""

from __future__ import annotations

import datetime as dt
import functools
from enum import Enum, auto
from typing import Any, Literal

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from programme import following
from programme.models import User
from programme.platform import limits
from programme.platform.text import plural
from programme.platform.uploads import SafeImageFormField
from programme.services import NotAllowed, log_activity

from .. import permissions, queries
from ..blocks import (
    STARTERS,
    image_ids,
    kind_of,
    plain_text,
    publishing_problems,
    with_rendered_text,
)
from ..models import (
    Page,
    PageKind,
    PageRevision,
    SiteImage,
    Tag,
    TownhallSite,
)
from .cache import public_content_changed
from .errors import TownhallError


def _check_editor(actor: User, site: TownhallSite) -> None:
    if not permissions.can_edit(actor, site):
        raise NotAllowed("You can only edit your own site.")


def _check_page_editor(actor: User, page: Page) -> None:
    if not permissions.can_edit_page(actor, page):
        raise NotAllowed("You can only edit your own site's pages.")


# Addresses the site itself uses, which a page must not take.
RESERVED_SLUGS = frozenset(
    {
        "news",
        "edit",
        "preview",
        "widget",
        "about",
        "workshops",
        "discussions",
        "around",
        "tags",
        "search",
        "events",
        "have-your-say",
        "get-involved",
        "theme",
    }
)


def search_text(title: str, summary: str, blocks: list[dict[str, Any]]) -> str:
    """What search finds in a revision: its title, summary and what its blocks say."""
    return "\n".join(w for w in (title, summary, plain_text(blocks)) if w)


def _unique_slug(site: TownhallSite, title: str) -> str:
    base = slugify(title)[:70] or "page"
    if base in RESERVED_SLUGS:
        base = f"{base}-page"
    slug, n = base, 2
    while Page.objects.filter(site=site, slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def create_page(
    *, actor: User, site: TownhallSite, kind: PageKind | str, title: str, parent: Page | None = None
) -> Page:
    """Start a page of a kind, opened with that kind's starter blocks. Only the title is needed.

    Contributors (the site's ambassadors and content providers) start news items only.
    """
    kind = PageKind(kind)
    if kind == PageKind.NEWS and not permissions.can_write_news(actor, site):
        raise NotAllowed("You can only write news for your own site.")
    if kind != PageKind.NEWS:
        _check_editor(actor, site)
    if not title.strip():
        raise TownhallError("Give the page a title.", "title_required", field="title")
    page = Page.objects.create(
        site=site,
        kind=kind,
        slug=_unique_slug(site, title),
        parent=parent,
        created_by=actor,
        # Nothing joins the site's menu unless the editor ticks it: the sections already
        # lead to news, events, consultations and ways to get involved.
        in_menu=False,
    )
    blocks = with_rendered_text(STARTERS[kind])
    revision = PageRevision.objects.create(
        page=page,
        number=1,
        title=title.strip(),
        blocks=blocks,
        created_by=actor,
        search_text=search_text(title.strip(), "", blocks),
    )
    page.latest_revision = revision
    page.save(update_fields=["latest_revision"])
    log_activity(
        actor=actor,
        action="townhall.page.created",
        summary=f"Page “{title.strip()}” started",
        target=page,
        site=site.pilot_site,
    )
    return page


@transaction.atomic
def save_revision(
    *,
    actor: User,
    page: Page,
    base: int,
    title: str | None = None,
    summary: str | None = None,
    blocks: list[dict[str, Any]] | None = None,
) -> PageRevision:
    """Save the page as a new revision, refusing if someone saved since revision `base` was read."""
    page = (
        Page.objects.select_for_update(of=("self",))
        .select_related("latest_revision", "site__pilot_site")
        .get(pk=page.pk)
    )
    _check_page_editor(actor, page)
    current = page.latest
    if current.number != base:
        raise TownhallError(
            "Someone saved this page since you opened it. Your edits are kept below: reload to see theirs, then save again.",
            "stale",
        )
    title = current.title if title is None else title.strip()
    if not title:
        raise TownhallError("Give the page a title.", "title_required", field="title")
    summary = current.summary if summary is None else summary.strip()
    blocks = current.blocks if blocks is None else with_rendered_text(blocks)
    revision = PageRevision.objects.create(
        page=page,
        number=current.number + 1,
        title=title,
        summary=summary,
        blocks=blocks,
        created_by=actor,
        search_text=search_text(title, summary, blocks),
    )
    page.latest_revision = revision
    page.save(update_fields=["latest_revision"])
    # Images kept for the editor become the site's once a saved revision uses them.
    kept = set(image_ids(blocks))
    if kept:
        SiteImage.objects.filter(site=page.site, pk__in=kept, pending_since__isnull=False).update(
            pending_since=None
        )
    return revision


@transaction.atomic
def save_page(
    *,
    actor: User,
    page: Page,
    base: int,
    title: str,
    summary: str,
    tags: list[str],
    blocks: list[dict[str, Any]],
    go_live_at: dt.datetime | None,
    expires_at: dt.datetime | None,
    review_on: dt.date | None,
    in_menu: bool,
    parent: Page | None,
    force: bool = False,
) -> PageRevision:
    """The whole page from the editor's one form, as one revision, or nothing at all.

    Image blocks carry their image's alternative text and whether it is decorative, which
    are kept on the image. `force` saves over a newer revision (the person saw the
    conflict and chose theirs; the other stays in the history).
    """
    stored = []
    for number, block in enumerate(blocks, start=1):
        kind = kind_of(block)
        if kind is not None and kind.takes_image:
            image = (
                SiteImage.objects.select_for_update()
                .filter(site=page.site, pk=block["image_id"])
                .first()
            )
            if image is None:  # kept for a day without being saved, then removed
                raise TownhallError(
                    f"The image in block {number} is no longer kept: choose it again.",
                    "image_gone",
                )
            alt_text, decorative = block["alt_text"].strip(), bool(block["decorative"])
            if (image.alt_text, image.decorative) != (alt_text, decorative):
                image.alt_text, image.decorative = alt_text, decorative
                image.save(update_fields=["alt_text", "decorative"])
            block = kind.stored_with_image(block, image.pk)
        stored.append(block)
    if force:
        base = Page.objects.select_related("latest_revision").get(pk=page.pk).latest.number
    revision = save_revision(
        actor=actor, page=page, base=base, title=title, summary=summary, blocks=stored
    )
    set_page_tags(actor=actor, page=page, names=tags)
    schedule(
        actor=actor,
        page=page,
        go_live_at=go_live_at,
        expires_at=expires_at,
        review_on=review_on,
        in_menu=in_menu,
        parent=parent,
    )
    return revision


@transaction.atomic
def save_details(
    *, actor: User, page: Page, base: int, title: str, summary: str, tags: list[str]
) -> PageRevision:
    """The page's title and summary (a new revision) and its tags, saved together or not at all."""
    revision = save_revision(actor=actor, page=page, base=base, title=title, summary=summary)
    set_page_tags(actor=actor, page=page, names=tags)
    return revision


def add_block(
    *, actor: User, page: Page, base: int, block: dict[str, Any], at: int | None = None
) -> PageRevision:
    blocks = list(page.latest.blocks)
    blocks.insert(len(blocks) if at is None else at, block)
    return save_revision(actor=actor, page=page, base=base, blocks=blocks)


def replace_block(
    *, actor: User, page: Page, base: int, index: int, block: dict[str, Any]
) -> PageRevision:
    blocks = list(page.latest.blocks)
    if not 0 <= index < len(blocks):
        raise TownhallError("That block is no longer on the page.", "no_block")
    blocks[index] = block
    return save_revision(actor=actor, page=page, base=base, blocks=blocks)


def move_block(*, actor: User, page: Page, base: int, index: int, offset: int) -> PageRevision:
    blocks = list(page.latest.blocks)
    target = index + offset
    if not (0 <= index < len(blocks) and 0 <= target < len(blocks)):
        raise TownhallError("That block cannot move further.", "cannot_move")
    blocks[index], blocks[target] = blocks[target], blocks[index]
    return save_revision(actor=actor, page=page, base=base, blocks=blocks)


def remove_block(*, actor: User, page: Page, base: int, index: int) -> PageRevision:
    blocks = list(page.latest.blocks)
    if not 0 <= index < len(blocks):
        raise TownhallError("That block is no longer on the page.", "no_block")
    blocks.pop(index)
    return save_revision(actor=actor, page=page, base=base, blocks=blocks)


@transaction.atomic
def upload_image(
    *, actor: User, site: TownhallSite, file: Any, alt_text: str, decorative: bool
) -> SiteImage:
    if not permissions.can_write_news(actor, site):
        raise NotAllowed("You can only add images to your own site.")
    return SiteImage.objects.create(
        site=site, file=file, alt_text=alt_text.strip(), decorative=decorative, uploaded_by=actor
    )


# Each image is decoded to be written again: the costly part of a request, so it is what
# is counted, whether or not the file turns out to be an image we keep.
IMAGES = limits.Limit("townhall-images", 30, dt.timedelta(hours=1), "added images")
# An image chosen in the editor and never saved is removed after this long.
KEEP_UNSAVED = dt.timedelta(days=1)


def keep_image(
    *, actor: User, site: TownhallSite, upload: UploadedFile, alt_text: str, decorative: bool
) -> SiteImage:
    """An image chosen in the page editor, kept at once so the editor can show it, but
    only as pending: it becomes the site's when a saved revision uses it, and is removed
    after KEEP_UNSAVED if none does.

    Counted against the person's IMAGES limit before it is decoded, in a step of its own
    (not rolled back with a refused file, as decoding is what the limit is for); refused
    with `TownhallError(field="file")` when it is not an image we keep, saying why.
    """
    if not permissions.can_write_news(actor, site):
        raise NotAllowed("You can only add images to your own site.")
    limits.count_or_refuse(IMAGES, actor.pk, error=TownhallError)
    try:
        file = SafeImageFormField().clean(upload)
    except forms.ValidationError as error:
        raise TownhallError(error.messages[0], error.code or "image", field="file") from None
    with transaction.atomic():
        return SiteImage.objects.create(
            site=site,
            file=file,
            alt_text=alt_text.strip(),
            decorative=decorative,
            uploaded_by=actor,
            pending_since=timezone.now(),
        )


def forget_unsaved_images() -> str:
    """Remove the images kept for the editor longer than KEEP_UNSAVED that no saved
    revision uses (a periodic job). A save using one at the same moment waits for the
    row, then finds it gone and asks for the image again."""
    cutoff = timezone.now() - KEEP_UNSAVED
    removed = 0
    with transaction.atomic():
        for image in SiteImage.objects.select_for_update().filter(pending_since__lt=cutoff):
            image.delete()
            transaction.on_commit(functools.partial(image.file.storage.delete, image.file.name))
            removed += 1
    return f"removed {plural(removed, 'image')} never saved"


@transaction.atomic
def set_logo(*, actor: User, site: TownhallSite, file: Any, alt_text: str = "") -> TownhallSite:
    """The council's logo in the site's header (leave the text empty when it only repeats the name)."""
    if not permissions.can_manage_editors(actor, site):
        raise NotAllowed("Only the site's lead changes its logo.")
    site = TownhallSite.objects.select_for_update().get(pk=site.pk)
    site.logo = file
    site.logo_alt = alt_text.strip()
    site.save()
    public_content_changed(site)
    return site


@transaction.atomic
def publish(*, actor: User, page: Page) -> Page:
    """Publish the latest revision in one action, once the editing checks pass."""
    page = (
        Page.objects.select_for_update(of=("self",))
        .select_related("latest_revision", "site__pilot_site", "site__social_web_policy")
        .get(pk=page.pk)
    )
    if not permissions.can_publish(actor, page):
        raise NotAllowed(
            "Your site's team publishes your news: they see it waiting on their dashboard."
        )
    blocks = page.latest.blocks
    ids = image_ids(blocks)
    images = {image.pk: image for image in SiteImage.objects.filter(site=page.site, pk__in=ids)}
    problems = publishing_problems(blocks, images, queries.dead_links(blocks))
    if problems:
        raise TownhallError("Fix these first: " + " ".join(map(str, problems)), "checks_failed")
    first_time = page.first_published_at is None  # news is told of once, not on every edit
    page.live_revision = page.latest_revision
    if page.first_published_at is None:
        page.first_published_at = timezone.now()
    page.save(update_fields=["live_revision", "first_published_at"])
    public_content_changed(page.site)
    if first_time and page.kind == PageKind.NEWS and page.site.pilot_site.is_live:
        following.announce(
            page.site,
            headline=page.latest.title,
            detail=page.latest.summary,
            url=page.get_absolute_url(),
            exclude=[actor],
        )
    log_activity(
        actor=actor,
        action="townhall.page.published",
        summary=f"“{page.latest.title}” published",
        target=page,
        site=page.site.pilot_site,
    )
    return page


@transaction.atomic
def unpublish(*, actor: User, page: Page) -> Page:
    page = (
        Page.objects.select_for_update(of=("self",))
        .select_related("site__pilot_site")
        .get(pk=page.pk)
    )
    if not permissions.can_publish(actor, page):
        raise NotAllowed("Only the site's team can take this page down.")
    page.live_revision = None
    page.save(update_fields=["live_revision"])
    public_content_changed(page.site)
    log_activity(
        actor=actor,
        action="townhall.page.unpublished",
        summary="A page was taken down",
        target=page,
        site=page.site.pilot_site,
    )
    return page


@transaction.atomic
def delete_draft(*, actor: User, page: Page) -> str:
    """Delete a page that was never published, with every revision of it: abandoned tries
    stop piling up and holding the addresses a real page wants. Its images stay in the
    site's library. The title it had is returned, and kept in the activity log."""
    page = (
        Page.objects.select_for_update(of=("self",))
        .select_related("site__pilot_site", "latest_revision")
        .get(pk=page.pk)
    )
    if not permissions.can_edit_page(actor, page):
        raise NotAllowed("Only the site's editors, or the person writing this news, can delete it.")
    if page.first_published_at is not None or page.live_revision_id is not None:
        raise TownhallError(
            "This page has been published: take it down instead. It is kept with its history.",
            "was_published",
        )
    if page.children.exists():
        raise TownhallError(
            "Other pages sit under this one: move them elsewhere first.", "has_children"
        )
    title, slug, site = page.latest.title, page.slug, page.site
    revisions = page.revisions.count()
    Page.objects.filter(pk=page.pk).update(latest_revision=None)
    page.tags.clear()
    page.revisions.all().delete()
    page.delete()
    public_content_changed(site)
    log_activity(
        actor=actor,
        action="townhall.page.deleted",
        summary=f"The draft “{title}” was deleted, never published",
        site=site.pilot_site,
        data={"slug": slug, "revisions": revisions},
    )
    return title


class _Unchanged(Enum):
    """A parent argument left out: keep the page where it sits (None moves it to the top)."""

    UNCHANGED = auto()


UNCHANGED = _Unchanged.UNCHANGED


def _check_parent(page: Page, parent: Page | None) -> None:
    """A page sits under another page of its own site, and never under itself or its own children."""
    ancestor = parent
    while ancestor is not None:
        if ancestor.site_id != page.site_id or ancestor.pk == page.pk:
            raise TownhallError(
                "A page cannot sit under itself or one of its own pages.",
                "bad_parent",
                field="parent",
            )
        ancestor = ancestor.parent
    return None


@transaction.atomic
def schedule(
    *,
    actor: User,
    page: Page,
    go_live_at: dt.datetime | None,
    expires_at: dt.datetime | None,
    review_on: dt.date | None,
    in_menu: bool,
    parent: Page | Literal[_Unchanged.UNCHANGED] | None = UNCHANGED,
) -> Page:
    """When the page goes live and expires (honoured on the next request), when to review it,
    and where it sits in the site's tree (`parent`; None for the top level)."""
    page = (
        Page.objects.select_for_update(of=("self",))
        .select_related("site__pilot_site")
        .get(pk=page.pk)
    )
    _check_page_editor(actor, page)
    if go_live_at and expires_at and expires_at <= go_live_at:
        raise TownhallError(
            "A page must expire after it goes live.", "expires_before_live", field="expires_at"
        )
    if parent is not UNCHANGED:
        _check_parent(page, parent)
        page.parent = parent
        page.save(update_fields=["parent"])
    page.go_live_at, page.expires_at, page.review_on, page.in_menu = (
        go_live_at,
        expires_at,
        review_on,
        in_menu,
    )
    page.save(update_fields=["go_live_at", "expires_at", "review_on", "in_menu"])
    public_content_changed(page.site)
    return page


def parse_tags(text: str) -> list[str]:
    """Tags as typed, separated by commas: trimmed, at most 50 characters, no repeats, up to ten."""
    names: dict[str, str] = {}
    for name in text.split(","):
        name = " ".join(name.split())[:50]
        if slugify(name):
            names.setdefault(slugify(name), name)
    return list(names.values())[:10]


def tags_named(site: TownhallSite, names: list[str]) -> list[Tag]:
    """The site's tags with these names, made on first use; a name with no letters is skipped.

    Pages and feed items share them, matched by slug, so "Parks" and "parks" are one tag.
    """
    tags = []
    for name in names:
        slug = slugify(name)[:60]
        if slug:
            tag, _ = Tag.objects.get_or_create(site=site, slug=slug, defaults={"name": name[:50]})
            tags.append(tag)
    return tags


@transaction.atomic
def set_page_tags(*, actor: User, page: Page, names: list[str]) -> list[Tag]:
    _check_page_editor(actor, page)
    tags = tags_named(page.site, names)
    page.tags.set(tags)
    public_content_changed(page.site)
    return tags
