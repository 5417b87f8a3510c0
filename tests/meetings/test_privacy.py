"""The one privacy rule (``selectors.Viewer``), pinned in every output that shows a
meeting's contents: a partner liaison never sees internal agenda items or decisions,
minutes the host did not share, or another agency's follow-ups."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from meetings import selectors, services
from meetings.models import Meeting
from tests.factories import ActionItemFactory, MeetingFactory
from tests.pdf import pdf_words
from tests.worlds import build_world

pytestmark = pytest.mark.django_db

INTERNAL_ITEM = "Paparan intelijen"
INTERNAL_DECISION = "Plotting personel rahasia"
OTHER_AGENCYS_FOLLOW_UP = "Siapkan satu SST cadangan"
MINUTES = "Notulen rahasia dari rapat"
SUMMARY = "Ringkasan rahasia dari rapat"
SHARED_ITEM = "Paparan Ketua KPU"


@pytest.fixture
def world():
    world = build_world(shared_rakor=True, starts_at=timezone.now() + datetime.timedelta(days=2))
    world.meeting.agenda_items.update(minutes=MINUTES)
    Meeting.objects.filter(pk=world.meeting.pk).update(minutes_shared=False, summary=SUMMARY)
    world.meeting.refresh_from_db()
    world.kpu_liaison.email = "kpu.pasbar@example.id"
    world.kpu_liaison.save()
    return world


def share_minutes(world) -> None:
    Meeting.objects.filter(pk=world.meeting.pk).update(minutes_shared=True)


def page(client, world) -> str:
    client.force_login(world.kpu_liaison)
    return client.get(reverse("meetings:detail", args=[world.meeting.pk])).content.decode()


def invitation_pdf(client, world) -> str:
    client.force_login(world.kpu_liaison)
    response = client.get(reverse("meetings:invitation_pdf", args=[world.meeting.pk]))
    return pdf_words(response.content)


def minutes_pdf(client, world) -> str:
    share_minutes(world)
    client.force_login(world.kpu_liaison)
    response = client.get(reverse("meetings:minutes_pdf", args=[world.meeting.pk]))
    return pdf_words(response.content)


def ics(client, world) -> str:
    client.force_login(world.kpu_liaison)
    response = client.get(reverse("meetings:meeting_ics", args=[world.meeting.pk]))
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    return f"{event['summary']}\n{event['description']}"


def reminder_email(client, world) -> str:
    """The reminder a day before: its text, its HTML and its attached .ics."""
    services.queue_due_reminders(now=world.meeting.starts_at - datetime.timedelta(hours=23))
    services.send_pending_deliveries()
    [message] = [m for m in mail.outbox if m.to == [world.kpu_liaison.email]]
    html, _mimetype = message.alternatives[0]
    _name, attached_ics, _type = message.attachments[0]
    event = Calendar.from_ical(attached_ics).walk("VEVENT")[0]
    return "\n".join([message.body, html, str(event["summary"]), str(event["description"])])


OUTPUTS = [page, invitation_pdf, minutes_pdf, ics, reminder_email]


@pytest.fixture(params=OUTPUTS, ids=lambda output: output.__name__)
def liaison_sees(request, client, world) -> str:
    """What the KPU liaison gets from one output; never blank, so a ``not in`` below
    cannot pass on an empty page."""
    text = request.param(client, world)
    assert world.meeting.title[:30] in " ".join(text.split())
    return text


def test_it_shows_a_liaison_the_shared_agenda_items(liaison_sees):
    assert SHARED_ITEM in liaison_sees


def test_it_hides_internal_agenda_items_from_a_liaison(liaison_sees):
    assert INTERNAL_ITEM not in liaison_sees


def test_it_hides_internal_decisions_from_a_liaison(liaison_sees):
    assert INTERNAL_DECISION not in liaison_sees


def test_it_hides_other_agencies_follow_ups_from_a_liaison(liaison_sees):
    assert OTHER_AGENCYS_FOLLOW_UP not in liaison_sees


@pytest.mark.parametrize("output", [page, invitation_pdf, ics, reminder_email])
def test_it_hides_unshared_minutes_from_a_liaison(client, world, output):
    text = output(client, world)

    assert world.meeting.title[:30] in " ".join(text.split())
    assert MINUTES not in text
    assert SUMMARY not in text


def test_it_refuses_a_liaison_the_minutes_pdf_while_the_minutes_are_not_shared(client, world):
    client.force_login(world.kpu_liaison)

    response = client.get(reverse("meetings:minutes_pdf", args=[world.meeting.pk]))

    assert response.status_code == 404


def test_it_gives_a_liaison_the_minutes_once_they_are_shared(client, world):
    text = minutes_pdf(client, world)

    assert MINUTES in text


def test_it_shows_the_liaison_its_own_agencys_follow_up(client, world):
    assert world.kpu_item.text in page(client, world)


def test_it_shows_the_host_operator_everything(client, world):
    client.force_login(world.operator)

    content = client.get(reverse("meetings:detail", args=[world.meeting.pk])).content.decode()

    for text in (INTERNAL_ITEM, INTERNAL_DECISION, OTHER_AGENCYS_FOLLOW_UP, MINUTES, SUMMARY):
        assert text in content


def test_it_counts_the_hidden_items_in_the_times_a_liaison_sees(world):
    view = selectors.meeting_for_viewer(
        meeting=world.meeting, viewer=selectors.Viewer.of(world.kpu_liaison)
    )

    assert [entry.item.title for entry in view.agenda] == ["Pembukaan", SHARED_ITEM]
    # Pembukaan 15 minutes, then the hidden 30-minute item.
    assert view.agenda[1].starts_at == world.meeting.starts_at + datetime.timedelta(minutes=45)


def test_it_leaves_internal_meetings_out_of_a_partners_follow_up_digest(world):
    internal = MeetingFactory(host=world.polres, visibility=Meeting.Visibility.INTERNAL)
    hidden = ActionItemFactory(meeting=internal, owner_agency=world.kpu)
    viewer = selectors.Viewer.of_agency(world.kpu)

    assert viewer.sees_follow_up(world.kpu_item) is True
    assert viewer.sees_follow_up(hidden) is False
