"""A resident applies, is moved through to approved, completes onboarding, and can then moderate."""

from django.contrib.contenttypes.models import ContentType
from django.core import mail
from playwright.sync_api import expect

from ambassadors import services
from ambassadors.demo import ensure_menus
from ambassadors.models import Application, Task
from programme.models import Reply, Role
from programme.services import moderation
from programme.services import updates as update_services
from tests.matching import found
from tests.outcomes import made

from ..ambassadors.conftest import apply_to, approved_only
from .conftest import assert_accessible, person_with_role
from .pace import PHONE, type_in


def test_from_application_to_moderating_a_reported_reply(page, live_server, live_site, sign_in):
    ensure_menus()
    coordinator = person_with_role(Role.COORDINATOR, full_name="Clara Ward")
    resident = person_with_role(None, full_name="Nadia Khan")
    writer = person_with_role(None, full_name="Rude Writer")
    update = update_services.write_update(
        actor=coordinator, title="News", body="Text", publish=True
    )
    reply = update_services.reply_to_update(
        author=writer, update=update, body="Something rude", capacity="resident"
    )
    moderation.report_content(reporter=coordinator, target=reply, reason="Rude")

    sign_in(resident)
    page.goto(f"{live_server.url}/ambassadors/apply/")
    # Signed in, the applicant applies as themselves: their name and address are shown.
    expect(page.get_by_role("heading", name="You are applying as")).to_be_visible()
    expect(page.get_by_role("definition").filter(has_text=resident.email)).to_be_visible()
    expect(page.get_by_label("Your name")).to_have_count(0)
    expect(page.get_by_label("Email address")).to_have_count(0)
    page.get_by_label("Your council").select_option(
        index=1
    )  # the applicant chooses; none is preset
    page.get_by_label("Your neighbourhood").fill("Lindley")
    page.get_by_label("Why you want to take part").fill("I run the residents' newsletter.")
    page.get_by_label("Spreading the word").check()
    page.get_by_label("Moderating").check()
    page.get_by_label("I agree to the privacy notice").check()
    page.get_by_role("button", name="Send my application").click()
    expect(page.get_by_role("heading", name="Thank you for applying")).to_be_visible()
    application = Application.objects.get()
    assert (application.full_name, application.email) == ("Nadia Khan", resident.email)
    assert application.person == resident
    page.get_by_role("button", name="Sign out").click()

    sign_in(coordinator)
    page.goto(f"{live_server.url}/ambassadors/")
    assert_accessible(page)
    page.get_by_role("link", name="Nadia Khan").click()
    for stage in ("Screening", "Conversation", "References"):
        page.get_by_label("Move to").select_option(label=stage)
        page.get_by_role("button", name="Move").click()
        expect(page.get_by_text("Moved.")).to_be_visible()
    for ref in services.request_references(
        actor=coordinator,
        application=application,
        referees=[("Ann", "ann@example.org"), ("Bob", "bob@example.org")],
    ):
        page.goto(f"{live_server.url}/ambassadors/references/{ref.token}/")
        page.get_by_label("How long, and how").fill("Five years")
        page.get_by_label("Would they make a good").fill("Yes: kind and reliable.")
        page.get_by_role("button", name="Send the reference").click()
        expect(page.get_by_role("heading", name="Thank you for your reference")).to_be_visible()
    page.goto(f"{live_server.url}{application.get_absolute_url()}")
    page.get_by_label("Move to").select_option(label="Approved")
    page.get_by_role("button", name="Move").click()
    expect(page.get_by_text("Onboarding", exact=False).first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()

    sign_in(resident)
    page.goto(f"{live_server.url}/ambassadors/me/")
    while page.get_by_role("button", name="Mark done").count():
        page.get_by_role("button", name="Mark done").first.click()
    expect(page.get_by_text("100%")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()

    sign_in(coordinator)
    page.goto(f"{live_server.url}{application.get_absolute_url()}")
    page.get_by_label("Move to").select_option(label="Active")
    page.get_by_role("button", name="Move").click()
    expect(page.get_by_text("Moved.")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    sign_in(resident)
    page.goto(f"{live_server.url}/programme/moderation/")
    expect(page.get_by_text("Reason: Rude")).to_be_visible()
    page.get_by_role("link", name="Hide it").click()
    page.get_by_label("Reason for hiding").fill("A personal attack")
    page.get_by_role("button", name="Hide this").click()
    expect(page.get_by_text("Hidden by a moderator")).to_be_visible()
    reply.refresh_from_db()
    assert reply.is_hidden
    assert reply.hidden_by_id == resident.pk
    assert ContentType.objects.get_for_model(Reply)


def test_every_ambassador_page_has_no_axe_violations(page, live_server, live_site, sign_in):
    ensure_menus()
    coordinator = person_with_role(Role.COORDINATOR)
    application = made(
        services.apply(
            site=live_site,
            full_name="Ann Applicant",
            email="ann@example.org",
            neighbourhood="X",
            motivation="Y",
            tasks=list(Task.objects.all()[:1]),
            consent=True,
        )
    )
    reference = services.request_references(
        actor=coordinator, application=application, referees=[("Ref", "r@example.org")]
    )[0]
    for path in [
        "/ambassadors/apply/",
        f"/ambassadors/status/{application.token}/",
        f"/ambassadors/references/{reference.token}/",
    ]:
        page.goto(f"{live_server.url}{path}")
        assert_accessible(page)
    sign_in(coordinator)
    for path in [
        "/ambassadors/",
        "/ambassadors/table/",
        "/ambassadors/funnel/",
        application.get_absolute_url(),
        "/ambassadors/me/",
    ]:
        page.goto(f"{live_server.url}{path}")
        assert_accessible(page)


def test_an_approved_applicant_creates_an_account_from_the_welcome_link_and_comes_back(
    page, live_server, live_site
):
    """The welcome email says "create an account ... then come back to this link": the
    account is created, confirmed and signed in to, a key at a time, and the person lands
    on the welcome page again, not on the programme's home."""
    ensure_menus()
    coordinator = person_with_role(Role.COORDINATOR)
    application = apply_to(live_site, full_name="Nadia Khan", email="nadia@example.org")
    approved_only(coordinator, application)
    welcome = found(r"https?://\S+(/ambassadors/welcome/\S+/)", mail.outbox[-1].body, 1)
    page.set_viewport_size(PHONE)

    page.goto(f"{live_server.url}{welcome}")
    expect(page.get_by_role("heading", name="Take up your place as an ambassador")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("main").get_by_role("link", name="Create an account").click()
    type_in(page.get_by_label("Full name"), "Nadia Khan")
    type_in(page.get_by_label("Email address"), "nadia@example.org")
    type_in(page.get_by_role("textbox", name="Password", exact=True), "a long new passphrase")
    type_in(page.get_by_label("Password again"), "a long new passphrase")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    assert_accessible(page)

    confirm = found(r"https?://\S+?(/accounts/confirm/\S+)", mail.outbox[-1].body, 1)
    page.goto(f"{live_server.url}{confirm}")
    page.get_by_role("button", name="Confirm my email address").click()
    expect(page.get_by_text("nadia@example.org is confirmed")).to_be_visible()
    assert_accessible(page)
    type_in(page.get_by_label("Email address"), "nadia@example.org")
    type_in(page.get_by_label("Password"), "a long new passphrase")
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_url(f"{live_server.url}{welcome}")
    page.get_by_role("button", name="Accept my place").click()
    expect(page.get_by_text("Your onboarding checklist is below")).to_be_visible()
    person = Application.objects.get().person
    assert person is not None
    assert person.email == "nadia@example.org"
