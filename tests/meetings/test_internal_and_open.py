"""Internal meetings reach only Polri; open meetings reach the operation's police units
and never an uninvited partner: pages, lists, feeds, notices, reminders, digests."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from agencies.models import Agency, Membership
from meetings import selectors, services
from meetings.forms import MeetingForm
from meetings.models import Invitation, Meeting, Notification, ReminderDelivery
from tests.factories import (
    ActionItemFactory,
    AgencyFactory,
    InvitationFactory,
    MeetingFactory,
    MembershipFactory,
    OperationFactory,
    UserFactory,
)
from tests.worlds import build_world

from .reminder_factories import UTC, invited_agency, meeting_at

pytestmark = pytest.mark.django_db

START = datetime.datetime(2030, 10, 17, 0, 30, tzinfo=UTC)


@pytest.fixture
def internal_with_partner():
    """An internal meeting a partner was invited to behind the form's back (the ORM)."""
    meeting = meeting_at(START, title="Rakor rahasia", visibility=Meeting.Visibility.INTERNAL)
    agency, liaison, official = invited_agency(meeting)
    operator = UserFactory(email="operator@polri.example.id")
    MembershipFactory(user=operator, agency=meeting.host, role=Membership.Role.OPERATOR)
    return meeting, agency, liaison, official, operator


def form_data(world, **overrides):
    data = {
        "title": "Rakor internal",
        "kind": Meeting.Kind.RAKOR,
        "host": world.polres.pk,
        "starts_at": "2030-10-17T08:30",
        "ends_at": "2030-10-17T10:30",
        "venue": "Aula Polres",
        "visibility": Meeting.Visibility.INTERNAL,
        "invited_agencies": [world.kpu.pk],
    }
    data.update(overrides)
    return data


def test_it_refuses_a_partner_invitation_on_an_internal_meeting_in_the_form():
    world = build_world(shared_rakor=True)

    form = MeetingForm(form_data(world), instance=Meeting(), user=world.operator)

    assert not form.is_valid()
    assert "Rapat internal hanya untuk satuan Polri" in form.errors["invited_agencies"][0]
    assert world.kpu.short_name in form.errors["invited_agencies"][0]


def test_it_accepts_a_police_invitation_on_an_internal_meeting_in_the_form():
    world = build_world(shared_rakor=True)

    form = MeetingForm(
        form_data(world, invited_agencies=[world.other_polres.pk]),
        instance=Meeting(),
        user=world.operator,
    )

    assert form.is_valid(), form.errors


def test_it_refuses_a_partner_invitation_on_an_internal_meeting_in_the_service():
    world = build_world(shared_rakor=True)

    with pytest.raises(ValidationError, match="Rapat internal hanya untuk satuan Polri"):
        services.create_meeting(
            user=world.operator,
            host=world.polres,
            kind=Meeting.Kind.RAKOR,
            title="Rakor internal",
            starts_at=START,
            ends_at=START + datetime.timedelta(hours=2),
            venue="Aula",
            visibility=Meeting.Visibility.INTERNAL,
            invited_agencies=[world.kpu],
        )

    assert not Meeting.objects.filter(title="Rakor internal").exists()


def test_it_refuses_turning_a_meeting_internal_while_a_partner_stays_invited():
    world = build_world(shared_rakor=True)

    with pytest.raises(ValidationError, match=world.kpu.short_name):
        services.update_meeting(
            meeting=world.meeting,
            user=world.operator,
            version=world.meeting.version,
            data={"visibility": Meeting.Visibility.INTERNAL},
            invited_agencies=[world.kpu],
            agenda=[],
        )

    world.meeting.refresh_from_db()
    assert world.meeting.visibility == Meeting.Visibility.SHARED


