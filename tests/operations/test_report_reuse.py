"""A readiness report asked for earlier answers a new request while it would show exactly
the same (operations.report_reuse)."""

import datetime

import pytest
from django.utils import timezone

from operations import services
from operations.models import ReadinessReport
from polling_stations import services as ps_services
from polling_stations.models import PollingStation
from tests.factories import MeetingFactory
from tests.worlds import CATEGORY_SPLIT, build_world, finish_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world(polsek=7, operation=True, tps=CATEGORY_SPLIT, held_meetings=2)


def ask(world, user=None):
    return services.request_readiness_report(
        operation=world.operation, unit=world.polres, user=user or world.commander
    )


def test_a_finished_report_answers_a_new_request_when_nothing_changed(world):
    first = ask(world)
    finish_report(first)

    again = ask(world, world.operator)

    assert again.pk == first.pk
    assert ReadinessReport.objects.count() == 1


def test_a_meeting_changed_since_makes_a_new_report(world, django_capture_on_commit_callbacks):
    first = ask(world)
    finish_report(first)

    meeting = world.meetings[0]
    meeting.title = "Rakor diganti judulnya"
    with django_capture_on_commit_callbacks(execute=True):
        meeting.save()
    again = ask(world)

    assert again.pk != first.pk
    assert again.status == ReadinessReport.Status.QUEUED


def test_a_tps_category_changed_since_makes_a_new_report(world, django_capture_on_commit_callbacks):
    first = ask(world)
    finish_report(first)

    station = PollingStation.objects.filter(category="kurang_rawan").first()
    with django_capture_on_commit_callbacks(execute=True):
        ps_services.override_category(
            polling_station=station, category="rawan", reason="Hasil patroli", user=world.operator
        )
    again = ask(world)

    assert again.pk != first.pk


def test_a_failed_report_never_answers_a_new_request(world):
    first = ask(world)
    ReadinessReport.objects.filter(pk=first.pk).update(
        status=ReadinessReport.Status.FAILED, failure_reason="uji"
    )

    again = ask(world)

    assert again.pk != first.pk


def test_a_report_is_not_reused_once_a_meeting_it_shows_has_ended(world, monkeypatch):
    now = timezone.now()
    ongoing = MeetingFactory(
        host=world.polres,
        operation=world.operation,
        starts_at=now - datetime.timedelta(hours=1),
        ends_at=now + datetime.timedelta(minutes=30),
    )
    first = ask(world)
    finish_report(first)

    # Half an hour later the meeting counts as held, without any write.
    later = ongoing.ends_at + datetime.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    again = ask(world)

    assert again.pk != first.pk
