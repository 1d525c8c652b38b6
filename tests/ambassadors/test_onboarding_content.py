"""Onboarding with content (#25): each item's text and link, set by a coordinator, read by the
ambassador beside the tick box; hostile links refused; the demo fills them; and who is
offered "Become an ambassador"."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from ambassadors import services
from ambassadors.demo import ONBOARDING, ensure_menus
from ambassadors.models import OnboardingItem, OnboardingKind, OnboardingStep
from ambassadors.models.onboarding import LINK_REFUSED
from policy_drafts.models import Section
from programme.models import ActivityLog, User
from programme.navigation import items_for
from programme.services import NotAllowed
from tests.factories import UserFactory

from .conftest import apply_to, approved

HOSTILE_LINKS = [
    "javascript:alert(document.cookie)",
    "JavaScript:alert(1)",
    "  javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "\x01javascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "//evil.example/agreement",
    "/\\evil.example/agreement",
    "ftp://files.example/agreement.pdf",
    "https://exa mple.org/",
    "https://",
    "http://[::1",
    "agreement.html",
]
# Control characters never reach a form (the middleware strips them at the edge): only a
# direct call to the service could carry them.
HOSTILE_FOR_THE_SERVICE = [*HOSTILE_LINKS, "https://example.org/\x00", "\x00javascript:alert(1)"]


def _reread(user: User) -> User:
    """The person as a new request sees them (nothing kept on the object from before)."""
    return User.objects.get(pk=user.pk)


def _labels(user: User) -> list[str]:
    return [entry.label for entry in items_for(_reread(user))]


def _change_url(item: OnboardingItem) -> str:
    return reverse("admin:ambassadors_onboardingitem_change", args=[item.pk])


def _admin_data(item: OnboardingItem, **changes: object) -> dict[str, object]:
    data = {
        "kind": item.kind,
        "label": item.label,
        "text": item.text,
        "link": item.link,
        "link_label": item.link_label,
        "position": item.position,
        "expires_after_months": item.expires_after_months or "",
    }
    return data | changes


@pytest.fixture
def onboarding_applicant(coordinator, application):
    """Approved, place taken up: onboarding, with no ambassador role yet."""
    return approved(coordinator, application)


def test_the_checklist_shows_each_items_text_and_link_beside_its_tick_box(
    client_as, coordinator, onboarding_applicant
):
    induction = OnboardingItem.objects.get(kind=OnboardingKind.INDUCTION)
    induction.text = "Two hours with your coordinator. **Bring a laptop** if you have one."
    induction.link, induction.link_label = "/workshops/essex-induction/", "Book the induction"
    services.save_onboarding_item(actor=coordinator, item=induction)

    page = client_as(onboarding_applicant.person).get(reverse("ambassadors:onboarding"))

    html = page.content.decode()
    assert "<strong>Bring a laptop</strong>" in html
    assert '<a href="/workshops/essex-induction/">Book the induction</a>' in html
    step = onboarding_applicant.onboarding.get(item=induction)
    assert f'aria-describedby="step-text-{step.pk}"' in html
    for item in OnboardingItem.objects.exclude(pk=induction.pk):
        assert f'href="{escape(item.link)}">{escape(item.link_label)}</a>' in html
    # The recruiter sees the same checklist on the application.
    detail = client_as(coordinator).get(onboarding_applicant.get_absolute_url()).content.decode()
    assert '<a href="/workshops/essex-induction/">Book the induction</a>' in detail


def test_a_link_in_the_text_cannot_run_script(client_as, coordinator, onboarding_applicant):
    item = OnboardingItem.objects.get(kind=OnboardingKind.READ_POLICY)
    item.text = "[Click me](javascript:alert(1)) <script>alert(2)</script>"
    services.save_onboarding_item(actor=coordinator, item=item)

    html = client_as(onboarding_applicant.person).get(reverse("ambassadors:onboarding"))
    assert "javascript:" not in html.content.decode()
    assert "<script>alert(2)" not in html.content.decode()


def test_a_coordinator_sets_an_items_text_and_link_in_the_back_office(
    client_as, coordinator, menus
):
    item = OnboardingItem.objects.get(kind=OnboardingKind.AGREEMENT)
    response = client_as(coordinator).post(
        _change_url(item),
        _admin_data(
            item,
            text="Promise to be fair and kind.",
            link="https://example.org/agreement",
            link_label="Read the ambassador agreement",
        ),
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    assert response["Location"] == reverse("admin:ambassadors_onboardingitem_changelist")
    item.refresh_from_db()
    assert (item.text, item.link, item.link_label) == (
        "Promise to be fair and kind.",
        "https://example.org/agreement",
        "Read the ambassador agreement",
    )
    assert "<p>Promise to be fair and kind.</p>" in item.text_html
    assert ActivityLog.objects.filter(
        action="ambassadors.onboarding_item.changed", actor=coordinator
    ).exists()


@pytest.mark.parametrize("hostile", HOSTILE_LINKS)
def test_a_hostile_link_is_refused_next_to_the_field_and_changes_nothing(
    client_as, coordinator, menus, hostile
):
    item = OnboardingItem.objects.get(kind=OnboardingKind.AGREEMENT)
    before = (item.text, item.link, item.link_label, item.label)
    logged = ActivityLog.objects.count()

    response = client_as(coordinator).post(
        _change_url(item),
        _admin_data(item, text="Changed", link=hostile, link_label="Read the agreement"),
    )

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["link"] == [LINK_REFUSED]
    assert LINK_REFUSED in response.content.decode()
    item.refresh_from_db()
    assert (item.text, item.link, item.link_label, item.label) == before
    assert ActivityLog.objects.count() == logged


@pytest.mark.parametrize("hostile", HOSTILE_FOR_THE_SERVICE)
def test_the_service_refuses_a_hostile_link_however_it_is_called(coordinator, menus, hostile):
    item = OnboardingItem.objects.get(kind=OnboardingKind.INDUCTION)
    before = item.link
    item.link, item.link_label = hostile, "Book"

    with pytest.raises(services.AmbassadorError) as refused:
        services.save_onboarding_item(actor=coordinator, item=item)

    assert (refused.value.field, refused.value.message) == ("link", LINK_REFUSED)
    item.refresh_from_db()
    assert item.link == before


@pytest.mark.parametrize(
    "link",
    ["/workshops/?kind=ambassador_induction", "https://example.org/a?b=c#d", "http://example.org"],
)
def test_site_addresses_and_web_addresses_are_accepted(coordinator, menus, link):
    item = OnboardingItem.objects.get(kind=OnboardingKind.INDUCTION)
    item.link = link
    services.save_onboarding_item(actor=coordinator, item=item)
    item.refresh_from_db()
    assert item.link == link


def test_a_link_needs_its_wording_and_wording_needs_its_link(client_as, coordinator, menus):
    item = OnboardingItem.objects.get(kind=OnboardingKind.INDUCTION)
    client = client_as(coordinator)

    no_wording = client.post(_change_url(item), _admin_data(item, link_label=""))
    no_link = client.post(_change_url(item), _admin_data(item, link=""))

    assert (
        "Say what the link is for" in no_wording.context["adminform"].form.errors["link_label"][0]
    )
    assert "Give the address" in no_link.context["adminform"].form.errors["link"][0]


def test_text_longer_than_the_limit_is_refused_in_plain_words(client_as, coordinator, menus):
    item = OnboardingItem.objects.get(kind=OnboardingKind.INDUCTION)
    response = client_as(coordinator).post(_change_url(item), _admin_data(item, text="x" * 1001))
    [error] = response.context["adminform"].form.errors["text"]
    assert error.startswith("Keep the text to 1000 characters or fewer (it has 1001)")


def test_only_coordinators_change_the_checklist(site_lead, ambassador, menus):
    item = OnboardingItem.objects.get(kind=OnboardingKind.INDUCTION)
    item.text = "Changed"
    for person in (site_lead, ambassador):
        with pytest.raises(NotAllowed):
            services.save_onboarding_item(actor=person, item=item)
    item.refresh_from_db()
    assert item.text != "Changed"


def test_the_demo_gives_every_item_text_and_a_link_and_changes_nothing_the_second_time(db):
    ensure_menus()
    items = list(OnboardingItem.objects.values("kind", "label", "text", "link", "link_label"))
    assert len(items) == len(ONBOARDING)
    for item in items:
        assert item["text"], item
        assert item["link"], item
        assert item["link_label"], item
        assert "civic persona" not in (item["label"] + item["text"]).lower()

    ensure_menus()

    assert list(OnboardingItem.objects.values("kind", "label", "text", "link", "link_label")) == (
        items
    )


def test_the_demo_keeps_a_coordinators_own_words(coordinator, menus):
    item = OnboardingItem.objects.get(kind=OnboardingKind.FIRST_POST)
    item.text, item.link, item.link_label = "Our own words.", "/sites/essex/", "Essex"
    services.save_onboarding_item(actor=coordinator, item=item)

    ensure_menus()

    item.refresh_from_db()
    assert (item.text, item.link, item.link_label) == ("Our own words.", "/sites/essex/", "Essex")


def test_seed_demo_links_the_items_to_the_policy_and_the_induction(db, settings):
    settings.DEBUG = True
    call_command("seed_demo")

    links = dict(OnboardingItem.objects.values_list("kind", "link"))
    policy = reverse("policy_drafts:detail", args=["social-web-policy"])
    assert links[OnboardingKind.READ_POLICY] == policy
    moderation = Section.objects.filter(
        version__draft__slug="social-web-policy", heading="Moderation"
    ).latest("version__number")
    assert links[OnboardingKind.MODERATION_TRAINING] == f"{policy}#s-{moderation.key}"
    assert links[OnboardingKind.AGREEMENT].startswith(policy)
    # The demo's Essex induction is still a draft, which ambassadors cannot open: the link
    # goes to the upcoming induction workshops instead.
    assert links[OnboardingKind.INDUCTION] == (
        f"{reverse('workshops:list')}?kind=ambassador_induction&when=upcoming"
    )
    amir = User.objects.get(email="ambassador@kirklees.demo.example")
    assert OnboardingStep.objects.filter(application__person=amir).count() == len(ONBOARDING)


def test_seed_demo_links_a_published_induction_workshop_itself(db, settings):
    from workshops.models import Workshop, WorkshopStatus

    settings.DEBUG = True
    call_command("seed_demo")
    induction = Workshop.objects.get(title="Essex ambassadors' induction")
    Workshop.objects.filter(pk=induction.pk).update(status=WorkshopStatus.PUBLISHED)
    OnboardingItem.objects.filter(kind=OnboardingKind.INDUCTION).update(link="", link_label="")

    call_command("seed_demo")

    item = OnboardingItem.objects.get(kind=OnboardingKind.INDUCTION)
    assert item.link == reverse("workshops:detail", args=[induction.slug])
    assert item.link_label == "Book the induction workshop"


def test_an_active_ambassadors_menu_does_not_offer_becoming_one(
    client_as, coordinator, onboarding_applicant
):
    onboarding_applicant.onboarding.update(done_at=timezone.now())
    services.complete_onboarding(actor=coordinator, application=onboarding_applicant)
    person = onboarding_applicant.person

    assert "Become an ambassador" not in _labels(person)
    assert "My ambassador page" in _labels(person)
    html = client_as(_reread(person)).get(reverse("ambassadors:onboarding")).content.decode()
    assert "Become an ambassador" not in html


def test_an_applicant_whose_application_is_under_way_is_not_offered_applying_again(
    client_as, onboarding_applicant
):
    person = onboarding_applicant.person

    assert "Become an ambassador" not in _labels(person)
    assert "My ambassador page" in _labels(person)
    html = client_as(_reread(person)).get(reverse("programme:sites")).content.decode()
    assert "Become an ambassador" not in html
    assert reverse("ambassadors:onboarding") in html


def test_a_signed_in_applicant_who_has_just_applied_is_not_offered_applying_again(menus, site):
    person = UserFactory.create(email="new.applicant@example.org")
    apply_to(site, person=person)
    assert "Become an ambassador" not in _labels(person)


def test_someone_whose_application_closed_may_apply_again(coordinator, menus, site):
    person = UserFactory.create(email="withdrew@example.org")
    services.withdraw(application=apply_to(site, person=person), reason="Too busy")
    assert "Become an ambassador" in _labels(person)


def test_a_resident_is_offered_becoming_an_ambassador(client_as, resident, menus):
    assert "Become an ambassador" in _labels(resident)
    html = client_as(resident).get(reverse("ambassadors:onboarding")).content.decode()
    assert "You have no ambassador application." in html
    assert f'href="{reverse("ambassadors:apply")}">Become an ambassador</a>' in html


def test_an_ambassador_without_an_application_on_record_is_not_offered_applying(
    client_as, ambassador, menus
):
    html = client_as(ambassador).get(reverse("ambassadors:onboarding")).content.decode()
    assert "Become an ambassador" not in html
    assert "no onboarding checklist to show" in html


def test_the_checklist_runs_the_same_queries_with_six_items_or_forty(
    client_as, coordinator, onboarding_applicant, assert_bounded_queries
):
    application = onboarding_applicant

    def grow():
        items = OnboardingItem.objects.bulk_create(
            OnboardingItem(
                kind=OnboardingKind.OTHER,
                label=f"Extra step {n}",
                position=10 + n,
                text=f"What to do for step {n}, with *emphasis*.",
                link=f"/workshops/?n={n}",
                link_label=f"Open step {n}",
            )
            for n in range(34)
        )
        OnboardingStep.objects.bulk_create(
            OnboardingStep(application=application, item=item) for item in items
        )

    client_as(application.person)
    assert_bounded_queries(reverse("ambassadors:onboarding"), grow)
    assert application.onboarding.count() == 40


def test_the_application_page_runs_the_same_queries_with_six_items_or_forty(
    client_as, coordinator, onboarding_applicant, assert_bounded_queries
):
    application = onboarding_applicant

    def grow():
        items = OnboardingItem.objects.bulk_create(
            OnboardingItem(
                kind=OnboardingKind.OTHER,
                label=f"Extra step {n}",
                position=10 + n,
                text=f"Step {n}.",
                link="https://example.org/",
                link_label="Read",
            )
            for n in range(34)
        )
        OnboardingStep.objects.bulk_create(
            OnboardingStep(application=application, item=item) for item in items
        )

    client_as(coordinator)
    assert_bounded_queries(application.get_absolute_url(), grow)