def test_the_editor_page_shows_the_refusal_and_writes_nothing(client):
    world = build_world(shared_rakor=True)
    client.force_login(world.operator)

    data = {**form_data(world), "agenda-TOTAL_FORMS": 0, "agenda-INITIAL_FORMS": 0}
    response = client.post(reverse("meetings:create"), data)

    assert response.status_code == 200
    assert "Rapat internal hanya untuk satuan Polri" in response.content.decode()
    assert not Meeting.objects.filter(title="Rakor internal").exists()


def test_the_invitation_model_refuses_a_partner_on_an_internal_meeting():
    world = build_world(shared_rakor=True)
    internal = MeetingFactory(host=world.polres, visibility=Meeting.Visibility.INTERNAL)

    with pytest.raises(ValidationError, match="bukan satuan Polri"):
        Invitation(meeting=internal, agency=world.kpu).full_clean()


def test_a_partner_on_an_internal_meeting_gets_no_reminder_e_mail(
    internal_with_partner, mailoutbox
):
    _meeting, _agency, liaison, official, _operator = internal_with_partner

    services.run_reminders(now=START - datetime.timedelta(hours=2) + datetime.timedelta(minutes=1))

    addresses = {address for message in mailoutbox for address in message.to}
    assert liaison.email not in addresses
    assert official.email not in addresses


def test_a_partner_on_an_internal_meeting_gets_no_in_app_notice(internal_with_partner):
    meeting, _agency, liaison, _official, operator = internal_with_partner

    services.run_reminders(now=START - datetime.timedelta(hours=2) + datetime.timedelta(minutes=1))

    assert not Notification.objects.filter(user=liaison).exists()
    assert Notification.objects.filter(user=operator, meeting=meeting).exists()


def test_a_partner_on_an_internal_meeting_gets_no_change_or_cancellation_notice(
    internal_with_partner, mailoutbox
):
    meeting, _agency, liaison, official, _operator = internal_with_partner

    services.notify_meeting_changed(meeting, START - datetime.timedelta(days=1))
    services.notify_meeting_cancelled(meeting)
    services.send_pending_deliveries()

    assert not ReminderDelivery.objects.filter(recipient_user=liaison).exists()
    assert official.email not in {address for m in mailoutbox for address in m.to}


def test_a_notice_queued_before_a_meeting_turned_internal_is_dropped(mailoutbox):
    meeting = meeting_at(START, title="Rakor yang menjadi internal")
    _agency, liaison, _official = invited_agency(meeting)
    services.queue_due_reminders(now=START - datetime.timedelta(hours=1))
    assert ReminderDelivery.objects.filter(recipient_user=liaison).exists()

    Meeting.objects.filter(pk=meeting.pk).update(visibility=Meeting.Visibility.INTERNAL)
    services.send_pending_deliveries()

    assert mailoutbox == []
    due = ReminderDelivery.objects.filter(meeting=meeting, recipient_user=liaison).exclude(
        dropped_reason="digantikan pengingat yang lebih dekat"
    )
    assert {d.dropped_reason for d in due} == {"penerima tidak berhak membuka rapat ini"}
    assert not due.filter(sent_at__isnull=False).exists()


def test_a_partner_on_an_internal_meeting_gets_no_digest_of_its_follow_ups(
    internal_with_partner, mailoutbox
):
    meeting, agency, _liaison, _official, _operator = internal_with_partner
    ActionItemFactory(meeting=meeting, owner_agency=agency, due_date=datetime.date(2030, 10, 18))

    services.run_follow_up_digests(now=datetime.datetime(2030, 10, 17, 3, 0, tzinfo=UTC))

    assert mailoutbox == []


def test_an_uninvited_partner_gets_no_digest_of_a_follow_up_it_owns(mailoutbox):
    world = build_world(shared_rakor=True)
    uninvited = MeetingFactory(host=world.polres, title="Rakor tanpa Bawaslu")
    ActionItemFactory(
        meeting=uninvited, owner_agency=world.bawaslu, due_date=datetime.date(2030, 10, 18)
    )
    world.bawaslu_liaison.email = "bawaslu@example.id"
    world.bawaslu_liaison.save()

    services.run_follow_up_digests(now=datetime.datetime(2030, 10, 17, 3, 0, tzinfo=UTC))

    assert all("Rakor tanpa Bawaslu" not in message.body for message in mailoutbox)


