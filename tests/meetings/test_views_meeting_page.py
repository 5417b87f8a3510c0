"""The meeting page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meetings import services
from meetings.models import Attachment, MeetingRisk
from tests.factories import (
    ActionItemFactory,
    AgendaItemFactory,
    AttendeeFactory,
    DecisionFactory,
)
from tests.worlds import many_meetings

pytestmark = pytest.mark.django_db


def _detail(meeting):
    return reverse("meetings:detail", args=[meeting.pk])


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _attachment(world, meeting, **kwargs):
    return services.add_attachment(
        meeting=meeting,
        user=world.operator,
        upload=SimpleUploadedFile("Surat undangan.pdf", PDF),
        kind=Attachment.Kind.INVITATION,
        **kwargs,
    )


def test_it_shows_agenda_start_times_in_the_hosts_zone(client, world, meeting):
    client.force_login(world.operator)

    content = client.get(_detail(meeting)).content.decode()

    assert "Kamis, 15 Agustus 2024 08.30 WIB" in content
    assert "08.45 WIB – 09.15 WIB" in content
    assert "09.15 WIB – 09.35 WIB" in content


def test_it_shows_police_internal_items_and_every_follow_up(client, world, meeting):
    client.force_login(world.commander)

    content = client.get(_detail(meeting)).content.decode()

    assert "Kerawanan internal" in content
    assert "Data intelijen rahasia" in content
    assert "Patroli Kodim" in content


def test_it_shows_an_invited_liaison_no_internal_item_nor_other_agencies_follow_ups(
    client, world, meeting
):
    client.force_login(world.kpu_liaison)

    response = client.get(_detail(meeting))
    content = response.content.decode()

    assert response.status_code == 200
    assert "Paparan Ketua KPU" in content
    assert "Patroli gabungan tiap malam" in content
    assert "Sosialisasi TPS" in content
    assert "Kerawanan internal" not in content
    assert "Data intelijen rahasia" not in content
    assert "Patroli Kodim" not in content
    assert "Riwayat perubahan" not in content


@pytest.mark.parametrize("who", ["bawaslu_liaison", "other_operator"])
def test_it_answers_404_to_those_it_was_not_shared_with(client, world, meeting, who):
    client.force_login(getattr(world, who))

    assert client.get(_detail(meeting)).status_code == 404


def test_it_offers_the_change_history_on_demand_to_police(client, world, meeting):
    client.force_login(world.commander)

    content = client.get(_detail(meeting)).content.decode()

    assert f'hx-get="{reverse("meetings:history", args=[meeting.pk])}"' in content


def test_it_offers_no_change_history_to_a_liaison(client, world, meeting):
    client.force_login(world.kpu_liaison)

    content = client.get(_detail(meeting)).content.decode()

    assert reverse("meetings:history", args=[meeting.pk]) not in content


@pytest.mark.bulk
def test_it_runs_a_bounded_number_of_queries_with_ten_thousand_meetings(
    client, world, meeting, django_assert_max_num_queries
):
    many_meetings(world, count=10_000)
    for n in range(20):
        AttendeeFactory(meeting=meeting, agency=world.partners["KPU Pasaman Barat"])
        AgendaItemFactory(meeting=meeting, order=10 + n)
        DecisionFactory(meeting=meeting)
        ActionItemFactory(meeting=meeting, owner_agency=world.partners["KPU Pasaman Barat"])
        MeetingRisk.objects.create(
            meeting=meeting,
            description=f"Risiko {n}",
            raised_by=world.partners["KPU Pasaman Barat"],
        )
    for _n in range(5):
        _attachment(world, meeting)
    client.force_login(world.operator)

    # The change history is read on demand (tests/meetings/test_history.py), not here.
    with django_assert_max_num_queries(14):
        response = client.get(_detail(meeting))
    # Seen again: agenda, outcome, invitations and attendance come from the cache.
    with django_assert_max_num_queries(7):
        again = client.get(_detail(meeting))

    assert response.status_code == 200
    assert "Riwayat perubahan" in response.content.decode()
    assert "Risiko 19" in again.content.decode()


def test_it_offers_an_invited_liaison_the_rsvp_of_its_agency(client, world, meeting):
    client.force_login(world.kpu_liaison)

    content = client.get(_detail(meeting)).content.decode()

    kpu = world.partners["KPU Pasaman Barat"]
    assert f"{reverse('meetings:rsvp', args=[meeting.pk])}?instansi={kpu.pk}" in content
    assert reverse("meetings:meeting_ics", args=[meeting.pk]) in content
    assert reverse("meetings:shared_agenda") in content


def test_it_offers_police_no_rsvp(client, world, meeting):
    client.force_login(world.operator)

    content = client.get(_detail(meeting)).content.decode()

    assert 'data-testid="rsvp"' not in content
    assert reverse("meetings:meeting_ics", args=[meeting.pk]) in content


def test_it_shows_the_risks_to_police_users(client, world, meeting):
    MeetingRisk.objects.create(meeting=meeting, description="Bentrok massa di Simpang Empat")
    client.force_login(world.operator)

    content = client.get(_detail(meeting)).content.decode()

    assert 'data-testid="risks"' in content
    assert "Bentrok massa di Simpang Empat" in content


def test_it_hides_the_risks_from_an_invited_liaison(client, world, meeting):
    MeetingRisk.objects.create(meeting=meeting, description="Bentrok massa di Simpang Empat")
    client.force_login(world.kpu_liaison)

    response = client.get(_detail(meeting))

    assert response.status_code == 200
    assert "Bentrok massa di Simpang Empat" not in response.content.decode()
    assert "Risiko/kerawanan" not in response.content.decode()
