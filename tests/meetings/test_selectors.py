import datetime
import zoneinfo

import pytest
from django.utils import timezone

from agencies.models import Agency, Membership
from agencies.zones import WIB, WITA
from meetings import selectors, services
from meetings.models import ActionItem, Meeting
from tests.factories import (
    ActionItemFactory,
    AgencyFactory,
    InvitationFactory,
    MeetingFactory,
    region_chain,
)
from tests.worlds import build_world, rakor, user_with

pytestmark = pytest.mark.django_db

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")


def days_from_now(days: float) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


def shared_with_kpu(world, **kwargs) -> Meeting:
    meeting = MeetingFactory(host=world.polres, **kwargs)
    InvitationFactory(meeting=meeting, agency=world.kpu)
    return meeting


def test_agenda_bersama_lists_upcoming_soonest_first_then_past_latest_first():
    world = build_world(shared_rakor=True, starts_at=days_from_now(3))
    soon = shared_with_kpu(world, starts_at=days_from_now(1))
    later = shared_with_kpu(world, starts_at=days_from_now(10))
    last_week = shared_with_kpu(world, starts_at=days_from_now(-7))
    last_month = shared_with_kpu(world, starts_at=days_from_now(-30))

    rows = list(selectors.shared_agenda(user=world.kpu_liaison))

    assert rows == [soon, world.meeting, later, last_week, last_month]
    assert [m.is_past for m in rows] == [False, False, False, True, True]


def test_agenda_bersama_of_a_liaison_holds_only_its_agencys_meetings():
    world = build_world(shared_rakor=True)
    internal = MeetingFactory(host=world.polres, visibility=Meeting.Visibility.INTERNAL)
    InvitationFactory(meeting=internal, agency=world.kpu)
    bawaslu_only = MeetingFactory(host=world.polres)
    InvitationFactory(meeting=bawaslu_only, agency=world.bawaslu)
    MeetingFactory(host=world.other_polres, visibility=Meeting.Visibility.OPEN)

    rows = set(selectors.shared_agenda(user=world.kpu_liaison))

    assert rows == {world.meeting}


def test_agenda_bersama_is_empty_for_an_uninvited_liaison():
    world = build_world(shared_rakor=True)

    assert list(selectors.shared_agenda(user=world.bawaslu_liaison)) == []


def test_agenda_bersama_of_police_holds_meetings_their_subtree_is_invited_to():
    world = build_world(shared_rakor=True)
    kodim_rakor = MeetingFactory(host=world.kodim, title="Rakor Kodim")
    InvitationFactory(meeting=kodim_rakor, agency=world.polres)

    assert kodim_rakor in set(selectors.shared_agenda(user=world.operator))
    assert kodim_rakor in set(selectors.shared_agenda(user=world.commander))
    assert kodim_rakor not in set(selectors.shared_agenda(user=world.other_operator))


def test_agenda_bersama_leaves_out_internal_meetings_even_for_the_host():
    world = build_world(shared_rakor=True)
    internal = MeetingFactory(host=world.polres, visibility=Meeting.Visibility.INTERNAL)

    rows = set(selectors.shared_agenda(user=world.operator))

    assert world.meeting in rows
    assert internal not in rows


def test_a_liaison_sees_no_internal_agenda_item_but_the_real_times():
    world = build_world(
        shared_rakor=True, starts_at=datetime.datetime(2024, 8, 15, 2, 0, tzinfo=datetime.UTC)
    )

    view = selectors.meeting_for_viewer(
        meeting=world.meeting, viewer=selectors.Viewer.of(world.kpu_liaison)
    )

    assert [e.item.title for e in view.agenda] == ["Pembukaan", "Paparan Ketua KPU"]
    assert view.agenda[1].starts_at.astimezone(JAKARTA).time() == datetime.time(9, 45)


def test_the_operator_sees_every_agenda_item():
    world = build_world(shared_rakor=True)

    view = selectors.meeting_for_viewer(
        meeting=world.meeting, viewer=selectors.Viewer.of(world.operator)
    )

    assert [e.item.title for e in view.agenda] == [
        "Pembukaan",
        "Paparan intelijen",
        "Paparan Ketua KPU",
    ]


