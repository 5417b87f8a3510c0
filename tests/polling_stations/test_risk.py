import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from agencies.models import Agency
from polling_stations import selectors, services
from polling_stations.models import (
    CategoryOverride,
    CategoryRule,
    IndicatorSet,
    PollingStation,
    RiskIndicator,
)
from tests.factories import AgencyFactory, ElectionFactory, UserFactory
from tests.polling_stations.risk_factories import (
    IndicatorReportFactory,
    RiskIndicatorFactory,
)
from tests.worlds import build_world, stations_in

pytestmark = pytest.mark.django_db

KR, R, SR, KH = "kurang_rawan", "rawan", "sangat_rawan", "khusus"


@pytest.fixture
def setup():
    world = build_world(polsek=1, operation=True)
    election = world.election
    operation = world.operation
    (polsek,) = world.polsek
    indicator_set = services.import_indicators(election=election)
    return election, operation, polsek, indicator_set


def _station(election, polsek, *, special=False):
    (station,) = stations_in(
        election=election,
        polsek=polsek,
        village_code="13.12.01.2001",
        counts={KH if special else KR: 1},
    )
    return station


def _flag(station, indicator_set, *, security: bool, count: int = 1):
    indicators = RiskIndicator.objects.filter(
        indicator_set=indicator_set, is_security=security
    ).order_by("number")[:count]
    for indicator in indicators:
        IndicatorReportFactory(polling_station=station, indicator=indicator)


def test_the_bawaslu_indicators_load_as_data_with_their_security_flags(setup):
    _election, _operation, _polsek, indicator_set = setup

    assert indicator_set.is_active
    assert indicator_set.indicators.count() == 22
    assert indicator_set.variables.count() == 7
    assert sorted(
        indicator_set.indicators.filter(is_security=True).values_list("text", flat=True)
    ) == [
        "Riwayat terjadi intimidasi kepada penyelenggara pemilu",
        "TPS memiliki riwayat terjadi kekerasan di TPS",
    ]


def test_loading_the_indicators_twice_changes_nothing(setup):
    election, _operation, _polsek, indicator_set = setup

    again = services.import_indicators(election=election)

    assert again == indicator_set
    assert RiskIndicator.objects.filter(indicator_set__election=election).count() == 22
    assert IndicatorSet.objects.filter(election=election).count() == 1


def test_a_second_version_of_the_list_does_not_replace_the_active_one(setup):
    election, _operation, _polsek, first = setup

    second = services.import_indicators(election=election, version=2)

    first.refresh_from_db()
    assert first.is_active and not second.is_active
    assert selectors.active_indicator_set(election=election) == first


def test_a_special_location_is_khusus_whatever_its_indicators(setup):
    election, operation, polsek, indicator_set = setup
    station = _station(election, polsek, special=True)
    _flag(station, indicator_set, security=True)

    services.recompute_categories(operation=operation)

    station.refresh_from_db()
    assert (station.suggested_category, station.category) == (KH, KH)


def test_one_security_indicator_makes_a_tps_sangat_rawan(setup):
    election, operation, polsek, indicator_set = setup
    station = _station(election, polsek)
    _flag(station, indicator_set, security=True)

    services.recompute_categories(operation=operation)

    station.refresh_from_db()
    assert station.category == SR


def test_three_indicators_make_a_tps_sangat_rawan(setup):
    election, operation, polsek, indicator_set = setup
    station = _station(election, polsek)
    _flag(station, indicator_set, security=False, count=3)

    services.recompute_categories(operation=operation)

    station.refresh_from_db()
    assert station.category == SR


def test_one_or_two_indicators_make_a_tps_rawan(setup):
    election, operation, polsek, indicator_set = setup
    one, two = _station(election, polsek), _station(election, polsek)
    _flag(one, indicator_set, security=False, count=1)
    _flag(two, indicator_set, security=False, count=2)

    services.recompute_categories(operation=operation)

    assert set(
        PollingStation.objects.filter(pk__in=[one.pk, two.pk]).values_list("category", flat=True)
    ) == {R}


