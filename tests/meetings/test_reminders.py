import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone

from agencies.models import Membership
from meetings import reminder_services
from meetings.models import Meeting, Notification, ReminderDelivery
from tests.factories import AgendaItemFactory, MembershipFactory, UserFactory

from .reminder_factories import UTC, invited_agency, meeting_at

# Thursday 17 October 2030, 08.30 WITA.
START = datetime.datetime(2030, 10, 17, 0, 30, tzinfo=UTC)
MINUTE = datetime.timedelta(minutes=1)
DAY = datetime.timedelta(days=1)


def run_at(moment):
    return reminder_services.run_reminders(now=moment)


@pytest.fixture
def scene(db):
    meeting = meeting_at(START, title="Rakor Pilkada Kota Banjarmasin")
    AgendaItemFactory(meeting=meeting, order=1, title="Paparan Kabag Ops")
    AgendaItemFactory(meeting=meeting, order=2, title="Rencana internal", is_internal=True)
    agency, liaison, official = invited_agency(meeting)
    operator = UserFactory(email="operator@polri.example.id")
    MembershipFactory(user=operator, agency=meeting.host, role=Membership.Role.OPERATOR)
    return meeting, liaison, official, operator


def test_a_new_meeting_gets_reminders_3_days_1_day_and_2_hours_before(db):
    meeting = meeting_at(START)

    offsets = list(meeting.reminders.values_list("offset", flat=True))

    assert offsets == [3 * DAY, DAY, datetime.timedelta(hours=2)]


def test_a_reminder_shows_a_wib_recipient_the_wita_time_of_the_meeting(scene, mailoutbox):
    meeting, liaison, official, _operator = scene

    run_at(START - datetime.timedelta(hours=2) + MINUTE)

    assert sorted(m.to[0] for m in mailoutbox) == sorted([liaison.email, official.email])
    message = mailoutbox[0]
    assert message.subject == (
        "Pengingat rapat: Rakor Pilkada Kota Banjarmasin, Kamis, 17 Oktober 2030 08.30 WITA"
    )
    assert "Kamis, 17 Oktober 2030 08.30 WITA - 10.30 WITA" in message.body


def test_a_reminder_carries_the_shared_agenda_but_not_internal_items(scene, mailoutbox):
    run_at(START - datetime.timedelta(hours=2) + MINUTE)

    body = mailoutbox[0].body
    assert "1. Paparan Kabag Ops" in body
    assert "Rencana internal" not in body


def test_a_reminder_has_an_ics_in_the_hosts_zone_attached(scene, mailoutbox):
    run_at(START - datetime.timedelta(hours=2) + MINUTE)

    name, content, mimetype = mailoutbox[0].attachments[0]
    assert name.endswith(".ics")
    assert mimetype == "text/calendar"
    text = content.decode() if isinstance(content, bytes) else content
    assert "DTSTART;TZID=Asia/Makassar:20301017T083000" in text


def test_a_reminder_is_an_html_and_text_email(scene, mailoutbox):
    run_at(START - datetime.timedelta(hours=2) + MINUTE)

    html, mimetype = mailoutbox[0].alternatives[0]
    assert mimetype == "text/html"
    assert "08.30 WITA" in html


def test_a_reminder_notifies_the_liaison_and_the_hosts_operators_in_app(scene):
    meeting, liaison, _official, operator = scene

    run_at(START - datetime.timedelta(hours=2) + MINUTE)

    assert set(Notification.objects.values_list("user_id", flat=True)) == {liaison.pk, operator.pk}


def test_each_reminder_is_sent_at_its_own_moment(scene, mailoutbox):
    run_at(START - 3 * DAY + MINUTE)
    run_at(START - 2 * DAY)
    run_at(START - DAY + MINUTE)

    offsets = ReminderDelivery.objects.filter(channel="email").values_list("offset", flat=True)
    assert sorted(set(offsets)) == [DAY, 3 * DAY]
    assert len(mailoutbox) == 4


