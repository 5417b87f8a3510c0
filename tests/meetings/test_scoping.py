"""Who sees which meeting: `Meeting.objects.visible_to(user)` for every role."""

import pytest

from agencies.models import Agency, Membership
from meetings.models import ActionItem, Meeting
from operations.models import Operation
from tests.factories import (
    ActionItemFactory,
    AgencyFactory,
    InvitationFactory,
    MeetingFactory,
    MembershipFactory,
    OperationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def units():
    polda = AgencyFactory(kind=Agency.Kind.POLDA, short_name="Polda Sumbar")
    return {
        "polda": polda,
        "polres": AgencyFactory(parent=polda, short_name="Polres Pasaman Barat"),
        "other_polres": AgencyFactory(parent=polda, short_name="Polres Pasaman"),
        "kpu": AgencyFactory(kind=Agency.Kind.KPU, short_name="KPU Pasaman Barat"),
        "bawaslu": AgencyFactory(kind=Agency.Kind.BAWASLU, short_name="Bawaslu Pasaman Barat"),
    }


def member(agency, role):
    return MembershipFactory(agency=agency, role=role).user


@pytest.fixture
def rakor(units):
    meeting = MeetingFactory(host=units["polres"], visibility=Meeting.Visibility.SHARED)
    InvitationFactory(meeting=meeting, agency=units["kpu"])
    return meeting


def test_an_operator_sees_meetings_of_its_unit(units, rakor):
    operator = member(units["polres"], Membership.Role.OPERATOR)

    assert list(Meeting.objects.visible_to(operator)) == [rakor]


def test_an_operator_does_not_see_a_sibling_units_internal_meeting(units):
    MeetingFactory(host=units["other_polres"], visibility=Meeting.Visibility.INTERNAL)
    operator = member(units["polres"], Membership.Role.OPERATOR)

    assert not Meeting.objects.visible_to(operator).exists()


def test_a_commander_sees_the_meetings_of_units_below(units, rakor):
    internal = MeetingFactory(host=units["other_polres"], visibility=Meeting.Visibility.INTERNAL)
    commander = member(units["polda"], Membership.Role.COMMANDER)

    assert set(Meeting.objects.visible_to(commander)) == {rakor, internal}


def test_a_commander_may_not_edit(units, rakor):
    commander = member(units["polda"], Membership.Role.COMMANDER)

    assert not Meeting.objects.editable_by(commander).exists()


def test_an_operator_may_edit_its_units_meetings(units, rakor):
    operator = member(units["polres"], Membership.Role.OPERATOR)

    assert list(Meeting.objects.editable_by(operator)) == [rakor]


def test_an_invited_liaison_sees_the_shared_meeting(units, rakor):
    liaison = member(units["kpu"], Membership.Role.LIAISON)

    assert list(Meeting.objects.visible_to(liaison)) == [rakor]


def test_an_uninvited_liaison_sees_nothing(units, rakor):
    liaison = member(units["bawaslu"], Membership.Role.LIAISON)

    assert not Meeting.objects.visible_to(liaison).exists()


def test_an_invited_liaison_does_not_see_an_internal_meeting(units):
    meeting = MeetingFactory(host=units["polres"], visibility=Meeting.Visibility.INTERNAL)
    InvitationFactory(meeting=meeting, agency=units["kpu"])
    liaison = member(units["kpu"], Membership.Role.LIAISON)

    assert not Meeting.objects.visible_to(liaison).exists()


def test_an_uninvited_liaison_does_not_see_an_open_meeting(units):
    MeetingFactory(host=units["polres"], visibility=Meeting.Visibility.OPEN)
    liaison = member(units["bawaslu"], Membership.Role.LIAISON)

    assert not Meeting.objects.visible_to(liaison).exists()


def test_every_police_unit_sees_an_open_meeting_of_no_operation(units):
    meeting = MeetingFactory(
        host=units["polres"], operation=None, visibility=Meeting.Visibility.OPEN
    )
    operator = member(units["other_polres"], Membership.Role.OPERATOR)

    assert list(Meeting.objects.visible_to(operator)) == [meeting]


def test_a_user_without_a_role_sees_nothing(units, rakor):
    assert not Meeting.objects.visible_to(UserFactory()).exists()


def test_an_admin_sees_everything(units, rakor):
    internal = MeetingFactory(host=units["other_polres"], visibility=Meeting.Visibility.INTERNAL)
    admin = member(units["polda"], Membership.Role.ADMIN)

    assert set(Meeting.objects.visible_to(admin)) == {rakor, internal}


def test_a_meeting_with_several_invited_units_is_listed_once(units, rakor):
    InvitationFactory(meeting=rakor, agency=AgencyFactory(parent=units["polres"]))
    commander = member(units["polda"], Membership.Role.COMMANDER)

    assert Meeting.objects.visible_to(commander).count() == 1


def test_a_liaison_sees_only_its_own_agencys_action_items(units, rakor):
    InvitationFactory(meeting=rakor, agency=units["bawaslu"])
    own = ActionItemFactory(meeting=rakor, owner_agency=units["kpu"])
    ActionItemFactory(meeting=rakor, owner_agency=units["bawaslu"])
    liaison = member(units["kpu"], Membership.Role.LIAISON)

    assert list(ActionItem.objects.visible_to(liaison)) == [own]


def test_police_see_every_action_item_of_their_meetings(units, rakor):
    items = {ActionItemFactory(meeting=rakor), ActionItemFactory(meeting=rakor)}
    operator = member(units["polres"], Membership.Role.OPERATOR)

    assert set(ActionItem.objects.visible_to(operator)) == items


def test_a_polres_operator_sees_its_own_and_its_poldas_operations(units):
    polda_operation = OperationFactory(commanding_unit=units["polda"])
    own = OperationFactory(commanding_unit=units["polres"])
    OperationFactory(commanding_unit=units["other_polres"])
    operator = member(units["polres"], Membership.Role.OPERATOR)

    assert set(Operation.objects.visible_to(operator)) == {polda_operation, own}


def test_a_liaison_sees_the_operations_it_was_invited_into(units, rakor):
    rakor.operation = OperationFactory(commanding_unit=units["polres"])
    rakor.save()
    OperationFactory(commanding_unit=units["polres"])
    liaison = member(units["kpu"], Membership.Role.LIAISON)

    assert list(Operation.objects.visible_to(liaison)) == [rakor.operation]