def test_no_indicator_leaves_a_tps_kurang_rawan(setup):
    election, operation, polsek, indicator_set = setup
    station = _station(election, polsek)
    _flag(station, indicator_set, security=False, count=1)
    services.recompute_categories(operation=operation)
    station.indicator_reports.all().delete()

    services.recompute_categories(operation=operation)

    station.refresh_from_db()
    assert station.category == KR


def test_a_category_set_before_the_rule_ever_ran_is_kept_as_an_override(setup):
    election, operation, polsek, _indicator_set = setup
    station = _station(election, polsek)
    # As an imported file's kategori column or seed data would leave it.
    PollingStation.objects.filter(pk=station.pk).update(category=R)

    services.recompute_categories(operation=operation)

    station.refresh_from_db()
    assert (station.category, station.suggested_category) == (R, KR)
    assert station.category_overridden
    assert station.category_overrides.get().reason == services.ADOPTED_REASON


def test_the_operation_can_set_its_own_thresholds(setup):
    election, operation, polsek, indicator_set = setup
    CategoryRule.objects.create(
        operation=operation,
        security_indicator_is_very_high=False,
        very_high_min_indicators=5,
        high_min_indicators=2,
    )
    security_only, two = _station(election, polsek), _station(election, polsek)
    _flag(security_only, indicator_set, security=True)
    _flag(two, indicator_set, security=False, count=2)

    services.recompute_categories(operation=operation)

    security_only.refresh_from_db()
    two.refresh_from_db()
    assert (security_only.category, two.category) == (KR, R)


def test_a_rule_with_thresholds_the_wrong_way_round_is_refused(setup):
    _election, operation, _polsek, _indicator_set = setup
    rule = CategoryRule(operation=operation, very_high_min_indicators=1, high_min_indicators=2)

    with pytest.raises(ValidationError, match="Ambang sangat rawan"):
        rule.full_clean()


def test_the_python_rule_matches_the_sql_one():
    rule = CategoryRule()

    assert services.suggest_category(rule=rule, is_special=True, holds=5, security=True) == KH
    assert services.suggest_category(rule=rule, is_special=False, holds=1, security=True) == SR
    assert services.suggest_category(rule=rule, is_special=False, holds=3, security=False) == SR
    assert services.suggest_category(rule=rule, is_special=False, holds=1, security=False) == R
    assert services.suggest_category(rule=rule, is_special=False, holds=0, security=False) == KR


def test_an_override_needs_a_reason(setup):
    election, _operation, polsek, _indicator_set = setup
    station = _station(election, polsek)

    with pytest.raises(ValidationError, match="Alasan"):
        services.override_category(
            polling_station=station, category=SR, reason="  ", user=UserFactory()
        )

    station.refresh_from_db()
    assert station.category == KR
    assert not CategoryOverride.objects.exists()


def test_the_database_refuses_an_override_without_a_reason(setup):
    election, _operation, polsek, _indicator_set = setup
    station = _station(election, polsek)

    with pytest.raises(IntegrityError):
        CategoryOverride.objects.create(
            polling_station=station, category=SR, previous_category=KR, reason=""
        )


def test_an_override_survives_recomputation(setup):
    election, operation, polsek, indicator_set = setup
    station = _station(election, polsek)
    services.override_category(
        polling_station=station,
        category=SR,
        reason="Laporan intelijen: potensi bentrok pendukung",
        user=UserFactory(),
    )
    _flag(station, indicator_set, security=False, count=1)

    services.recompute_categories(operation=operation)

    station.refresh_from_db()
    assert (station.category, station.suggested_category) == (SR, R)
    assert station.category_overridden


def test_lifting_an_override_returns_the_tps_to_the_rule(setup):
    election, operation, polsek, indicator_set = setup
    station = _station(election, polsek)
    _flag(station, indicator_set, security=False, count=1)
    user = UserFactory()
    services.override_category(
        polling_station=station, category=SR, reason="Potensi bentrok", user=user
    )
    services.recompute_categories(operation=operation)

    services.lift_category_override(polling_station=station, reason="Situasi kondusif", user=user)

    station.refresh_from_db()
    assert (station.category, station.category_overridden) == (R, False)


