"""A meeting whose title holds a line break (saved before titles refused them, or
through the ORM) still gives a valid .ics and sendable notices; a notice that keeps
failing is dropped with its reason, not retried forever."""

import datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

from meetings import services
from meetings.models import Meeting, ReminderDelivery
from meetings.services import notifications
from tests.worlds import build_world

from .reminder_factories import UTC, invited_agency, meeting_at

pytestmark = pytest.mark.django_db

START = datetime.datetime(2030, 10, 17, 0, 30, tzinfo=UTC)
SUPERSEDED = "digantikan pengingat yang lebih dekat"
BROKEN_TITLE = "Rakor Pilkada\r\nBcc: semua@example.id"


def test_its_ics_is_valid_and_keeps_the_title_on_one_line(client):
    world = build_world(shared_rakor=True)
    Meeting.objects.filter(pk=world.meeting.pk).update(title=BROKEN_TITLE, venue="Aula\rPolres")
    client.force_login(world.kpu_liaison)

    response = client.get(reverse("meetings:meeting_ics", args=[world.meeting.pk]))

    assert response.status_code == 200
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "Rakor Pilkada Bcc: semua@example.id"
    assert str(event["LOCATION"]) == "Aula Polres"


def test_its_reminder_e_mail_goes_out_with_a_one_line_subject(mailoutbox):
    meeting = meeting_at(START, title=BROKEN_TITLE)
    _agency, liaison, _official = invited_agency(meeting)

    services.run_reminders(now=START - datetime.timedelta(hours=2) + datetime.timedelta(minutes=1))

    assert mailoutbox, "no reminder was sent"
    assert all("\n" not in m.subject and "\r" not in m.subject for m in mailoutbox)
    assert not ReminderDelivery.objects.filter(
        meeting=meeting, sent_at__isnull=True, dropped_reason=""
    ).exists()


def test_a_notice_that_keeps_failing_is_dropped_after_its_last_attempt(settings):
    meeting = meeting_at(START)
    invited_agency(meeting)
    services.queue_due_reminders(now=START - datetime.timedelta(hours=1))
    # A real SMTP client against a port where nothing listens: every send fails.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2

    for _run in range(notifications.MAX_ATTEMPTS):
        services.send_pending_deliveries()

    emails = ReminderDelivery.objects.filter(meeting=meeting, channel="email").exclude(
        dropped_reason=SUPERSEDED
    )
    assert emails.exists()
    assert all(d.dropped_reason.startswith("gagal dikirim: ") for d in emails)
    assert {d.attempts for d in emails} == {notifications.MAX_ATTEMPTS}
    assert not emails.filter(sent_at__isnull=True, dropped_reason="").exists()


def test_a_title_with_a_line_break_is_refused_by_the_editor(client):
    world = build_world(shared_rakor=True)
    client.force_login(world.operator)

    response = client.post(
        reverse("meetings:create"),
        {
            "title": "Rakor\r\nBaris dua",
            "kind": Meeting.Kind.RAKOR,
            "host": world.polres.pk,
            "starts_at": "2030-10-17T08:30",
            "ends_at": "2030-10-17T10:30",
            "venue": "Aula",
            "visibility": Meeting.Visibility.SHARED,
            "agenda-TOTAL_FORMS": 0,
            "agenda-INITIAL_FORMS": 0,
        },
    )

    assert response.status_code == 200
    assert "karakter kendali" in response.content.decode()
    assert not Meeting.objects.filter(title__startswith="Rakor\r").exists()
