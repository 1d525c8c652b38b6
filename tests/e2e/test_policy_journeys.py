"""Commenting on a passage in a capacity, accepting the suggestion, publishing v2, and axe on policy pages."""

import re

from django.contrib.contenttypes.models import ContentType
from playwright.sync_api import expect

from policy_drafts import services
from policy_drafts.models import Comment
from programme.models import Role
from tests.factories import PASSWORD

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


def _ask(coordinator, draft):
    """The coordinator's question on "Speaking in a capacity", for others to reply to."""
    return services.add_comment(
        author=coordinator,
        section=draft.versions.get().sections.get(heading="Speaking in a capacity"),
        capacity="coordinator",
        stance="question",
        body="Should members speak as residents too?",
    )


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
    page.get_by_role("link", name="Respond as an owner to Owen Bright").click()
    page.get_by_label("Your response").fill("Changed in the next version.")
    assert_accessible(page)
    page.get_by_role("button", name="Post response").click()
    expect(page.get_by_text("Changed in the next version.")).to_be_visible()
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
    # Carried forward, openly (#26): the count, the owners' answer, the comment's words and
    # a link to it where it was made.
    earlier = page.get_by_role("region", name="Speaking in a capacity")
    expect(
        earlier.get_by_role("heading", name="1 comment and 1 answer on earlier versions")
    ).to_be_visible()
    expect(
        earlier.get_by_text("No comments on this version yet — 1 on earlier versions")
    ).to_be_visible()
    expect(earlier.get_by_text("Say it more plainly.")).to_be_visible()
    expect(earlier.get_by_text("The owners answered")).to_be_visible()
    assert_accessible(page)
    earlier.get_by_role("link", name="On version 1").click()
    expect(page.get_by_role("article", name="Comment by Owen Bright")).to_contain_text(
        "Changed in the next version."
    )


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


def _select_between(page, first, last):
    """Select from the start of `first` to the end of `last`, as a drag or a touch would
    (no mouse events: the page listens for selectionchange)."""
    page.evaluate(
        """([first, last]) => {
            const at = (needle) => {
                for (const body of document.querySelectorAll('.policy-section-body')) {
                    const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
                    while (walker.nextNode()) {
                        const i = walker.currentNode.textContent.indexOf(needle);
                        if (i >= 0) return [walker.currentNode, i];
                    }
                }
                throw new Error('text not found: ' + needle);
            };
            const [startNode, start] = at(first), [endNode, end] = at(last);
            const range = document.createRange();
            range.setStart(startNode, start); range.setEnd(endNode, end + last.length);
            const selection = window.getSelection();
            selection.removeAllRanges(); selection.addRange(range);
        }""",
        [first, last],
    )


def _highlighted(page):
    return page.evaluate(
        "() => [...(CSS.highlights.get('chosen-passage') || [])].map(r => r.toString()).join('|')"
    )


def test_a_passage_snaps_to_words_stays_in_its_section_and_can_be_chosen_by_keyboard(
    page, live_server, live_site, sign_in
):
    coordinator = person_with_role(Role.COORDINATOR, full_name="Clara Ward")
    resident = person_with_role(None, full_name="Rosa Green")
    draft = services.create_draft(
        actor=coordinator,
        title="Social web policy",
        sections=[
            ("Moderation", "Moderators **hide** content that breaks the rules. They say why."),
            SECTIONS[1],
        ],
    )
    services.publish_version(actor=coordinator, draft=draft, change_note="")
    services.set_status(actor=coordinator, draft=draft, status="open")
    sign_in(resident)
    page.goto(f"{live_server.url}{draft.get_absolute_url()}")
    moderation = page.get_by_role("region", name="Moderation")
    capacity = page.get_by_role("region", name="Speaking in a capacity")

    # Half words at both ends become whole words; the bold mark is no obstacle.
    _select_between(page, "erators", "that bre")
    passage = moderation.get_by_label("The passage you mean")
    expect(passage).to_have_value("Moderators hide content that breaks")
    assert _highlighted(page) == "Moderators hide content that breaks"

    # Dragging on into the next section keeps the passage inside the first one.
    _select_between(page, "say why", "When you comm")
    expect(passage).to_have_value("say why.")
    expect(capacity.get_by_label("The passage you mean")).to_have_count(0)  # never asked for

    # The keyboard: a sentence from the list fills the passage and marks it in the text.
    capacity.get_by_role("link", name="Comment on “Speaking in a capacity”").focus()
    page.keyboard.press("Enter")  # fetch the comment form into place, and move to it
    expect(capacity.get_by_role("heading", name="Your comment on")).to_be_focused()
    sentences = capacity.get_by_label("A sentence you mean")
    sentences.focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(capacity.get_by_label("The passage you mean")).to_have_value(
        "Officers may speak as residents."
    )
    assert _highlighted(page) == "Officers may speak as residents."
    capacity.get_by_label("Question").check()
    capacity.get_by_label("Your comment").fill("Can members too?")
    capacity.get_by_role("button", name="Post comment").click()
    expect(page.get_by_text("Your comment is posted.")).to_be_visible()
    assert Comment.objects.get().quote == "Officers may speak as residents."
    assert_accessible(page)


