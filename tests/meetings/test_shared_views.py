import datetime

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from meetings.models import ActionItem, ActionItemComment, Invitation, Meeting
from tests.factories import (
    ActionItemFactory,
    InvitationFactory,
    MeetingFactory,
    OperationFactory,
)
from tests.worlds import build_world

pytestmark = pytest.mark.django_db

AGENDA = reverse("meetings:shared_agenda")
ACTION_ITEMS = reverse("meetings:action_items")
CALENDAR = reverse("meetings:calendar_settings")


def meetings_in(grid) -> set[int]:
    return {meeting.pk for week in grid.weeks for day in week for meeting in day.meetings}


def rsvp_url(meeting) -> str:
    return reverse("meetings:rsvp", args=[meeting.pk])


def item_url(item) -> str:
    return reverse("meetings:action_item", args=[item.pk])


@pytest.fixture
def world():
    return build_world(shared_rakor=True)


def as_user(client, user):
    client.force_login(user)
    return client


# --- Agenda bersama -------------------------------------------------------------------


def test_the_invited_liaison_finds_the_meeting_in_agenda_bersama(client, world):
    response = as_user(client, world.kpu_liaison).get(AGENDA)

    assert response.status_code == 200
    assert world.meeting.title in response.text
    assert list(response.context["page"].object_list) == [world.meeting]


def test_an_uninvited_liaison_sees_nothing_of_it(client, world):
    response = as_user(client, world.bawaslu_liaison).get(AGENDA)

    assert world.meeting.title not in response.text
    assert "Tidak ada rapat bersama yang sesuai." in response.text


def test_anonymous_users_are_sent_to_log_in(client, world):
    response = client.get(AGENDA)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_cancelled_meeting_is_marked(client, world):
    Meeting.objects.filter(pk=world.meeting.pk).update(status=Meeting.Status.CANCELLED)

    response = as_user(client, world.kpu_liaison).get(AGENDA)

    assert 'data-testid="cancelled"' in response.text
    assert "Dibatalkan" in response.text


def test_agenda_bersama_filters_by_operation(client, world):
    operation = OperationFactory(commanding_unit=world.polda, name="Mantap Praja Singgalang")
    other = MeetingFactory(host=world.polres, operation=operation, title="Apel gelar pasukan")
    InvitationFactory(meeting=other, agency=world.kpu)

    response = as_user(client, world.kpu_liaison).get(AGENDA, {"operation": operation.pk})

    assert list(response.context["page"].object_list) == [other]


def test_agenda_bersama_filters_by_host(client, world):
    elsewhere = MeetingFactory(host=world.other_polres, title="Rakor Polres Agam")
    InvitationFactory(meeting=elsewhere, agency=world.kpu)

    response = as_user(client, world.kpu_liaison).get(AGENDA, {"host": world.other_polres.pk})

    assert list(response.context["page"].object_list) == [elsewhere]


def test_agenda_bersama_filters_by_date_in_the_readers_zone(client, world):
    day = world.meeting.starts_at.astimezone(world.meeting.tzinfo).date()
    next_week = MeetingFactory(
        host=world.polres, starts_at=world.meeting.starts_at + datetime.timedelta(days=7)
    )
    InvitationFactory(meeting=next_week, agency=world.kpu)

    response = as_user(client, world.kpu_liaison).get(
        AGENDA, {"date_from": day.isoformat(), "date_to": day.isoformat()}
    )

    assert list(response.context["page"].object_list) == [world.meeting]


def test_an_end_date_before_the_start_date_is_explained(client, world):
    response = as_user(client, world.kpu_liaison).get(
        AGENDA, {"date_from": "2024-08-20", "date_to": "2024-08-01"}
    )

    assert "Tanggal akhir tidak boleh sebelum tanggal awal." in response.text


def test_a_host_the_user_cannot_see_is_not_a_valid_choice(client, world):
    response = as_user(client, world.bawaslu_liaison).get(AGENDA, {"host": world.polres.pk})

    assert "host" in response.context["filter"].form.errors
    assert world.meeting.title not in response.text


def test_the_month_calendar_shows_the_meeting_on_its_day(client, world):
    day = world.meeting.starts_at.astimezone(world.meeting.tzinfo).date()

    response = as_user(client, world.kpu_liaison).get(
        AGENDA, {"tampilan": "bulan", "tanggal": day.isoformat()}
    )

    assert response.status_code == 200
    cell = response.text.split(f'data-date="{day.isoformat()}"')[1].split("</td>")[0]
    assert f'data-meeting="{world.meeting.pk}"' in cell