def test_each_override_is_kept_in_the_tps_history(setup):
    election, _operation, polsek, _indicator_set = setup
    station = _station(election, polsek)
    user = UserFactory(username="operator-pasbar")
    services.override_category(polling_station=station, category=R, reason="Alasan 1", user=user)
    services.override_category(polling_station=station, category=SR, reason="Alasan 2", user=user)

    history = list(
        station.category_overrides.order_by("changed_at").values_list(
            "previous_category", "category", "reason", "changed_by__username"
        )
    )

    assert history == [
        (KR, R, "Alasan 1", "operator-pasbar"),
        (R, SR, "Alasan 2", "operator-pasbar"),
    ]


def test_recomputation_stays_inside_the_operations_area(setup):
    election, operation, polsek, indicator_set = setup
    # A Polsek of another province, outside the operation's units.
    other_polsek = AgencyFactory(kind=Agency.Kind.POLSEK, short_name="Polsek Kampar 1")
    outside = stations_in(
        election=election, polsek=other_polsek, village_code="14.01.01.2001", counts={KR: 1}
    )[0]
    _flag(outside, indicator_set, security=True)

    services.recompute_categories(operation=operation)

    outside.refresh_from_db()
    assert outside.category == KR


def test_indicator_counts_roll_up_the_region_tree(setup):
    election, _operation, polsek, indicator_set = setup
    in_a = stations_in(
        election=election, polsek=polsek, village_code="13.12.01.2001", counts={KR: 2}
    )
    in_b = stations_in(
        election=election, polsek=polsek, village_code="13.12.01.2002", counts={KR: 1}
    )
    in_other_kecamatan = stations_in(
        election=election, polsek=polsek, village_code="13.12.02.2001", counts={KR: 1}
    )
    first, second = RiskIndicator.objects.filter(indicator_set=indicator_set).order_by("number")[:2]
    for station in [*in_a, *in_b]:
        IndicatorReportFactory(polling_station=station, indicator=first)
    IndicatorReportFactory(polling_station=in_a[0], indicator=second)
    IndicatorReportFactory(polling_station=in_other_kecamatan[0], indicator=second)

    _, by_desa = selectors.indicator_rollup(election=election, level="desa")
    _, by_kecamatan = selectors.indicator_rollup(election=election, level="kecamatan")
    _, by_kabupaten = selectors.indicator_rollup(election=election, level="kabupaten")
    _, by_province = selectors.indicator_rollup(election=election, level="provinsi")

    assert [(r.code, r.stations_flagged, r.per_indicator) for r in by_desa] == [
        ("13.12.01.2001", 2, {first.pk: 2, second.pk: 1}),
        ("13.12.01.2002", 1, {first.pk: 1}),
        ("13.12.02.2001", 1, {second.pk: 1}),
    ]
    assert [(r.code, r.stations_flagged) for r in by_kecamatan] == [
        ("13.12.01", 3),
        ("13.12.02", 1),
    ]
    assert [(r.code, r.stations_flagged, r.per_indicator) for r in by_kabupaten] == [
        ("13.12", 4, {first.pk: 3, second.pk: 2})
    ]
    assert [(r.code, r.stations_flagged) for r in by_province] == [("13", 4)]


def test_an_indicator_of_another_election_cannot_be_reported(setup):
    election, _operation, polsek, _indicator_set = setup
    station = _station(election, polsek)
    foreign = RiskIndicatorFactory(
        variable__indicator_set__election=ElectionFactory(name="Pemilu 2024", slug="pemilu-2024")
    )

    with pytest.raises(ValidationError, match="bukan milik pemilihan"):
        services.report_indicator(
            polling_station=station,
            indicator=foreign,
            user=None,
            source_agency=None,
            reported_on=datetime.date(2024, 11, 1),
        )