def test_a_liaison_sees_shared_decisions_but_not_internal_ones():
    world = build_world(shared_rakor=True)

    view = selectors.meeting_for_viewer(
        meeting=world.meeting, viewer=selectors.Viewer.of(world.kpu_liaison)
    )

    assert [d.text for d in view.decisions] == ["Patroli gabungan di 893 TPS"]


def test_a_liaison_gets_no_minutes_when_they_are_not_shared_but_keeps_shared_decisions():
    world = build_world(shared_rakor=True)
    world.meeting.agenda_items.update(minutes="Notulen rahasia")
    Meeting.objects.filter(pk=world.meeting.pk).update(minutes_shared=False)
    world.meeting.refresh_from_db()

    view = selectors.meeting_for_viewer(
        meeting=world.meeting, viewer=selectors.Viewer.of(world.kpu_liaison)
    )

    assert view.minutes_visible is False
    assert {e.minutes for e in view.agenda} == {""}
    assert [d.text for d in view.decisions] == ["Patroli gabungan di 893 TPS"]


def test_the_operator_reads_minutes_that_are_not_shared():
    world = build_world(shared_rakor=True)
    world.meeting.agenda_items.update(minutes="Notulen rahasia")
    Meeting.objects.filter(pk=world.meeting.pk).update(minutes_shared=False)
    world.meeting.refresh_from_db()

    view = selectors.meeting_for_viewer(
        meeting=world.meeting, viewer=selectors.Viewer.of(world.operator)
    )

    assert {e.minutes for e in view.agenda} == {"Notulen rahasia"}


def test_a_liaison_sees_only_its_own_agencys_action_items():
    world = build_world(shared_rakor=True)

    view = selectors.meeting_for_viewer(
        meeting=world.meeting, viewer=selectors.Viewer.of(world.kpu_liaison)
    )

    assert view.action_items == [world.kpu_item]


def test_the_rsvp_page_lets_a_liaison_update_its_own_action_items():
    world = build_world(shared_rakor=True)
    invitation = world.meeting.invitations.get(agency=world.kpu)

    page = selectors.rsvp_page(invitation=invitation, user=world.kpu_liaison)

    assert page.updatable_action_item_ids == {world.kpu_item.pk}
    assert page.rsvp_open is True


def test_the_commander_sees_every_action_item():
    world = build_world(shared_rakor=True)

    view = selectors.meeting_for_viewer(
        meeting=world.meeting, viewer=selectors.Viewer.of(world.commander)
    )

    assert set(view.action_items) == {world.kpu_item, world.kodim_item}


def test_the_rsvp_page_runs_a_fixed_number_of_queries(django_assert_max_num_queries):
    world = build_world(shared_rakor=True)
    for _ in range(30):
        ActionItemFactory(meeting=world.meeting, owner_agency=world.kpu)
    invitation = world.meeting.invitations.get(agency=world.kpu)
    selectors.Viewer.of(world.kpu_liaison)  # access is cached per user

    with django_assert_max_num_queries(6):
        page = selectors.rsvp_page(invitation=invitation, user=world.kpu_liaison)
        [(i.owner_agency.short_name, i.owner_official) for i in page.view.action_items]


def test_the_month_grid_starts_on_monday_and_covers_whole_weeks():
    world = build_world(
        shared_rakor=True, starts_at=datetime.datetime(2024, 8, 15, 2, 0, tzinfo=datetime.UTC)
    )

    grid = selectors.calendar_grid(
        meetings=selectors.shared_meetings(user=world.kpu_liaison),
        mode="month",
        anchor=datetime.date(2024, 8, 20),
        zone=WIB,
    )

    assert grid.weeks[0][0].date == datetime.date(2024, 7, 29)
    assert grid.weeks[-1][-1].date == datetime.date(2024, 9, 1)
    assert all(len(week) == 7 for week in grid.weeks)
    day = next(d for week in grid.weeks for d in week if d.date == datetime.date(2024, 8, 15))
    assert day.meetings == [world.meeting]
    assert (grid.previous_anchor, grid.next_anchor) == (
        datetime.date(2024, 7, 1),
        datetime.date(2024, 9, 1),
    )


