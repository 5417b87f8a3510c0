"""A meeting's .ics file is kept in the cache: every change it shows replaces it."""

import pytest
from django.urls import reverse
from icalendar import Calendar

from tests.factories import AgendaItemFactory, OperationFactory
from tests.worlds import build_world

pytestmark = pytest.mark.django_db


def description(client, user, meeting) -> str:
    client.force_login(user)
    response = client.get(reverse("meetings:meeting_ics", args=[meeting.pk]))
    assert response.status_code == 200
    return str(Calendar.from_ical(response.content).walk("VEVENT")[0]["description"])


def test_it_shows_an_agenda_item_renamed_after_the_file_was_served(client):
    world = build_world(shared_rakor=True)
    item = AgendaItemFactory(meeting=world.meeting, title="Paparan kesiapan TPS")
    assert "Paparan kesiapan TPS" in description(client, world.kpu_liaison, world.meeting)

    item.title = "Paparan kerawanan TPS"
    item.save()

    assert "Paparan kerawanan TPS" in description(client, world.kpu_liaison, world.meeting)


def test_it_shows_its_operation_renamed_after_the_file_was_served(client):
    world = build_world(shared_rakor=True)
    operation = OperationFactory(name="Operasi Lama")
    world.meeting.operation = operation
    world.meeting.save()
    assert "Operasi Lama" in description(client, world.kpu_liaison, world.meeting)

    operation.name = "Operasi Baru"
    operation.save()

    assert "Operasi Baru" in description(client, world.kpu_liaison, world.meeting)


def test_it_keeps_a_file_per_reader_so_a_partner_never_gets_the_polices(client):
    world = build_world(shared_rakor=True)
    AgendaItemFactory(meeting=world.meeting, title="Paparan intelijen", is_internal=True)
    assert "Paparan intelijen" in description(client, world.operator, world.meeting)

    assert "Paparan intelijen" not in description(client, world.kpu_liaison, world.meeting)


def test_a_file_served_before_reads_only_the_meeting(client, django_assert_max_num_queries):
    world = build_world(shared_rakor=True)
    AgendaItemFactory(meeting=world.meeting)
    description(client, world.kpu_liaison, world.meeting)

    # The session's user and memberships, the meeting (to check the reader may see it).
    with django_assert_max_num_queries(5):
        response = client.get(reverse("meetings:meeting_ics", args=[world.meeting.pk]))

    assert response.status_code == 200
