"""What the liaison pages read without a query of their own: who may update a listed
follow-up, the agenda's total, the operations its filter offers, the .ics file, feed use."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from meetings import selectors, services
from meetings.models import ActionItem, CalendarFeed, Invitation, Meeting
from tests.factories import (
    ActionItemFactory,
    InvitationFactory,
    MeetingFactory,
    OperationFactory,
)
from tests.worlds import build_world

pytestmark = pytest.mark.django_db

AGENDA = reverse("meetings:shared_agenda")


@pytest.fixture
def world():
    return build_world(shared_rakor=True)


def _as(client, user):
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "role", ["kpu_liaison", "bawaslu_liaison", "operator", "other_operator", "commander"]
)
def test_it_finds_the_updatable_follow_ups_among_the_visible_as_updatable_by_does(world, role):
    user = getattr(world, role)
    ActionItemFactory(meeting=world.meeting, owner_agency=world.bawaslu)
    visible = list(selectors.action_item_list(user=user))

    found = selectors.updatable_visible_action_item_ids(user=user, action_items=visible)

    assert found == selectors.updatable_action_item_ids(user=user, action_items=visible)


def test_an_admin_may_update_every_listed_follow_up(world):
    admin = User.objects.create_superuser("admin.pages", "admin@example.org", "x")
    visible = list(selectors.action_item_list(user=admin))

    found = selectors.updatable_visible_action_item_ids(user=admin, action_items=visible)

    assert found == {item.pk for item in ActionItem.objects.all()}


def _shared_meetings(world, count: int) -> list[Meeting]:
    now = timezone.now()
    meetings = [
        MeetingFactory(
            host=world.polres,
            title=f"Rakor berseri {i}",
            starts_at=now + datetime.timedelta(days=i + 1),
            ends_at=now + datetime.timedelta(days=i + 1, hours=2),
            visibility=Meeting.Visibility.SHARED,
        )
        for i in range(count)
    ]
    Invitation.objects.bulk_create(
        Invitation(meeting=meeting, agency=world.kpu) for meeting in meetings
    )
    return meetings


def test_the_agenda_counts_its_pages_from_its_own_rows(client, world):
    _shared_meetings(world, 30)  # and world.meeting: 31 rows, two pages
    client = _as(client, world.kpu_liaison)

    first = client.get(AGENDA)
    second = client.get(AGENDA, {"halaman": "2"})

    assert first.context["page"].paginator.count == 31
    assert first.context["page"].paginator.num_pages == 2
    assert "Halaman 1 dari 2" in first.text
    assert len(second.context["page"].object_list) == 6


def test_the_agenda_rows_link_the_meeting_and_its_ics_and_name_the_invited(client, world):
    response = _as(client, world.kpu_liaison).get(AGENDA)

    meeting = world.meeting
    assert f'href="{reverse("meetings:detail", args=[meeting.pk])}"' in response.text
    assert f'href="{reverse("meetings:meeting_ics", args=[meeting.pk])}"' in response.text
    for invitation in meeting.invitations.select_related("agency"):
        assert invitation.agency.short_name in response.text


def test_the_agenda_offers_the_operations_of_the_meetings_it_lists(client, world):
    listed = OperationFactory(commanding_unit=world.polda, name="Mantap Praja Listed")
    elsewhere = OperationFactory(commanding_unit=world.polda, name="Operasi Tanpa Rapat")
    Meeting.objects.filter(pk=world.meeting.pk).update(operation=listed)

    response = _as(client, world.kpu_liaison).get(AGENDA)

    options = list(response.context["filter"].form.fields["operation"].queryset)
    assert options == [listed]
    assert elsewhere.name not in response.text


def test_the_ics_file_is_404_for_a_meeting_the_user_may_not_see(client, world):
    url = reverse("meetings:meeting_ics", args=[world.meeting.pk])

    assert _as(client, world.kpu_liaison).get(url).status_code == 200
    assert _as(client, world.bawaslu_liaison).get(url).status_code == 404


def test_a_feed_polled_again_within_the_minute_is_not_written_again(world):
    feed, _token = services.issue_calendar_feed(user=world.kpu_liaison)
    services.record_calendar_feed_use(feed=feed)
    first = CalendarFeed.objects.get(pk=feed.pk).last_used_at
    feed.last_used_at = first

    services.record_calendar_feed_use(feed=feed)

    assert first is not None
    assert CalendarFeed.objects.get(pk=feed.pk).last_used_at == first


def test_a_feed_polled_after_a_minute_records_the_new_use(world):
    feed, _token = services.issue_calendar_feed(user=world.kpu_liaison)
    long_ago = timezone.now() - datetime.timedelta(minutes=5)
    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=long_ago)
    feed.last_used_at = long_ago

    services.record_calendar_feed_use(feed=feed)

    assert CalendarFeed.objects.get(pk=feed.pk).last_used_at > long_ago


# --- The list's rows, cached: every write they show reaches the page ------------------


def _agenda(client, world):
    return _as(client, world.kpu_liaison).get(AGENDA).text


def test_the_cached_rows_show_a_renamed_meeting(client, world):
    _agenda(client, world)
    world.meeting.title = "Rakor pengamanan yang diganti namanya"
    world.meeting.save()

    assert "Rakor pengamanan yang diganti namanya" in _agenda(client, world)


def test_the_cached_rows_show_a_renamed_host(client, world):
    _agenda(client, world)
    host = world.meeting.host
    host.short_name = "Polres Nama Baru"
    host.save()

    assert "Polres Nama Baru" in _agenda(client, world)


def test_the_cached_rows_show_a_renamed_operation(client, world):
    operation = OperationFactory(commanding_unit=world.polda, name="Operasi Lama")
    Meeting.objects.filter(pk=world.meeting.pk).update(operation=operation)
    world.meeting.refresh_from_db()
    world.meeting.save()  # as the editor would
    assert "Operasi Lama" in _agenda(client, world)
    operation.name = "Operasi Baru"
    operation.save()

    assert "Operasi Baru" in _agenda(client, world)


def test_the_cached_rows_show_a_new_invitation(client, world):
    _agenda(client, world)
    Invitation.objects.create(meeting=world.meeting, agency=world.bawaslu)

    assert world.bawaslu.short_name in _agenda(client, world)


def test_the_cached_rows_show_the_liaisons_answer(client, world):
    assert "Belum menjawab" in _agenda(client, world)
    services.respond_to_invitation(
        invitation=world.meeting.invitations.get(agency=world.kpu),
        user=world.kpu_liaison,
        rsvp=Invitation.Rsvp.DECLINED,
        delegate="",
        note="",
    )

    rows = _agenda(client, world).split('data-testid="shared-agenda"')[1]
    assert "Belum menjawab" not in rows
    assert "Tidak hadir" in rows


def test_the_cached_rows_are_not_another_liaisons(client, world):
    InvitationFactory(meeting=world.meeting, agency=world.bawaslu)
    kpu_text = _agenda(client, world)

    bawaslu_text = _as(client, world.bawaslu_liaison).get(AGENDA).text

    assert 'data-testid="rsvp-link"' in kpu_text
    assert f"{world.bawaslu.short_name}: <span" in bawaslu_text
    assert f"{world.kpu.short_name}: <span" not in bawaslu_text


def test_the_ics_file_reads_the_meeting_and_its_agenda_once(
    client, world, django_assert_max_num_queries
):
    client = _as(client, world.kpu_liaison)
    url = reverse("meetings:meeting_ics", args=[world.meeting.pk])

    # The session's user and memberships, the meeting, its agenda items.
    with django_assert_max_num_queries(6):
        response = client.get(url)

    assert response.status_code == 200
    assert world.meeting.title.encode() in response.content


def test_the_cached_rows_spare_the_invitations_query(client, world, django_assert_max_num_queries):
    client = _as(client, world.kpu_liaison)
    client.get(AGENDA)

    # The session's user and memberships, the rows (ranked, then read), the operations
    # offered.
    with django_assert_max_num_queries(7):
        response = client.get(AGENDA)

    assert world.meeting.title in response.text


def _month(client, world):
    day = world.meeting.starts_at.date()
    params = {"tampilan": "bulan", "tanggal": day.isoformat()}
    return _as(client, world.kpu_liaison).get(AGENDA, params).text


def test_the_cached_calendar_shows_a_renamed_meeting(client, world):
    assert world.meeting.title in _month(client, world)
    world.meeting.title = "Rakor yang pindah nama"
    world.meeting.save()

    assert "Rakor yang pindah nama" in _month(client, world)


def test_the_cached_calendar_shows_a_meeting_newly_shared(client, world):
    _month(client, world)
    added = MeetingFactory(
        host=world.polres,
        title="Rakor susulan",
        starts_at=world.meeting.starts_at + datetime.timedelta(hours=4),
        ends_at=world.meeting.starts_at + datetime.timedelta(hours=5),
        visibility=Meeting.Visibility.SHARED,
    )
    Invitation.objects.create(meeting=added, agency=world.kpu)

    assert "Rakor susulan" in _month(client, world)
