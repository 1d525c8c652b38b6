import pytest

from programme.models import StrandMember, StrandRole
from programme.services import NotAllowed, ProgrammeError, strands


@pytest.fixture
def social(coordinator):
    return strands.add_strand(actor=coordinator, name="Social", slug="social")


def test_a_new_lead_replaces_the_current_one(coordinator, site_lead, officer, social):
    strands.assign_strand_role(
        actor=coordinator, strand=social, user=site_lead, role=StrandRole.LEAD
    )
    strands.assign_strand_role(actor=coordinator, strand=social, user=officer, role=StrandRole.LEAD)

    leads = StrandMember.objects.current().filter(strand=social, role=StrandRole.LEAD)
    assert [m.user for m in leads] == [officer]
    assert (
        StrandMember.objects.filter(strand=social).count() == 2
    )  # the old lead stays in the history


def test_a_site_contact_needs_a_site(coordinator, officer, social):
    with pytest.raises(ProgrammeError) as error:
        strands.assign_strand_role(
            actor=coordinator, strand=social, user=officer, role=StrandRole.SITE_CONTACT
        )
    assert error.value.code == "role_needs_site"


def test_critical_friends_take_a_strand_role(coordinator, critical_friend, social):
    member = strands.assign_strand_role(
        actor=coordinator, strand=social, user=critical_friend, role=StrandRole.CRITICAL_FRIEND
    )
    assert member.get_role_display() == "Critical friend"


def test_only_coordinators_manage_strands(site_lead, social):
    with pytest.raises(NotAllowed):
        strands.add_strand(actor=site_lead, name="Tech", slug="tech")
    with pytest.raises(NotAllowed):
        strands.assign_strand_role(
            actor=site_lead, strand=social, user=site_lead, role=StrandRole.MEMBER
        )


def test_ending_a_strand_role_keeps_it_on_record(coordinator, officer, social):
    member = strands.assign_strand_role(
        actor=coordinator, strand=social, user=officer, role=StrandRole.MEMBER
    )
    strands.end_strand_role(actor=coordinator, member=member)
    assert not StrandMember.objects.current().exists()
    assert StrandMember.objects.count() == 1


def test_the_strands_page_lists_current_members(client_as, coordinator, critical_friend, social):
    from django.urls import reverse

    strands.assign_strand_role(
        actor=coordinator, strand=social, user=critical_friend, role=StrandRole.CRITICAL_FRIEND
    )
    page = client_as(critical_friend).get(reverse("programme:strands")).content.decode()
    assert "Felix Hart — Critical friend" in page


def test_the_strands_page_is_not_for_residents(client_as, resident):
    from django.urls import reverse

    assert client_as(resident).get(reverse("programme:strands")).status_code == 403