def test_the_week_calendar_keeps_the_filters(client, world):
    day = world.meeting.starts_at.astimezone(world.meeting.tzinfo).date()
    elsewhere = MeetingFactory(
        host=world.other_polres, starts_at=world.meeting.starts_at + datetime.timedelta(hours=4)
    )
    InvitationFactory(meeting=elsewhere, agency=world.kpu)

    response = as_user(client, world.kpu_liaison).get(
        AGENDA, {"tampilan": "minggu", "tanggal": day.isoformat(), "host": world.other_polres.pk}
    )

    assert response.context["grid"].mode == "week"
    assert f'data-meeting="{elsewhere.pk}"' in response.text
    assert f'data-meeting="{world.meeting.pk}"' not in response.text


def test_the_calendar_of_an_uninvited_liaison_is_empty(client, world):
    day = world.meeting.starts_at.astimezone(world.meeting.tzinfo).date()

    response = as_user(client, world.bawaslu_liaison).get(
        AGENDA, {"tampilan": "bulan", "tanggal": day.isoformat()}
    )

    assert meetings_in(response.context["grid"]) == set()


# --- RSVP -----------------------------------------------------------------------------


def test_the_rsvp_page_shows_the_shared_agenda_without_internal_items(client, world):
    response = as_user(client, world.kpu_liaison).get(rsvp_url(world.meeting))

    assert response.status_code == 200
    assert "Paparan Ketua KPU" in response.text
    assert "Paparan intelijen" not in response.text
    assert "Plotting personel rahasia" not in response.text
    assert "Patroli gabungan di 893 TPS" in response.text


def test_the_rsvp_page_hides_the_minutes_when_they_are_not_shared(client, world):
    world.meeting.agenda_items.update(minutes="Catatan rahasia rapat")
    Meeting.objects.filter(pk=world.meeting.pk).update(minutes_shared=False)

    response = as_user(client, world.kpu_liaison).get(rsvp_url(world.meeting))

    assert "Catatan rahasia rapat" not in response.text
    assert "Notulen rapat ini tidak dibagikan" in response.text


def test_the_rsvp_page_hides_other_agencies_action_items(client, world):
    response = as_user(client, world.kpu_liaison).get(rsvp_url(world.meeting))

    assert world.kpu_item.text in response.text
    assert world.kodim_item.text not in response.text


def test_a_liaison_answers_represented_with_a_name(client, world):
    response = as_user(client, world.kpu_liaison).post(
        rsvp_url(world.meeting),
        {"rsvp": "represented", "rsvp_delegate": "Dedi Saputra, Komisioner", "rsvp_note": ""},
    )

    assert response.status_code == 302
    invitation = world.meeting.invitations.get(agency=world.kpu)
    assert invitation.rsvp == Invitation.Rsvp.REPRESENTED
    assert invitation.responded_by == world.kpu_liaison


def test_represented_without_a_name_is_explained_on_the_form(client, world):
    response = as_user(client, world.kpu_liaison).post(
        rsvp_url(world.meeting), {"rsvp": "represented", "rsvp_delegate": "  "}
    )

    assert response.status_code == 200
    assert "Tulis nama, pangkat dan jabatan yang mewakili instansi Anda." in response.text
    assert world.meeting.invitations.get(agency=world.kpu).rsvp == Invitation.Rsvp.PENDING


def test_an_uninvited_liaison_gets_404_at_the_rsvp_url(client, world):
    client = as_user(client, world.bawaslu_liaison)

    assert client.get(rsvp_url(world.meeting)).status_code == 404
    assert client.post(rsvp_url(world.meeting), {"rsvp": "declined"}).status_code == 404


def test_an_invited_agency_cannot_rsvp_to_an_internal_meeting(client, world):
    internal = MeetingFactory(host=world.polres, visibility=Meeting.Visibility.INTERNAL)
    InvitationFactory(meeting=internal, agency=world.kpu)

    response = as_user(client, world.kpu_liaison).get(rsvp_url(internal))

    assert response.status_code == 404


def test_police_do_not_rsvp_for_partner_agencies(client, world):
    response = as_user(client, world.operator).get(rsvp_url(world.meeting))

    assert response.status_code == 403


def test_a_cancelled_meeting_takes_no_more_answers(client, world):
    Meeting.objects.filter(pk=world.meeting.pk).update(status=Meeting.Status.CANCELLED)

    response = as_user(client, world.kpu_liaison).post(
        rsvp_url(world.meeting), {"rsvp": "declined"}
    )

    assert "Rapat ini dibatalkan; konfirmasi tidak diperlukan." in response.text
    assert world.meeting.invitations.get(agency=world.kpu).rsvp == Invitation.Rsvp.PENDING


# --- Tindak lanjut --------------------------------------------------------------------


