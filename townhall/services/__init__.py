"""Every write in townhall/: pages, their revisions, blocks, images and publishing
(pages.py), editors (editors.py), feeds brought in and their items (aggregation.py),
discussions (discussions.py), and telling the page cache (cache.py). Each runs in a
transaction and logs who acted."""

from .aggregation import approve_item
from .cache import public_content_changed
from .editors import accept_editor_invitation, invite_editor, withdraw_editor
from .errors import TownhallError
from .pages import (
    RESERVED_SLUGS,
    add_block,
    create_page,
    delete_draft,
    forget_unsaved_images,
    keep_image,
    move_block,
    parse_tags,
    publish,
    remove_block,
    replace_block,
    save_details,
    save_page,
    save_revision,
    schedule,
    search_text,
    set_logo,
    set_page_tags,
    tags_named,
    unpublish,
    upload_image,
)
from .sites import add_site, default_name

__all__ = [
    "RESERVED_SLUGS",
    "TownhallError",
    "accept_editor_invitation",
    "add_block",
    "add_site",
    "approve_item",
    "create_page",
    "default_name",
    "delete_draft",
    "forget_unsaved_images",
    "invite_editor",
    "keep_image",
    "move_block",
    "parse_tags",
    "public_content_changed",
    "publish",
    "remove_block",
    "replace_block",
    "save_details",
    "save_page",
    "save_revision",
    "schedule",
    "search_text",
    "set_logo",
    "set_page_tags",
    "tags_named",
    "unpublish",
    "upload_image",
    "withdraw_editor",
]