def test_the_grid_places_a_meeting_on_the_day_of_the_readers_zone():
    # 23.30 WIB on the 15th is 00.30 WITA on the 16th.
    world = build_world(
        shared_rakor=True, starts_at=datetime.datetime(2024, 8, 15, 16, 30, tzinfo=datetime.UTC)
    )

    def days_with_meeting(zone):
        grid = selectors.calendar_grid(
            meetings=selectors.shared_meetings(user=world.kpu_liaison),
            mode="week",
            anchor=datetime.date(2024, 8, 15),
            zone=zone,
        )
        return [d.date.day for week in grid.weeks for d in week if d.meetings]

    assert days_with_meeting(WIB) == [15, 16]  # 23.30 - 02.30 spans midnight
    assert days_with_meeting(WITA) == [16]


def test_the_week_grid_is_one_week_from_monday():
    world = build_world(shared_rakor=True)

    grid = selectors.calendar_grid(
        meetings=selectors.shared_meetings(user=world.kpu_liaison),
        mode="week",
        anchor=datetime.date(2024, 8, 15),
        zone=WIB,
    )

    assert [d.date for d in grid.weeks[0]][0] == datetime.date(2024, 8, 12)
    assert len(grid.weeks) == 1


def test_the_follow_up_list_of_a_liaison_holds_only_its_agencys_items():
    world = build_world(shared_rakor=True)

    assert list(selectors.action_item_list(user=world.kpu_liaison)) == [world.kpu_item]
    assert list(selectors.action_item_list(user=world.bawaslu_liaison)) == []


def test_the_follow_up_list_puts_closed_items_last():
    world = build_world(shared_rakor=True)
    ActionItem.objects.filter(pk=world.kpu_item.pk).update(status=ActionItem.Status.DONE)

    rows = list(selectors.action_item_list(user=world.operator))

    assert rows == [world.kodim_item, world.kpu_item]


def test_the_status_history_names_who_changed_it():
    world = build_world(shared_rakor=True)
    services.update_action_item(
        action_item=world.kpu_item, user=world.kpu_liaison, status=ActionItem.Status.IN_PROGRESS
    )

    history = selectors.action_item_status_history(action_item=world.kpu_item)

    assert history[0]["to"] == "Sedang dikerjakan"
    assert history[0]["from"] == "Belum dikerjakan"
    assert history[0]["user"] == world.kpu_liaison


def test_a_decision_behind_a_follow_up_is_hidden_from_a_liaison_when_internal():
    world = build_world(shared_rakor=True)
    internal = world.meeting.decisions.get(is_internal=True)
    ActionItem.objects.filter(pk=world.kpu_item.pk).update(decision=internal)
    item = selectors.action_item_detail(user=world.kpu_liaison, pk=world.kpu_item.pk)

    assert selectors.decision_for_viewer(action_item=item, user=world.kpu_liaison) is None
    assert selectors.decision_for_viewer(action_item=item, user=world.operator) == internal


def test_the_viewer_zone_is_that_of_the_users_agency():
    world = build_world(shared_rakor=True)
    kpu_kalsel = AgencyFactory(kind=Agency.Kind.KPU, seat=region_chain("63"))
    kalsel_liaison = user_with(Membership.Role.LIAISON, kpu_kalsel, "kpu_kalsel")

    assert selectors.viewer_zone(user=world.operator) == WIB
    assert selectors.viewer_zone(user=kalsel_liaison) == WITA


def test_the_feed_keeps_the_nearest_meetings_when_there_are_too_many():
    world = build_world(shared_rakor=True, starts_at=days_from_now(1))
    far = shared_with_kpu(world, starts_at=days_from_now(60))
    near = shared_with_kpu(world, starts_at=days_from_now(2))

    rows = list(selectors.calendar_feed_meetings(user=world.kpu_liaison, limit=2))

    assert rows == [world.meeting, near]
    assert far not in rows


def test_the_parties_of_a_meeting_are_its_host_and_its_invited_agencies(world, meeting):
    other = rakor(world)
    InvitationFactory(meeting=other, agency=world.partners["Bawaslu Pasaman Barat"])

    parties = selectors.meeting_parties(meeting=meeting)

    assert [agency.short_name for agency in parties] == sorted(
        [world.polres.short_name, "KPU Pasaman Barat", "Kodim 0305/Pasaman"],
        key=lambda name: Agency.objects.get(short_name=name).path,
    )
