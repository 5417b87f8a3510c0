import datetime
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from agencies.models import Agency
from meetings import services
from meetings.models import Meeting
from tests.factories import AgencyFactory, InvitationFactory, MeetingFactory, region_chain
from tests.worlds import build_world

pytestmark = pytest.mark.django_db

WITA = zoneinfo.ZoneInfo("Asia/Makassar")
WIB = zoneinfo.ZoneInfo("Asia/Jakarta")


def parse(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def events(calendar: Calendar) -> dict[str, object]:
    return {str(event["uid"]): event for event in calendar.walk("VEVENT")}


def meeting_ics(client, user, meeting):
    client.force_login(user)
    return client.get(reverse("meetings:meeting_ics", args=[meeting.pk]))


def feed_url_for(user) -> str:
    _feed, token = services.issue_calendar_feed(user=user)
    return reverse("meetings:calendar_feed", args=[token])


def test_a_wita_meeting_starts_at_its_local_time_in_asia_makassar(client):
    world = build_world(shared_rakor=True)
    polda_kalsel = AgencyFactory(kind=Agency.Kind.POLDA, seat=region_chain("63"))
    starts = datetime.datetime(2023, 10, 19, 8, 30, tzinfo=WITA)
    meeting = MeetingFactory(
        host=polda_kalsel, starts_at=starts, ends_at=starts + datetime.timedelta(hours=3)
    )
    InvitationFactory(meeting=meeting, agency=world.kpu)

    event = parse(meeting_ics(client, world.kpu_liaison, meeting)).walk("VEVENT")[0]

    assert event["dtstart"].params["TZID"] == "Asia/Makassar"
    assert event.decoded("dtstart") == starts
    assert event.decoded("dtstart").replace(tzinfo=None) == datetime.datetime(2023, 10, 19, 8, 30)


def test_a_wib_meeting_carries_asia_jakarta_and_its_vtimezone(client):
    world = build_world(shared_rakor=True)
    calendar = parse(meeting_ics(client, world.kpu_liaison, world.meeting))

    event = calendar.walk("VEVENT")[0]
    zones = [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")]
    assert zones == ["Asia/Jakarta"]
    assert event["dtstart"].params["TZID"] == "Asia/Jakarta"
    assert event["dtend"].params["TZID"] == "Asia/Jakarta"
    assert event.decoded("dtstart") == world.meeting.starts_at.replace(microsecond=0)


def test_a_cancelled_meeting_is_status_cancelled(client):
    world = build_world(shared_rakor=True)
    Meeting.objects.filter(pk=world.meeting.pk).update(status=Meeting.Status.CANCELLED)

    event = parse(meeting_ics(client, world.kpu_liaison, world.meeting)).walk("VEVENT")[0]

    assert event["status"] == "CANCELLED"
    assert "DIBATALKAN" in str(event["summary"])


def test_the_uid_is_stable_and_the_sequence_follows_the_version(client):
    world = build_world(shared_rakor=True)
    first = parse(meeting_ics(client, world.kpu_liaison, world.meeting)).walk("VEVENT")[0]
    Meeting.objects.filter(pk=world.meeting.pk).update(version=4)

    second = parse(meeting_ics(client, world.kpu_liaison, world.meeting)).walk("VEVENT")[0]

    assert first["uid"] == second["uid"] == f"rapat-{world.meeting.pk}@sinergi"
    assert (first.decoded("sequence"), second.decoded("sequence")) == (1, 4)


def test_the_liaisons_description_lists_the_agenda_without_internal_items(client):
    world = build_world(shared_rakor=True)

    event = parse(meeting_ics(client, world.kpu_liaison, world.meeting)).walk("VEVENT")[0]

    description = str(event["description"])
    assert "Pembukaan" in description
    assert "Paparan Ketua KPU" in description
    assert "Paparan intelijen" not in description


def test_hidden_internal_items_still_push_back_the_times_of_the_next_ones(client):
    world = build_world(
        shared_rakor=True, starts_at=datetime.datetime(2024, 8, 15, 2, 0, tzinfo=datetime.UTC)
    )

    event = parse(meeting_ics(client, world.kpu_liaison, world.meeting)).walk("VEVENT")[0]

    # 09.00 WIB opening (15 min), hidden 30 min briefing, so the KPU talk is at 09.45.
    assert "09.00 WIB  Pembukaan" in str(event["description"])
    assert "09.45 WIB  Paparan Ketua KPU" in str(event["description"])


def test_the_operators_description_includes_internal_items(client):
    world = build_world(shared_rakor=True)

    event = parse(meeting_ics(client, world.operator, world.meeting)).walk("VEVENT")[0]

    assert "Paparan intelijen" in str(event["description"])


def test_the_ics_of_a_meeting_not_shared_with_the_agency_is_404(client):
    world = build_world(shared_rakor=True)

    response = meeting_ics(client, world.bawaslu_liaison, world.meeting)

    assert response.status_code == 404


def test_the_feed_needs_no_session_and_is_a_published_calendar(client):
    world = build_world(shared_rakor=True)
    url = feed_url_for(world.kpu_liaison)

    calendar = parse(client.get(url))

    assert calendar["method"] == "PUBLISH"
    assert f"rapat-{world.meeting.pk}@sinergi" in events(calendar)


def test_the_feed_shows_only_what_its_user_may_see(client):
    world = build_world(shared_rakor=True)
    internal = MeetingFactory(host=world.polres, visibility=Meeting.Visibility.INTERNAL)
    uninvited = MeetingFactory(host=world.polres, title="Rakor tanpa KPU")
    InvitationFactory(meeting=uninvited, agency=world.bawaslu)
    open_meeting = MeetingFactory(host=world.other_polres, visibility=Meeting.Visibility.OPEN)

    uids = set(events(parse(client.get(feed_url_for(world.kpu_liaison)))))

    assert uids == {f"rapat-{world.meeting.pk}@sinergi"}
    assert f"rapat-{open_meeting.pk}@sinergi" not in uids
    assert f"rapat-{internal.pk}@sinergi" not in uids
    assert f"rapat-{uninvited.pk}@sinergi" not in uids


def test_the_feed_of_an_operator_includes_its_units_internal_meetings(client):
    world = build_world(shared_rakor=True)
    internal = MeetingFactory(host=world.polres, visibility=Meeting.Visibility.INTERNAL)

    uids = set(events(parse(client.get(feed_url_for(world.operator)))))

    assert f"rapat-{internal.pk}@sinergi" in uids


def test_the_feed_carries_a_vtimezone_for_each_zone_used(client):
    world = build_world(shared_rakor=True)
    polda_kalsel = AgencyFactory(kind=Agency.Kind.POLDA, seat=region_chain("63"))
    kalsel_meeting = MeetingFactory(host=polda_kalsel)
    InvitationFactory(meeting=kalsel_meeting, agency=world.kpu)

    calendar = parse(client.get(feed_url_for(world.kpu_liaison)))

    assert {str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")} == {
        "Asia/Jakarta",
        "Asia/Makassar",
    }
    tzids = {str(e["uid"]): e["dtstart"].params["TZID"] for e in calendar.walk("VEVENT")}
    assert tzids[f"rapat-{kalsel_meeting.pk}@sinergi"] == "Asia/Makassar"


def test_a_cancelled_meeting_stays_in_the_feed_as_cancelled(client):
    world = build_world(shared_rakor=True)
    Meeting.objects.filter(pk=world.meeting.pk).update(status=Meeting.Status.CANCELLED)

    calendar = parse(client.get(feed_url_for(world.kpu_liaison)))

    assert events(calendar)[f"rapat-{world.meeting.pk}@sinergi"]["status"] == "CANCELLED"


def test_a_revoked_token_is_404(client):
    world = build_world(shared_rakor=True)
    url = feed_url_for(world.kpu_liaison)
    services.revoke_calendar_feed(user=world.kpu_liaison)

    assert client.get(url).status_code == 404


def test_a_replaced_token_is_404_and_the_new_one_works(client):
    world = build_world(shared_rakor=True)
    old_url = feed_url_for(world.kpu_liaison)
    new_url = feed_url_for(world.kpu_liaison)

    assert client.get(old_url).status_code == 404
    assert client.get(new_url).status_code == 200


def test_an_unknown_token_is_404(client):
    build_world(shared_rakor=True)

    response = client.get(reverse("meetings:calendar_feed", args=["tidak-ada-token-seperti-ini"]))

    assert response.status_code == 404


def test_the_token_itself_is_not_stored(client):
    world = build_world(shared_rakor=True)
    feed, token = services.issue_calendar_feed(user=world.kpu_liaison)

    feed.refresh_from_db()
    assert token not in feed.token_hash
    assert feed.token_hash == feed.digest(token)


def test_each_event_links_to_its_meeting_page(client):
    world = build_world(shared_rakor=True)

    event = parse(meeting_ics(client, world.kpu_liaison, world.meeting)).walk("VEVENT")[0]

    assert str(event["url"]) == f"http://testserver/rapat/{world.meeting.pk}/"


def test_the_feed_leaves_out_meetings_older_than_three_months(client):
    world = build_world(shared_rakor=True)
    long_ago = MeetingFactory(
        host=world.polres, starts_at=timezone.now() - datetime.timedelta(days=120)
    )
    InvitationFactory(meeting=long_ago, agency=world.kpu)

    uids = set(events(parse(client.get(feed_url_for(world.kpu_liaison)))))

    assert f"rapat-{long_ago.pk}@sinergi" not in uids
    assert f"rapat-{world.meeting.pk}@sinergi" in uids