def test_a_liaison_lists_only_its_agencys_follow_ups(client, world):
    response = as_user(client, world.kpu_liaison).get(ACTION_ITEMS)

    assert list(response.context["page"].object_list) == [world.kpu_item]
    assert world.kodim_item.text not in response.text


def test_an_uninvited_liaison_lists_no_follow_ups(client, world):
    response = as_user(client, world.bawaslu_liaison).get(ACTION_ITEMS)

    assert list(response.context["page"].object_list) == []


def test_an_overdue_follow_up_is_marked_terlambat(client, world):
    past = build_meeting_days_ago(world, 10)
    late = ActionItemFactory(
        meeting=past, owner_agency=world.kpu, due_date=timezone.localdate() - datetime.timedelta(1)
    )

    response = as_user(client, world.kpu_liaison).get(ACTION_ITEMS)

    row = response.text.split(f'data-item="{late.pk}"')[1].split("</tr>")[0]
    assert "Terlambat" in row
    on_time = response.text.split(f'data-item="{world.kpu_item.pk}"')[1].split("</tr>")[0]
    assert "Terlambat" not in on_time


def build_meeting_days_ago(world, days: int) -> Meeting:
    starts = timezone.now() - datetime.timedelta(days=days)
    meeting = MeetingFactory(host=world.polres, starts_at=starts)
    InvitationFactory(meeting=meeting, agency=world.kpu)
    return meeting


def test_the_follow_ups_filter_by_status_and_lateness(client, world):
    past = build_meeting_days_ago(world, 10)
    late = ActionItemFactory(
        meeting=past, owner_agency=world.kpu, due_date=timezone.localdate() - datetime.timedelta(1)
    )
    client = as_user(client, world.kpu_liaison)

    overdue = client.get(ACTION_ITEMS, {"overdue": "on"}).context["page"].object_list
    done = client.get(ACTION_ITEMS, {"status": "done"}).context["page"].object_list

    assert list(overdue) == [late]
    assert list(done) == []


def test_the_follow_ups_filter_by_owner_agency(client, world):
    response = as_user(client, world.operator).get(ACTION_ITEMS, {"owner_agency": world.kodim.pk})

    assert list(response.context["page"].object_list) == [world.kodim_item]


def test_another_agencys_follow_up_is_404(client, world):
    client = as_user(client, world.kpu_liaison)

    assert client.get(item_url(world.kodim_item)).status_code == 404
    assert client.post(item_url(world.kodim_item), {"status": "done"}).status_code == 404


def test_the_owner_liaison_updates_status_and_comments(client, world):
    response = as_user(client, world.kpu_liaison).post(
        item_url(world.kpu_item), {"status": "in_progress", "comment": "Rekap TPS rawan dimulai."}
    )

    assert response.status_code == 302
    world.kpu_item.refresh_from_db()
    assert world.kpu_item.status == ActionItem.Status.IN_PROGRESS
    assert ActionItemComment.objects.get().text == "Rekap TPS rawan dimulai."


def test_the_follow_up_page_shows_comments_and_status_history(client, world):
    client = as_user(client, world.kpu_liaison)
    client.post(item_url(world.kpu_item), {"status": "done", "comment": "Data diserahkan."})

    response = client.get(item_url(world.kpu_item))

    assert "Data diserahkan." in response.text
    history = response.text.split('data-testid="status-history"')[1]
    assert "Selesai" in history
    assert "Kpu Pasbar" in history


def test_an_update_that_changes_nothing_is_explained(client, world):
    response = as_user(client, world.kpu_liaison).post(
        item_url(world.kpu_item), {"status": world.kpu_item.status, "comment": ""}
    )

    assert response.status_code == 200
    assert "Ubah status atau tulis komentar terlebih dahulu." in response.text


def test_the_commander_reads_a_follow_up_but_cannot_update_it(client, world):
    client = as_user(client, world.commander)

    page = client.get(item_url(world.kodim_item))

    assert page.status_code == 200
    assert 'data-testid="action-item-form"' not in page.text
    assert client.post(item_url(world.kodim_item), {"status": "done"}).status_code == 404


def test_the_host_operator_updates_another_agencys_follow_up(client, world):
    response = as_user(client, world.operator).post(
        item_url(world.kodim_item), {"status": "done", "comment": ""}
    )

    assert response.status_code == 302
    world.kodim_item.refresh_from_db()
    assert world.kodim_item.status == ActionItem.Status.DONE


# --- Calendar feed settings -----------------------------------------------------------


