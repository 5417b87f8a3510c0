"""The meeting page's cached fragments: every change shows at once, and each audience
gets only the fragments rendered for it."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from agencies.models import Membership
from meetings import services
from meetings.models import ActionItem, Invitation
from tests.factories import AttendeeFactory, DecisionFactory, InvitationFactory
from tests.worlds import rakor, record_outcome, user_with

pytestmark = pytest.mark.django_db


def _page(client, user, meeting) -> str:
    client.force_login(user)
    response = client.get(reverse("meetings:detail", args=[meeting.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _outcome(meeting, user, **kwargs):
    meeting.refresh_from_db()
    return record_outcome(meeting, user, **kwargs)


@pytest.fixture
def upcoming(world):
    """A rakor in three days, shared with KPU: still open to answers."""
    start = timezone.now() + datetime.timedelta(days=3)
    meeting = rakor(world, starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    InvitationFactory(meeting=meeting, agency=world.kpu)
    return meeting


def test_it_reads_the_cached_parts_of_a_page_seen_before_with_fewer_queries(client, world, meeting):
    client.force_login(world.operator)
    url = reverse("meetings:detail", args=[meeting.pk])
    with CaptureQueriesContext(connection) as first:
        client.get(url)

    with CaptureQueriesContext(connection) as second:
        content = client.get(url).content.decode()

    # Agenda, decisions, follow-ups, risks, invitations and attendees come from the cache.
    assert len(second) <= len(first) - 6
    assert "Kerawanan internal" in content
    assert "Patroli Kodim" in content


@pytest.mark.parametrize("who", ["operator", "kpu_liaison"])
def test_a_page_seen_before_runs_few_queries(
    client, world, meeting, who, django_assert_max_num_queries
):
    client.force_login(getattr(world, who))
    url = reverse("meetings:detail", args=[meeting.pk])
    client.get(url)

    # Session, user, memberships, the meeting, its attachments and a liaison's own
    # invitations, and the savepoint of the request's transaction.
    with django_assert_max_num_queries(8):
        assert client.get(url).status_code == 200


def test_an_rsvp_shows_at_once(client, world, upcoming):
    assert "Belum menjawab" in _page(client, world.operator, upcoming)

    services.respond_to_invitation(
        invitation=upcoming.invitations.get(agency=world.kpu),
        user=world.kpu_liaison,
        rsvp=Invitation.Rsvp.ATTENDING,
        delegate="Ketua KPU Pasbar",
    )

    content = _page(client, world.operator, upcoming)
    assert "Belum menjawab" not in content
    assert "Ketua KPU Pasbar" in content


def test_recorded_attendance_minutes_and_decisions_show_at_once(client, world, meeting):
    before = _page(client, world.operator, meeting)
    assert "Kehadiran belum dicatat." in before
    item = meeting.agenda_items.get(title="Pembukaan")
    invitation = meeting.invitations.get(agency=world.kpu)

    _outcome(
        meeting,
        world.operator,
        presence={invitation.pk: True},
        minutes={item.pk: "Kapolres membuka rapat."},
        attendees=services.RowChanges(
            upsert=[{"agency": world.kodim, "name": "Sutrisno", "rank": "Mayor Inf"}]
        ),
        decisions=services.RowChanges(upsert=[{"order": 3, "text": "Apel bersama tiap Senin"}]),
    )

    content = _page(client, world.operator, meeting)
    assert "Kehadiran belum dicatat." not in content
    assert "Mayor Inf Sutrisno" in content
    assert "Kapolres membuka rapat." in content
    assert "Apel bersama tiap Senin" in content
    assert '<td class="small">Hadir</td>' in content


def test_a_follow_up_update_shows_at_once(client, world, meeting):
    item = meeting.action_items.get(text="Sosialisasi TPS")
    done = '<td class="small">Selesai</td>'
    assert done not in _page(client, world.kpu_liaison, meeting)

    services.update_action_item(
        action_item=item, user=world.kpu_liaison, status=ActionItem.Status.DONE
    )

    assert done in _page(client, world.kpu_liaison, meeting)


def test_an_agenda_edit_and_new_invitations_show_at_once(client, world, meeting):
    _page(client, world.operator, meeting)
    kept = meeting.agenda_items.get(title="Pembukaan")

    services.update_meeting(
        meeting=meeting,
        user=world.operator,
        version=meeting.version,
        data={},
        invited_agencies=[world.kpu, world.bawaslu],
        agenda=[
            services.AgendaRow(id=kept.pk, title="Pembukaan", duration_minutes=15, order=1),
            services.AgendaRow(title="Paparan Bawaslu", duration_minutes=20, order=2),
        ],
    )

    content = _page(client, world.operator, meeting)
    assert "Paparan Bawaslu" in content
    assert "Kerawanan internal" not in content
    assert "<td>Bawaslu Pasaman Barat</td>" in content
    assert "<td>Kodim 0305/Pasaman</td>" not in content


def test_minutes_no_longer_shared_disappear_for_a_liaison_at_once(client, world, meeting):
    item = meeting.agenda_items.get(title="Pembukaan")
    _outcome(meeting, world.operator, minutes={item.pk: "Notulen pembukaan"})
    assert "Notulen pembukaan" in _page(client, world.kpu_liaison, meeting)

    _outcome(meeting, world.operator, minutes_shared=False)

    assert "Notulen pembukaan" not in _page(client, world.kpu_liaison, meeting)
    assert "Notulen pembukaan" in _page(client, world.operator, meeting)


def test_a_decision_saved_outside_the_services_shows_at_once(client, world, meeting):
    # The admin and the demo loader save rows directly.
    _page(client, world.operator, meeting)

    DecisionFactory(meeting=meeting, text="Pengamanan logistik dikawal")

    assert "Pengamanan logistik dikawal" in _page(client, world.operator, meeting)


def test_a_renamed_official_shows_at_once(client, world, meeting):
    dandim = world.kodim.officials.get()
    AttendeeFactory(meeting=meeting, agency=world.kodim, official=dandim)
    assert "Dandim 0305/Pasaman" in _page(client, world.operator, meeting)

    dandim.position = "Dandim 0305/Pasaman Barat"
    dandim.save()

    assert "Dandim 0305/Pasaman Barat" in _page(client, world.operator, meeting)


def test_a_liaison_never_gets_the_fragments_rendered_for_police(client, world, meeting):
    police = _page(client, world.operator, meeting)
    assert "Kerawanan internal" in police

    content = _page(client, world.kpu_liaison, meeting)

    assert "Paparan Ketua KPU" in content
    assert "Kerawanan internal" not in content
    assert "Data intelijen rahasia" not in content
    assert "Patroli Kodim" not in content


def test_a_liaison_never_gets_the_fragments_rendered_for_another_agency(client, world, meeting):
    kodim_liaison = user_with(Membership.Role.LIAISON, world.kodim, "kodim.pasaman")
    kpu = _page(client, world.kpu_liaison, meeting)
    assert "Sosialisasi TPS" in kpu

    content = _page(client, kodim_liaison, meeting)

    assert "Patroli Kodim" in content
    assert "Sosialisasi TPS" not in content


def test_a_liaison_is_offered_its_rsvp_while_the_invitations_are_cached(client, world, upcoming):
    rsvp_link = f"{reverse('meetings:rsvp', args=[upcoming.pk])}?instansi={world.kpu.pk}"
    assert rsvp_link in _page(client, world.kpu_liaison, upcoming)

    assert rsvp_link in _page(client, world.kpu_liaison, upcoming)
