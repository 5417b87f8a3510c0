"""A TPS write makes stale only the readiness pages of the units whose area holds it (its
province's and the national ones): another Polda's stay cached (operations.selectors.areas)."""

import pytest
from django.dispatch import receiver

from agencies.models import Agency
from operations import services
from operations.selectors.dashboard import commander_dashboard
from operations.selectors.freshness import readiness_stamp
from polling_stations import services as ps_services
from polling_stations.changes import stations_changed
from polling_stations.models import PollingStation
from tests.factories import AgencyFactory
from tests.worlds import CATEGORY_SPLIT, build_world, finish_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world(polsek=3, outside=True, operation=True, tps=CATEGORY_SPLIT)


def set_a_category(world, django_capture_on_commit_callbacks):
    """An operator of the Sumbar Polres gives one of its TPS another category."""
    station = PollingStation.objects.filter(category="kurang_rawan").first()
    with django_capture_on_commit_callbacks(execute=True):
        ps_services.override_category(
            polling_station=station, category="khusus", reason="Hasil patroli", user=world.operator
        )


def ask(world, unit):
    return services.request_readiness_report(operation=world.operation, unit=unit, user=None)


def test_it_keeps_another_poldas_dashboard_cached_after_a_tps_write(
    world, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    commander_dashboard(operation=world.operation, unit=world.outside_polda)

    set_a_category(world, django_capture_on_commit_callbacks)

    # Served from the cache: none of the dozen queries of a fresh read.
    with django_assert_max_num_queries(1):
        commander_dashboard(operation=world.operation, unit=world.outside_polda)


def test_it_refreshes_the_poldas_own_dashboard_after_a_tps_write(
    world, django_capture_on_commit_callbacks
):
    before = commander_dashboard(operation=world.operation, unit=world.polda)

    set_a_category(world, django_capture_on_commit_callbacks)
    after = commander_dashboard(operation=world.operation, unit=world.polda)

    assert before["tps_totals"].counts["khusus"] == CATEGORY_SPLIT["khusus"]
    assert after["tps_totals"].counts["khusus"] == CATEGORY_SPLIT["khusus"] + 1


def test_it_reuses_another_poldas_report_after_a_tps_write(
    world, django_capture_on_commit_callbacks
):
    first = ask(world, world.outside_polres)
    finish_report(first)

    set_a_category(world, django_capture_on_commit_callbacks)
    again = ask(world, world.outside_polres)

    assert again.pk == first.pk


def test_it_makes_a_new_report_for_the_poldas_own_units_after_a_tps_write(
    world, django_capture_on_commit_callbacks
):
    first = ask(world, world.polres)
    finish_report(first)

    set_a_category(world, django_capture_on_commit_callbacks)
    again = ask(world, world.polres)

    assert again.pk != first.pk


def test_it_makes_the_national_pages_stale_after_a_tps_write_anywhere(
    world, django_capture_on_commit_callbacks
):
    mabes = AgencyFactory(kind=Agency.Kind.MABES_POLRI, level=Agency.Level.NATIONAL)
    national, outside = readiness_stamp(mabes), readiness_stamp(world.outside_polda)

    set_a_category(world, django_capture_on_commit_callbacks)

    assert readiness_stamp(mabes) != national
    assert readiness_stamp(world.outside_polda) == outside


def test_it_makes_every_page_stale_after_a_bulk_write_that_names_no_province(
    world, django_capture_on_commit_callbacks
):
    outside = readiness_stamp(world.outside_polda)

    with django_capture_on_commit_callbacks(execute=True):
        stations_changed.send(sender=PollingStation, using="default")

    assert readiness_stamp(world.outside_polda) != outside


def test_recomputing_the_categories_names_the_provinces_it_touched(world):
    heard = []

    @receiver(stations_changed)
    def hear(sender, provinces=None, **kwargs):
        heard.append(provinces)

    try:
        ps_services.recompute_categories(operation=world.operation)
    finally:
        stations_changed.disconnect(hear)

    assert heard == [["13"]]