def test_nothing_is_sent_before_the_first_reminder_is_due(scene, mailoutbox):
    run_at(START - 3 * DAY - MINUTE)

    assert mailoutbox == []
    assert not ReminderDelivery.objects.exists()


def test_rescheduling_moves_the_reminders(scene, mailoutbox):
    meeting, *_ = scene
    run_at(START - 3 * DAY + MINUTE)
    new_start = START + 7 * DAY
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=new_start, ends_at=new_start + datetime.timedelta(hours=2)
    )
    meeting.refresh_from_db()
    reminder_services.notify_meeting_changed(meeting, old_start=START, now=START - 2 * DAY)
    run_at(START - 2 * DAY)
    mailoutbox.clear()

    run_at(START - DAY + MINUTE)  # the old 1-day moment: nothing any more
    assert mailoutbox == []

    run_at(new_start - 3 * DAY + MINUTE)
    assert len(mailoutbox) == 2
    assert mailoutbox[0].subject.endswith("Kamis, 24 Oktober 2030 08.30 WITA")


def test_rescheduling_sends_a_change_notice_with_the_old_and_new_time(scene, mailoutbox):
    meeting, liaison, official, _operator = scene
    new_start = START + 2 * DAY
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=new_start, ends_at=new_start + datetime.timedelta(hours=2)
    )
    meeting.refresh_from_db()

    reminder_services.notify_meeting_changed(meeting, old_start=START)
    reminder_services.send_pending_deliveries()

    assert sorted(m.to[0] for m in mailoutbox) == sorted([liaison.email, official.email])
    assert mailoutbox[0].subject.startswith("Perubahan jadwal rapat")
    assert "Jadwal lama: Kamis, 17 Oktober 2030 08.30 WITA" in mailoutbox[0].body
    assert "Jadwal baru: Sabtu, 19 Oktober 2030 08.30 WITA" in mailoutbox[0].body


def test_a_reschedule_made_without_the_hook_is_noticed_by_the_periodic_run(scene, mailoutbox):
    meeting, *_ = scene
    run_at(START - 3 * DAY + MINUTE)
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=START + DAY, ends_at=START + DAY + datetime.timedelta(hours=2)
    )
    mailoutbox.clear()

    run_at(START - 2 * DAY)

    assert [m.subject.split(":")[0] for m in mailoutbox] == ["Perubahan jadwal rapat"] * 2


def test_a_cancelled_meeting_sends_a_cancellation_and_no_reminders(scene, mailoutbox):
    meeting, *_ = scene
    meeting.status = Meeting.Status.CANCELLED
    meeting.save()

    reminder_services.notify_meeting_cancelled(meeting)
    for moment in (START - 3 * DAY + MINUTE, START - DAY + MINUTE, START - 60 * MINUTE):
        run_at(moment)

    assert [m.subject.split(":")[0] for m in mailoutbox] == ["Pembatalan rapat"] * 2
    _name, content, mimetype = mailoutbox[0].attachments[0]
    assert "STATUS:CANCELLED" in (content.decode() if isinstance(content, bytes) else content)
    assert not ReminderDelivery.objects.filter(kind="reminder").exists()


def test_a_reminder_queued_before_a_cancellation_is_not_sent(scene, mailoutbox):
    meeting, *_ = scene
    reminder_services.queue_due_reminders(now=START - DAY + MINUTE)
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.CANCELLED)

    reminder_services.send_pending_deliveries()

    assert mailoutbox == []
    one_day = ReminderDelivery.objects.filter(kind="reminder", offset=DAY)
    assert set(one_day.values_list("dropped_reason", flat=True)) == {"rapat dibatalkan"}
    assert not ReminderDelivery.objects.filter(sent_at__isnull=False).exists()


