"""The TPS counts kept per kecamatan (database triggers) match a plain GROUP BY over the
TPS after every kind of write, and the map reads them only when they answer exactly."""

import pytest
from django.db import connection
from django.db.models import Count
from django.db.models.functions import Substr

from polling_stations import services
from polling_stations.models import DistrictCount, PollingStation
from tests.factories import ElectionFactory, UserFactory, region_chain
from tests.polling_stations.risk_factories import IndicatorReportFactory
from tests.worlds import build_world, stations_in

from .tps_files import row, write_csv

pytestmark = pytest.mark.django_db

KR, R, SR, KH = "kurang_rawan", "rawan", "sangat_rawan", "khusus"
VILLAGES = ("13.12.01.2001", "13.12.01.2002", "13.12.02.2001", "13.71.01.1001")


def counted(election) -> dict:
    """The truth: the TPS grouped by kecamatan and category."""
    rows = (
        PollingStation.objects.filter(election=election)
        .annotate(district=Substr("village_id", 1, 8))
        .values_list("district", "category")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {(district, category): n for district, category, n in rows}


def kept(election) -> dict:
    rows = DistrictCount.objects.filter(election=election, tps__gt=0)
    return {(r.district_code, r.category): r.tps for r in rows}


@pytest.fixture
def election():
    for code in VILLAGES:
        region_chain(code)
    return ElectionFactory()


@pytest.fixture(params=[True, False], ids=["copy", "orm"])
def use_copy(request):
    return request.param


def test_it_counts_an_imported_file_per_kecamatan_and_category(tmp_path, election, use_copy):
    path = write_csv(
        tmp_path / "tps.csv",
        [
            row("1312012001", "1"),
            row("1312012001", "2", kategori="rawan"),
            row("1312012002", "1"),
            row("1312022001", "1", kategori="sangat_rawan"),
            row("1371011001", "1"),
        ],
    )

    services.import_tps(path=path, election=election, use_copy=use_copy)

    assert (
        kept(election)
        == counted(election)
        == {
            ("13.12.01", KR): 2,
            ("13.12.01", R): 1,
            ("13.12.02", SR): 1,
            ("13.71.01", KR): 1,
        }
    )


def test_it_follows_a_second_import_that_changes_categories_and_adds_tps(
    tmp_path, election, use_copy
):
    first = write_csv(tmp_path / "a.csv", [row("1312012001", "1"), row("1312012001", "2")])
    services.import_tps(path=first, election=election, use_copy=use_copy)
    second = write_csv(
        tmp_path / "b.csv",
        [row("1312012001", "1", kategori="rawan"), row("1312022001", "7")],
    )

    services.import_tps(path=second, election=election, use_copy=use_copy)

    assert (
        kept(election)
        == counted(election)
        == {
            ("13.12.01", KR): 1,
            ("13.12.01", R): 1,
            ("13.12.02", KR): 1,
        }
    )


def test_it_follows_an_edit_of_category_and_village():
    world = build_world(polsek=1, operation=True)
    stations = stations_in(
        election=world.election,
        polsek=world.polsek[0],
        village_code="13.12.01.2001",
        counts={KR: 2, R: 1},
    )
    station = stations[0]
    station.category = SR
    station.village = region_chain("13.12.02.2001")
    station.save()

    assert kept(world.election) == counted(world.election)
    assert kept(world.election)[("13.12.02", SR)] == 1


def test_it_follows_deletes_one_by_one_and_in_bulk():
    world = build_world(polsek=1, operation=True)
    stations_in(
        election=world.election,
        polsek=world.polsek[0],
        village_code="13.12.01.2001",
        counts={KR: 3, KH: 2},
    )

    PollingStation.objects.filter(category=KH).first().delete()
    assert kept(world.election) == counted(world.election)

    PollingStation.objects.filter(category=KR).delete()
    assert kept(world.election) == counted(world.election) != {}


def test_it_follows_the_risk_rule_and_an_override():
    world = build_world(polsek=1, operation=True)
    election = world.election
    indicator_set = services.import_indicators(election=election)
    stations = stations_in(
        election=election, polsek=world.polsek[0], village_code="13.12.01.2001", counts={KR: 4}
    )
    security = indicator_set.indicators.filter(is_security=True).first()
    IndicatorReportFactory(polling_station=stations[0], indicator=security)

    services.recompute_categories(operation=world.operation)
    assert kept(election) == counted(election)
    assert sum(n for (_d, c), n in kept(election).items() if c == SR) == 1

    services.override_category(
        polling_station=stations[1], category=R, reason="laporan intelijen", user=UserFactory()
    )
    assert kept(election) == counted(election)


def test_it_empties_the_counts_when_the_table_is_truncated():
    world = build_world(polsek=1, operation=True)
    stations_in(
        election=world.election,
        polsek=world.polsek[0],
        village_code="13.12.01.2001",
        counts={KR: 2},
    )
    with connection.cursor() as cursor:
        # The rows' deferred foreign-key checks must run before a TRUNCATE in the same transaction.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"TRUNCATE {PollingStation._meta.db_table} CASCADE")

    assert kept(world.election) == counted(world.election) == {}
