"""Commenting on a passage in a capacity, accepting the suggestion, publishing v2, and axe on policy pages."""

from django.contrib.contenttypes.models import ContentType
from playwright.sync_api import expect

from policy_drafts import services
from policy_drafts.models import Comment
from programme.models import Role

from .conftest import assert_accessible, person_with_role

SECTIONS = [
    ("Why we have this policy", "The town hall brings the conversation into reach of the council."),
    (
        "Speaking in a capacity",
        "When you comment, you say in what capacity you speak. Officers may speak as residents.",
    ),
]


def _open_draft(coordinator):
    draft = services.create_draft(actor=coordinator, title="Social web policy", sections=SECTIONS)
    services.publish_version(actor=coordinator, draft=draft, change_note="")
    services.set_status(actor=coordinator, draft=draft, status="open")
    return draft


def _select(page, text):
    """Select `text` inside the page as a person would with the mouse, then release it."""
    page.evaluate(
        """(needle) => {
            const walker = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
            while (walker.nextNode()) {
                const node = walker.currentNode, at = node.textContent.indexOf(needle);
                if (at >= 0) {
                    const range = document.createRange();
                    range.setStart(node, at); range.setEnd(node, at + needle.length);
                    const selection = window.getSelection();
                    selection.removeAllRanges(); selection.addRange(range);
                    document.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
                    return;
                }
            }
            throw new Error('text not found: ' + needle);
        }""",
        text,
    )


def test_an_officer_suggests_a_change_as_a_resident_and_it_becomes_version_2(
    page, live_server, live_site, sign_in
):
    coordinator = person_with_role(Role.COORDINATOR, full_name="Clara Ward")
    officer = person_with_role(Role.OFFICER, live_site, full_name="Owen Bright")
    draft = _open_draft(coordinator)

    sign_in(officer)
    page.goto(f"{live_server.url}{draft.get_absolute_url()}")
    _select(page, "Officers may speak as residents")
    section = page.get_by_role("region", name="Speaking in a capacity")
    expect(section.get_by_label("The passage you mean")).to_have_value(
        "Officers may speak as residents"
    )
    section.get_by_label("Suggest a change").check()
    section.get_by_label("Your comment").fill("Say it more plainly.")
    section.get_by_label("Suggested replacement text").fill("Officers can speak as residents")
    section.get_by_label("Resident (personal view)").check()
    section.get_by_role("button", name="Post comment").click()
    expect(page.get_by_text("Your comment is posted.")).to_be_visible()
    expect(page.get_by_role("article", name="Comment by Owen Bright")).to_contain_text(
        "Resident (personal view)"
    )
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()

    sign_in(coordinator)
    page.goto(f"{live_server.url}{draft.get_absolute_url()}")
    page.get_by_label("Accept it into the working copy").check()
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_text("Decision recorded")).to_be_visible()
    page.goto(f"{live_server.url}/policies/{draft.slug}/edit/")
    expect(page.get_by_text("Officers can speak as residents.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("What changed").fill("Plainer words about capacity.")
    page.get_by_role("button", name="Publish version 2").click()
    expect(page.get_by_text("Version 2 published.")).to_be_visible()

    page.get_by_role("link", name="What changed since version 1").click()
    expect(page.locator("ins", has_text="can")).to_be_visible()
    expect(page.locator("del", has_text="may")).to_be_visible()
    assert_accessible(page)

    comment = Comment.objects.get()
    assert comment.section.version.number == 1
    page.goto(f"{live_server.url}{draft.get_absolute_url()}")
    expect(page.get_by_text("1 comment on an earlier version")).to_be_visible()


def test_every_policy_page_has_no_axe_violations(page, live_server, live_site, sign_in):
    coordinator = person_with_role(Role.COORDINATOR)
    resident = person_with_role(None)
    draft = _open_draft(coordinator)
    version = draft.versions.get()
    comment = services.add_comment(
        author=resident,
        section=version.sections.first(),
        capacity="resident",
        stance="question",
        body="Why?",
    )
    comment_type = ContentType.objects.get_for_model(Comment).pk

    for path in ["/policies/", draft.get_absolute_url(), version.get_absolute_url()]:
        page.goto(f"{live_server.url}{path}")
        assert_accessible(page)
    sign_in(coordinator)
    for path in [
        "/policies/",
        "/policies/new/",
        draft.get_absolute_url(),
        f"/policies/{draft.slug}/edit/",
        f"/policies/{draft.slug}/compare/1/1/",
        f"/programme/moderation/{comment_type}/{comment.pk}/hide/",
    ]:
        page.goto(f"{live_server.url}{path}")
        assert_accessible(page)