def test_a_reply_form_comes_into_place_by_keyboard(page, live_server, live_site, sign_in):
    coordinator = person_with_role(Role.COORDINATOR, full_name="Clara Ward")
    resident = person_with_role(None, full_name="Rosa Green")
    draft = _open_draft(coordinator)
    question = _ask(coordinator, draft)
    sign_in(resident)
    page.goto(f"{live_server.url}{draft.get_absolute_url()}")
    expect(page.locator("textarea")).to_have_count(0)  # no form until one is asked for
    page.get_by_role("link", name="Reply to Clara Ward").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Your reply to Clara Ward")).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.type("Yes, when they say so.")
    assert_accessible(page)
    page.get_by_role("button", name="Post reply").click()
    expect(page.get_by_text("Your reply is posted.")).to_be_visible()
    assert Comment.objects.get(parent=question).body == "Yes, when they say so."


def test_commenting_and_replying_work_without_javascript(browser, live_server, live_site):
    coordinator = person_with_role(Role.COORDINATOR, full_name="Clara Ward")
    resident = person_with_role(None, full_name="Rosa Green")
    draft = _open_draft(coordinator)
    context = browser.new_context(java_script_enabled=False, locale="en-GB")
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/sign-in/")
    page.get_by_label("Email address").fill(resident.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}{draft.get_absolute_url()}")
    page.get_by_role("link", name="Comment on “Speaking in a capacity”").click()
    expect(page.get_by_role("heading", name="Comment on “Speaking in a capacity”")).to_be_visible()
    page.get_by_label("A sentence you mean").select_option(label="Officers may speak as residents.")
    page.get_by_label("Question").check()
    page.get_by_role("button", name="Post comment").click()  # no words: it comes back
    expect(page.get_by_text("There is a problem")).to_be_visible()
    page.get_by_label("Your comment").fill("Members too?")
    page.get_by_role("button", name="Post comment").click()
    expect(page.get_by_text("Your comment is posted.")).to_be_visible()
    assert Comment.objects.get().quote == "Officers may speak as residents."
    page.get_by_role("link", name="Reply to Rosa Green").click()
    page.get_by_label("Your reply").fill("Yes.")
    page.get_by_role("button", name="Post reply").click()
    expect(page.get_by_text("Your reply is posted.")).to_be_visible()
    assert Comment.objects.filter(parent__isnull=False).get().body == "Yes."
    context.close()


def test_a_form_that_cannot_be_fetched_opens_its_own_page(page, live_server, live_site, sign_in):
    coordinator = person_with_role(Role.COORDINATOR, full_name="Clara Ward")
    resident = person_with_role(None, full_name="Rosa Green")
    draft = _open_draft(coordinator)
    sign_in(resident)
    page.goto(f"{live_server.url}{draft.get_absolute_url()}")
    page.context.clear_cookies()  # the session ends while the page is open
    page.get_by_role("link", name="Comment on “Speaking in a capacity”").click()
    expect(page).to_have_url(re.compile(r"/accounts/sign-in/\?next="))
    expect(page.get_by_label("Email address")).to_be_visible()