# --- open meetings -----------------------------------------------------------------


@pytest.fixture
def open_meeting():
    world = build_world(shared_rakor=True)
    operation = OperationFactory(commanding_unit=world.polda)
    meeting = MeetingFactory(
        host=world.other_polres,
        operation=operation,
        visibility=Meeting.Visibility.OPEN,
        title="Apel gelar pasukan terbuka",
    )
    return world, meeting


def test_an_open_meeting_answers_404_to_an_uninvited_liaison(client, open_meeting):
    world, meeting = open_meeting
    client.force_login(world.bawaslu_liaison)

    assert client.get(reverse("meetings:detail", args=[meeting.pk])).status_code == 404
    assert client.get(reverse("meetings:meeting_ics", args=[meeting.pk])).status_code == 404


def test_an_open_meeting_is_not_in_an_uninvited_liaisons_agenda_bersama(client, open_meeting):
    world, meeting = open_meeting
    client.force_login(world.bawaslu_liaison)

    assert meeting not in set(selectors.shared_agenda(user=world.bawaslu_liaison))
    for view in ("daftar", "bulan", "minggu"):
        response = client.get(reverse("meetings:shared_agenda"), {"tampilan": view})
        assert meeting.title not in response.content.decode()


def test_an_open_meeting_is_not_in_an_uninvited_liaisons_calendar_feed(client, open_meeting):
    world, meeting = open_meeting
    _feed, token = services.issue_calendar_feed(user=world.bawaslu_liaison)

    response = client.get(reverse("meetings:calendar_feed", args=[token]))

    assert f"rapat-{meeting.pk}@sinergi" not in response.content.decode()


def test_an_invited_liaison_sees_an_open_meeting(open_meeting):
    world, meeting = open_meeting
    InvitationFactory(meeting=meeting, agency=world.bawaslu)

    assert meeting in Meeting.objects.visible_to(world.bawaslu_liaison)


def test_an_open_meeting_is_visible_to_every_police_unit_of_its_operation(open_meeting):
    world, meeting = open_meeting

    assert meeting in Meeting.objects.visible_to(world.operator)


def test_an_open_meeting_stays_out_of_another_operations_units():
    world = build_world(shared_rakor=True)
    elsewhere = AgencyFactory(kind=Agency.Kind.POLDA, short_name="Polda Aceh")
    operation = OperationFactory(commanding_unit=elsewhere)
    meeting = MeetingFactory(
        host=elsewhere, operation=operation, visibility=Meeting.Visibility.OPEN
    )

    assert meeting not in Meeting.objects.visible_to(world.operator)


def test_an_uninvited_partner_hears_nothing_of_an_open_meeting(open_meeting):
    world, meeting = open_meeting

    keys = {r.key for r in services.meeting_recipients(meeting=meeting)}

    assert f"user:{world.bawaslu_liaison.pk}" not in keys
    assert f"user:{world.kpu_liaison.pk}" not in keys


def test_the_agency_rule_agrees_with_visible_to_for_every_agency_and_meeting(open_meeting):
    world, _meeting = open_meeting
    MeetingFactory(host=world.polres, visibility=Meeting.Visibility.INTERNAL)
    users = {
        world.polres: world.operator,
        world.other_polres: world.other_operator,
        world.kpu: world.kpu_liaison,
        world.bawaslu: world.bawaslu_liaison,
    }
    for agency, user in users.items():
        visible = set(Meeting.objects.visible_to(user))
        for meeting in Meeting.objects.all():
            invited = meeting.invitations.filter(agency__path__startswith=agency.path).exists()
            assert selectors.agency_may_open(meeting=meeting, agency=agency, invited=invited) == (
                meeting in visible
            ), (agency, meeting)
