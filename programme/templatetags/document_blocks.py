"""`{% render_document_block block %}`: a document's block (programme/platform/documents.py) shown by
its own template, so that no template branches on a block's kind."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from programme.platform.documents import DocumentBlock

register = template.Library()


@register.simple_tag
def render_document_block(block: Any) -> SafeString:
    return block.render() if isinstance(block, DocumentBlock) else SafeString("")