def test_a_new_feed_url_is_shown_once(client, world):
    client = as_user(client, world.kpu_liaison)
    client.post(reverse("meetings:calendar_feed_issue"))

    first = client.get(CALENDAR)
    second = client.get(CALENDAR)

    url = first.context["feed_url"]
    assert url.startswith("http://testserver/rapat/kalender/") and url.endswith(".ics")
    assert url in first.text
    assert second.context["feed_url"] is None
    assert client.logout() is None
    assert client.get(url.removeprefix("http://testserver")).status_code == 200


def test_revoking_the_feed_from_the_page_stops_it(client, world):
    client = as_user(client, world.kpu_liaison)
    client.post(reverse("meetings:calendar_feed_issue"))
    url = client.get(CALENDAR).context["feed_url"].removeprefix("http://testserver")

    client.post(reverse("meetings:calendar_feed_revoke"))

    assert client.get(url).status_code == 404
    assert "belum memiliki URL kalender yang aktif" in client.get(CALENDAR).text


def test_the_feed_actions_take_only_post(client, world):
    response = as_user(client, world.kpu_liaison).get(reverse("meetings:calendar_feed_issue"))

    assert response.status_code == 405


# --- Bounded queries with 10,000 meetings ---------------------------------------------


def bulk_shared_meetings(world, count: int) -> None:
    now = timezone.now()
    meetings = Meeting.objects.bulk_create(
        Meeting(
            host=world.polres if i % 2 else world.other_polres,
            kind=Meeting.Kind.RAKOR,
            title=f"Rakor massal {i}",
            starts_at=now + datetime.timedelta(hours=i - count // 2),
            ends_at=now + datetime.timedelta(hours=i - count // 2 + 1),
            venue="Aula",
            visibility=Meeting.Visibility.SHARED,
            status=Meeting.Status.CANCELLED if i % 17 == 0 else Meeting.Status.SCHEDULED,
        )
        for i in range(count)
    )
    Invitation.objects.bulk_create(
        Invitation(meeting=meeting, agency=agency)
        for meeting in meetings
        for agency in (world.kpu, world.kodim)
    )
    ActionItem.objects.bulk_create(
        ActionItem(
            meeting=meeting,
            text=f"Tindak lanjut {meeting.title}",
            owner_agency=world.kpu,
            due_date=meeting.starts_at.date() + datetime.timedelta(days=3),
        )
        for meeting in meetings
    )
    # A real database analyses tables as they grow; inside the test transaction
    # autovacuum cannot, and PostgreSQL would plan for empty tables.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE meetings_meeting, meetings_invitation, meetings_actionitem")


@pytest.fixture
def crowded_world(world):
    bulk_shared_meetings(world, 10_000)
    return world


@pytest.mark.bulk
@pytest.mark.parametrize("role", ["kpu_liaison", "operator", "commander"])
def test_agenda_bersama_runs_bounded_queries_with_10000_meetings(
    client, crowded_world, role, django_assert_max_num_queries
):
    client = as_user(client, getattr(crowded_world, role))

    # The page's rows are ranked by id, then read with their host and operation.
    with django_assert_max_num_queries(8):
        response = client.get(AGENDA, {"halaman": "3"})

    assert len(response.context["page"].object_list) == 25
    # The operator sees the half its unit hosts; the others see all.
    assert response.context["page"].paginator.count >= 5_000


@pytest.mark.bulk
def test_the_agenda_month_calendar_runs_bounded_queries_with_10000_meetings(
    client, crowded_world, django_assert_max_num_queries
):
    client = as_user(client, crowded_world.kpu_liaison)

    with django_assert_max_num_queries(6):
        response = client.get(AGENDA, {"tampilan": "bulan"})

    assert len(meetings_in(response.context["grid"])) > 100


@pytest.mark.bulk
def test_the_follow_up_list_runs_bounded_queries_with_10000_items(
    client, crowded_world, django_assert_max_num_queries
):
    client = as_user(client, crowded_world.kpu_liaison)

    with django_assert_max_num_queries(6):
        response = client.get(ACTION_ITEMS, {"halaman": "2"})

    assert len(response.context["page"].object_list) == 25


@pytest.mark.bulk
def test_the_rsvp_page_runs_bounded_queries_with_10000_meetings(
    client, crowded_world, django_assert_max_num_queries
):
    client = as_user(client, crowded_world.kpu_liaison)

    with django_assert_max_num_queries(14):
        response = client.get(rsvp_url(crowded_world.meeting))

    assert response.status_code == 200


def test_the_rsvp_page_survives_an_answer_whose_author_was_deleted(client, world):
    world.meeting.invitations.filter(agency=world.kpu).update(
        rsvp=Invitation.Rsvp.ATTENDING, responded_at=timezone.now(), responded_by=None
    )

    response = as_user(client, world.kpu_liaison).get(rsvp_url(world.meeting))

    assert response.status_code == 200
    assert "Hadir" in response.text
