"""The dashboard, kept in the cache: every write that changes what it shows, and the
passing of time, show on the next page."""

import datetime

import pytest
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone

from agencies.models import Membership
from polling_stations import services as ps_services
from polling_stations.changes import stations_changed
from polling_stations.models import PollingStation
from tests.factories import ActionItemFactory, MeetingFactory, MembershipFactory
from tests.worlds import CATEGORY_SPLIT, STRENGTH, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world(polsek=7, operation=True, tps=CATEGORY_SPLIT, held_meetings=3)


@pytest.fixture
def chief(client, world):
    user = MembershipFactory(agency=world.polda, role=Membership.Role.COMMANDER).user
    client.force_login(user)
    return user


def dashboard(client, world, unit):
    return client.get(reverse("operations:dashboard", args=[world.operation.slug, unit.slug]))


def totals(response) -> dict[str, int]:
    return dict(response.context["tps_totals"].counts)


def test_the_figures_read_once_are_served_again_without_their_queries(
    client, world, chief, django_assert_max_num_queries
):
    first = dashboard(client, world, world.polda)

    # The TPS counts, their regions, the units, patterns, policy and strengths, the
    # meetings, follow-ups and lights: cached; the user, operation and unit are read.
    with django_assert_max_num_queries(7):
        again = dashboard(client, world, world.polda)

    assert totals(again) == totals(first) == CATEGORY_SPLIT


def test_a_tps_given_another_category_shows_on_the_next_dashboard(
    client, world, chief, django_capture_on_commit_callbacks
):
    dashboard(client, world, world.polda)
    station = PollingStation.objects.filter(category="kurang_rawan").first()

    with django_capture_on_commit_callbacks(execute=True):
        ps_services.override_category(
            polling_station=station, category="khusus", reason="Hasil patroli", user=chief
        )
    response = dashboard(client, world, world.polda)

    assert totals(response)["kurang_rawan"] == CATEGORY_SPLIT["kurang_rawan"] - 1
    assert totals(response)["khusus"] == CATEGORY_SPLIT["khusus"] + 1


def test_tps_changed_in_bulk_show_once_the_change_is_announced(
    client, world, chief, django_capture_on_commit_callbacks
):
    dashboard(client, world, world.polda)

    with django_capture_on_commit_callbacks(execute=True):
        PollingStation.objects.filter(category="rawan").update(category="sangat_rawan")
        stations_changed.send(sender=PollingStation, using="default")
    response = dashboard(client, world, world.polda)

    assert totals(response)["rawan"] == 0
    assert totals(response)["sangat_rawan"] == CATEGORY_SPLIT["sangat_rawan"] + 42


def test_recomputing_the_categories_announces_the_change(world):
    heard = []

    @receiver(stations_changed)
    def hear(sender, **kwargs):
        heard.append(sender)

    try:
        ps_services.recompute_categories(operation=world.operation)
    finally:
        stations_changed.disconnect(hear)

    assert heard == [PollingStation]


def test_a_new_unit_strength_shows_in_the_next_coverage(
    client, world, chief, django_capture_on_commit_callbacks
):
    before = dashboard(client, world, world.polda).context["personnel"].strength

    with django_capture_on_commit_callbacks(execute=True):
        ps_services.set_unit_strength(
            operation=world.operation, unit=world.polres, personnel=STRENGTH + 50
        )
    after = dashboard(client, world, world.polda).context["personnel"].strength

    assert after == before + 50


def test_a_follow_up_now_overdue_shows_on_the_next_dashboard(
    client, world, chief, django_capture_on_commit_callbacks
):
    before = len(dashboard(client, world, world.polres).context["overdue"])

    with django_capture_on_commit_callbacks(execute=True):
        ActionItemFactory(
            meeting=world.meetings[0], due_date=timezone.localdate() - datetime.timedelta(3)
        )
    after = len(dashboard(client, world, world.polres).context["overdue"])

    assert after == before + 1


def test_a_meeting_that_ended_since_shows_among_the_recent_ones(client, world, chief, monkeypatch):
    now = timezone.now()
    ongoing = MeetingFactory(
        host=world.polres,
        operation=world.operation,
        title="Rakor yang sedang berlangsung",
        starts_at=now - datetime.timedelta(hours=1),
        ends_at=now + datetime.timedelta(minutes=30),
    )
    shown = dashboard(client, world, world.polres).context["recent_meetings"]
    assert ongoing.pk not in [meeting.pk for meeting in shown]

    # Half an hour later it has been held, without any write.
    later = ongoing.ends_at + datetime.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    shown = dashboard(client, world, world.polres).context["recent_meetings"]

    assert ongoing.pk in [meeting.pk for meeting in shown]
