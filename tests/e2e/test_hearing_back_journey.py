"""A resident hears back (#26): they follow a consultation and comment on it, at a person's
pace; the owners answer and publish a new version; the emails arrive, say why they came and
how to stop, and their links lead to the answer in place and to the comment carried into
the current version."""

from __future__ import annotations

import email
import re
from email import policy

from django.core import mail
from playwright.sync_api import expect

from policy_drafts import services as drafts
from policy_drafts.models import Comment
from programme.models import BuildStage, PilotSite, Role
from tests.policy_drafts.conftest import SECTIONS, working

from .conftest import assert_accessible, person_with_role
from .pace import type_in


def _link_in(message, path_part: str) -> str:
    text = email.message_from_bytes(message.message().as_bytes(), policy=policy.default)
    plain = text.get_body(("plain",))
    assert plain is not None, "the email has no plain text part"
    body = plain.get_content()
    found = re.search(rf"https?://\S*{re.escape(path_part)}\S*", body)
    assert found, body
    return found.group(0)


def test_a_resident_follows_comments_and_hears_the_answer_and_the_new_version(
    page, live_server, live_site, sign_in, width, settings
):
    settings.PUBLIC_BASE_URL = live_server.url
    PilotSite.objects.filter(pk=live_site.pk).update(build_stage=BuildStage.LIVE)
    owner = person_with_role(Role.COORDINATOR, full_name="Clara Ward")
    resident = person_with_role(None, full_name="Rosa Green")
    draft = drafts.create_draft(
        actor=owner, title="Kirklees social web policy", sections=SECTIONS, site=live_site
    )
    drafts.publish_version(actor=owner, draft=draft, change_note="")
    drafts.set_status(actor=owner, draft=draft, status="open")

    sign_in(resident)
    page.goto(f"{live_server.url}{draft.get_absolute_url()}")
    page.get_by_role("button", name="Follow this consultation").click()
    expect(page.get_by_text("You follow this consultation")).to_be_visible()
    assert_accessible(page)
    section = page.get_by_role("region", name="Speaking in a capacity")
    section.get_by_text("Comment on “Speaking in a capacity”").click()
    section.get_by_label("Support", exact=True).check()
    type_in(section.get_by_label("Your comment"), "Plain words, please.")
    section.get_by_role("button", name="Post comment").click()  # the cursor still in the text
    expect(page.get_by_text("Your comment is posted.")).to_be_visible()

    # The owners answer, then publish a new version.
    comment = Comment.objects.get(author=resident)
    mail.outbox.clear()
    drafts.respond(actor=owner, comment=comment, body="Agreed: we rewrote it plainly.")
    draft.refresh_from_db()
    sections = working(draft)
    sections[1]["body"] += " In plain words."
    drafts.save_working_copy(
        actor=owner, draft=draft, revision=draft.working_revision, sections=sections
    )
    drafts.publish_version(actor=owner, draft=draft, change_note="Plainer words throughout")

    to_them = [m for m in mail.outbox if m.to == [resident.email]]
    assert [m.subject for m in to_them] == [
        "The owners of Kirklees social web policy answered your comment",
        "Version 2 of Kirklees social web policy is published",
    ]
    assert "List-Unsubscribe" in to_them[1].extra_headers

    # The answer's link: the comment in place, with the owners' answer under it.
    page.goto(_link_in(to_them[0], "/policies/comments/"))
    expect(page.get_by_text("Agreed: we rewrote it plainly.")).to_be_visible()
    assert_accessible(page)

    # The new version's link: the current version, their comment carried into it.
    page.goto(_link_in(to_them[1], "/v2/"))
    expect(page.get_by_role("heading", level=1, name="Kirklees social web policy")).to_be_visible()
    carried = page.get_by_role("region", name="Speaking in a capacity")
    expect(carried.get_by_text("1 comment and 1 answer on earlier versions")).to_be_visible()
    expect(carried.get_by_text("Plain words, please.")).to_be_visible()
    expect(carried.get_by_text("The owners answered")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert_accessible(page)