def test_a_reminder_missed_while_the_system_was_down_is_sent_late_once(scene, mailoutbox):
    meeting, liaison, official, _operator = scene
    Meeting.objects.filter(pk=meeting.pk).update(created_at=START - 10 * DAY)

    run_at(START - 3 * DAY + MINUTE)  # the 3-day reminder went out on time, then a long outage
    mailoutbox.clear()

    run_at(START - DAY + 6 * 60 * MINUTE)  # back up six hours after the 1-day moment
    run_at(START - DAY + 6 * 60 * MINUTE + 5 * MINUTE)

    late = ReminderDelivery.objects.filter(channel="email", is_late=True)
    assert sorted(late.values_list("offset", "recipient_key")) == sorted(
        [(DAY, liaison.email), (DAY, official.email)]
    )
    assert len(mailoutbox) == 2
    assert "terlambat dikirim" in mailoutbox[0].body


def test_of_several_missed_reminders_only_the_nearest_goes_out(scene, mailoutbox):
    meeting, *_ = scene
    Meeting.objects.filter(pk=meeting.pk).update(created_at=START - 10 * DAY)

    run_at(START - 60 * MINUTE)  # down since before the 3-day moment

    sent = ReminderDelivery.objects.filter(channel="email", sent_at__isnull=False)
    assert set(sent.values_list("offset", flat=True)) == {datetime.timedelta(hours=2)}
    assert len(mailoutbox) == 2


def test_a_reminder_on_time_is_not_marked_late(scene):
    run_at(START - DAY + MINUTE)

    assert not ReminderDelivery.objects.filter(is_late=True).exists()


def test_a_reminder_whose_moment_preceded_the_meetings_creation_is_not_sent(db, mailoutbox):
    meeting = meeting_at(timezone.now() + datetime.timedelta(hours=30))
    invited_agency(meeting)

    reminder_services.run_reminders()

    assert mailoutbox == []


def test_one_address_gets_one_email_even_as_liaison_and_official(scene, mailoutbox):
    meeting, liaison, official, _operator = scene
    official.email = liaison.email.upper()
    official.save()

    run_at(START - DAY + MINUTE)

    assert [m.to[0] for m in mailoutbox] == [liaison.email]


@pytest.mark.django_db(transaction=True)
def test_two_overlapping_runs_send_each_reminder_exactly_once(mailoutbox):
    meeting = meeting_at(START)
    for index in range(12):
        invited_agency(meeting, email_prefix=f"instansi{index}")
    moment = START - DAY + MINUTE
    barrier = threading.Barrier(2)
    errors = []

    def periodic_run():
        try:
            barrier.wait()
            run_at(moment)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=periodic_run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    addresses = [message.to[0] for message in mailoutbox]
    assert len(addresses) == 24
    assert len(set(addresses)) == 24
    assert ReminderDelivery.objects.filter(channel="email", sent_at__isnull=False).count() == 24


def test_rescheduling_through_the_meeting_service_sends_the_change_notice(scene, mailoutbox):
    from meetings.services import update_meeting

    meeting, liaison, official, operator = scene
    new_start = START + 2 * DAY
    update_meeting(
        meeting=meeting,
        user=operator,
        version=meeting.version,
        data={"starts_at": new_start, "ends_at": new_start + datetime.timedelta(hours=2)},
        invited_agencies=[i.agency for i in meeting.invitations.all()],
        agenda=[],
    )
    reminder_services.send_pending_deliveries()

    assert {m.subject.split(":")[0] for m in mailoutbox} == {"Perubahan jadwal rapat"}
    assert sorted(m.to[0] for m in mailoutbox) == sorted([liaison.email, official.email])


def test_cancelling_through_the_meeting_service_sends_the_cancellation(scene, mailoutbox):
    from meetings.services import cancel_meeting

    meeting, _liaison, _official, operator = scene
    cancel_meeting(meeting=meeting, user=operator, version=meeting.version, reason="Banjir")
    reminder_services.send_pending_deliveries()

    assert [m.subject.split(":")[0] for m in mailoutbox] == ["Pembatalan rapat"] * 2
