"""Batches of field reports, and the area counters the situation summary adds up."""

import datetime
import uuid

import pytest
from django.db.models import Count, Q
from django.utils import timezone

from agencies.models import Agency
from polling_stations.models import PollingStation
from polling_stations.models.election_day import (
    PHASE_BIT,
    PHASES,
    FieldReport,
    Incident,
    IncidentType,
    StationStatus,
)
from polling_stations.models.situation import AreaReportCount
from polling_stations.selectors.election_day import situation_summary
from polling_stations.services.election_day import (
    IncidentInput,
    ReportInput,
    record_field_reports,
)
from polling_stations.services.exercise import clear_exercise, plan_election_days, run_simulation
from polling_stations.services.incidents import record_incident_step
from polling_stations.services.report_storage import recount_areas
from tests import worlds
from tests.polling_stations.election_day_world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def _item(station, phase="opening", minutes_ago=5, **kwargs):
    return ReportInput(
        client_id=kwargs.pop("client_id", uuid.uuid4()),
        polling_station=station,
        phase=phase,
        reported_at=timezone.now() - datetime.timedelta(minutes=minutes_ago),
        **kwargs,
    )


def _plain_summary(world, unit):
    """The summary's figures counted the plain way, over every stored report."""
    reports = FieldReport.objects.filter(operation=world.operation).filter(
        polling_station__in=[s.pk for s in world.stations + world.other_stations]
    )
    if unit == world.polsek:
        reports = reports.filter(polsek=world.polsek)
    figures = reports.aggregate(
        reported=Count("polling_station", distinct=True),
        **{
            phase.value: Count("polling_station", distinct=True, filter=Q(phase=phase.value))
            for phase in PHASES
        },
    )
    unsafe = (
        Incident.objects.filter(operation=world.operation, polsek__in=_polseks(world, unit))
        .open()
        .values("polling_station")
    )
    latest_incident = [
        station
        for station in reports.values_list("polling_station", flat=True).distinct()
        if reports.filter(polling_station=station).order_by("-reported_at", "-pk")[0].status
        == FieldReport.Status.INCIDENT
    ]
    safe = (
        reports.exclude(polling_station__in=unsafe)
        .exclude(polling_station__in=latest_incident)
        .values("polling_station")
        .distinct()
        .count()
    )
    return {
        "reported": figures["reported"],
        "safe": safe,
        "phases": {phase.value: figures[phase.value] for phase in PHASES},
    }


def _polseks(world, unit):
    return [world.polsek] if unit == world.polsek else [world.polsek, world.other_polsek]


def _fast(world, unit):
    summary = situation_summary(operation=world.operation, unit=unit)
    return {key: summary[key] for key in ("reported", "safe", "phases")}


def test_it_stores_the_good_reports_of_a_batch_and_says_what_is_wrong_with_each_bad_one(world):
    batch = [
        _item(world.stations[0]),
        ReportInput(
            client_id=uuid.uuid4(),
            polling_station=world.stations[1],
            phase="opening",
            reported_at=timezone.now() + datetime.timedelta(hours=3),
        ),
        _item(world.stations[2], phase="vote-twice"),
        _item(world.stations[2], phase="voting"),
    ]

    outcomes = record_field_reports(operation=world.operation, reports=batch)

    assert [bool(o.errors) for o in outcomes] == [False, True, True, False]
    assert "periksa jam ponsel" in outcomes[1].errors["reported_at"][0]
    assert outcomes[2].errors["phase"] == ["Tahap “vote-twice” tidak dikenal."]
    stored = set(FieldReport.objects.values_list("client_id", flat=True))
    assert stored == {batch[0].client_id, batch[3].client_id}


def test_a_batch_sent_twice_is_stored_once(world):
    batch = [_item(station) for station in world.stations] + [_item(world.stations[0], "voting")]

    first = record_field_reports(operation=world.operation, reports=batch)
    again = record_field_reports(operation=world.operation, reports=batch)

    assert [o.created for o in first] == [True] * 4
    assert [o.created for o in again] == [False] * 4
    assert [o.report.pk for o in again] == [o.report.pk for o in first]
    assert FieldReport.objects.count() == 4
    assert AreaReportCount.objects.filter(village__code="13.12.01.2001").get().reported == 3


def test_a_report_twice_in_one_batch_is_stored_once(world):
    twice = _item(world.stations[0])

    outcomes = record_field_reports(operation=world.operation, reports=[twice, twice])

    assert [o.created for o in outcomes] == [True, False]
    assert outcomes[0].report.pk == outcomes[1].report.pk
    assert FieldReport.objects.count() == 1


def test_an_incident_in_a_batch_is_opened_with_its_alerts_beside_the_safe_reports(world):
    incident = IncidentInput(
        incident_type=IncidentType.objects.get(code="keributan"),
        severity=3,
        description="Massa berkumpul.",
    )
    batch = [_item(world.stations[0]), _item(world.stations[1], incident=incident)]

    outcomes = record_field_reports(operation=world.operation, reports=batch)

    opened = Incident.objects.get()
    assert opened.report == outcomes[1].report
    assert opened.alerts.count() == 2
    assert _fast(world, world.polres)["safe"] == 1


def test_a_batch_of_safe_reports_is_one_statement(world, django_assert_num_queries):
    batch = [_item(station, phase.value) for station in world.stations for phase in PHASES]
    record_field_reports(operation=world.operation, reports=batch[:1])  # the elections, once

    # Reports, TPS states and area counters together (PostgreSQL).
    with django_assert_num_queries(1):
        outcomes = record_field_reports(operation=world.operation, reports=batch[1:])

    assert all(o.created for o in outcomes)


def test_a_batch_is_stored_on_a_connection_whose_statement_was_prepared_then_rolled_back(world):
    from django.db import transaction

    from polling_stations.services import report_storage

    report_storage._prepared_on.clear()  # as a process that never prepared it would be
    with transaction.atomic():
        record_field_reports(operation=world.operation, reports=[_item(world.stations[0])])
        transaction.set_rollback(True)
    report_storage._prepared_on.clear()

    (outcome,) = record_field_reports(operation=world.operation, reports=[_item(world.stations[1])])

    assert outcome.created and FieldReport.objects.get() == outcome.report


def test_a_tps_state_takes_the_latest_report_of_a_batch_by_the_phones_clock(world):
    station = world.stations[0]
    batch = [
        _item(station, "voting", minutes_ago=5),
        _item(station, "opening", minutes_ago=30),
        _item(station, "counting", minutes_ago=5),
    ]

    record_field_reports(operation=world.operation, reports=batch)

    state = StationStatus.objects.get(operation=world.operation, polling_station=station)
    assert (state.last_phase, state.phases) == (
        "counting",
        PHASE_BIT["opening"] | PHASE_BIT["voting"] | PHASE_BIT["counting"],
    )


def test_the_fast_summary_matches_a_plain_count_over_the_reports(world):
    incident = IncidentInput(
        incident_type=IncidentType.objects.get(code="keributan"), severity=2, description="x"
    )
    record_field_reports(
        operation=world.operation,
        reports=[
            _item(world.stations[0], "logistics_arrived", minutes_ago=300),
            _item(world.stations[0], "opening", minutes_ago=200),
            _item(world.stations[1], "opening", minutes_ago=100, incident=incident),
            _item(world.other_stations[0], "voting", minutes_ago=50),
        ],
    )
    # Late from an offline phone: earlier than what the TPS reported since.
    record_field_reports(
        operation=world.operation,
        reports=[_item(world.stations[1], "logistics_arrived", minutes_ago=400)],
    )
    closed = record_field_reports(
        operation=world.operation,
        reports=[_item(world.stations[2], "voting", minutes_ago=10, incident=incident)],
    )[0].report.incident
    record_incident_step(incident=closed, kind="closed", user=world.operator, note="Selesai.")

    for unit in (world.polsek, world.polres):
        assert _fast(world, unit) == _plain_summary(world, unit)


def test_clearing_a_drill_recounts_the_areas(world):
    record_field_reports(operation=world.operation, reports=[_item(world.stations[0], "opening")])
    plan = plan_election_days(operation=world.operation, unit=world.polres, incidents=2, seed=3)
    run_simulation(operation=world.operation, plan=plan, seed=3)

    clear_exercise(operation=world.operation, unit=world.polres)

    assert _fast(world, world.polres) == _plain_summary(world, world.polres)
    assert _fast(world, world.polres)["reported"] == 1


def test_recounting_gives_the_counters_the_ingestion_kept(world):
    plan = plan_election_days(operation=world.operation, unit=world.polres, incidents=1, seed=5)
    run_simulation(operation=world.operation, plan=plan, seed=5)
    kept = sorted(AreaReportCount.objects.values_list("village", "polsek", "reported", *PHASES))

    recount_areas(operation=world.operation)

    recounted = sorted(
        AreaReportCount.objects.values_list("village", "polsek", "reported", *PHASES)
    )
    assert recounted == kept


def test_the_counters_have_one_column_per_phase():
    columns = {f.name for f in AreaReportCount._meta.get_fields()}

    assert {phase.value for phase in PHASES} <= columns


def test_a_polda_summary_adds_up_its_polsek(world):
    record_field_reports(
        operation=world.operation,
        reports=[_item(s) for s in world.stations + world.other_stations],
    )

    polda = situation_summary(operation=world.operation, unit=world.polda)
    parts = [
        situation_summary(operation=world.operation, unit=unit)
        for unit in Agency.objects.filter(pk__in=[world.polsek.pk, world.other_polsek.pk])
    ]

    assert polda["reported"] == sum(part["reported"] for part in parts) == 5


def test_the_summary_counts_the_units_tps_as_they_are_now(world):
    def tps(unit):
        return situation_summary(operation=world.operation, unit=unit)["tps"]

    before = {unit: tps(unit) for unit in (world.polda, world.polres, world.polsek)}
    worlds.stations_in(
        election=world.stations[0].election,
        polsek=world.polsek,
        village_code="13.12.01.2001",
        counts={"kurang_rawan": 2},
    )

    after = {unit: tps(unit) for unit in (world.polda, world.polres, world.polsek)}
    assert before == {world.polda: 5, world.polres: 5, world.polsek: 3}
    assert after == {world.polda: 7, world.polres: 7, world.polsek: 5}
    assert after[world.polsek] == PollingStation.objects.filter(polsek=world.polsek).count()


def test_the_summary_ages_open_incidents_as_of_each_read(world):
    for station, minutes_ago in zip(world.stations, (5, 30, 90), strict=True):
        world.incident(
            station=station, reported_at=timezone.now() - datetime.timedelta(minutes=minutes_ago)
        )
    situation_summary(operation=world.operation, unit=world.polsek)  # its statement kept
    Incident.objects.filter(polling_station=world.stations[0]).update(
        reported_at=timezone.now() - datetime.timedelta(minutes=20)
    )

    ages = situation_summary(operation=world.operation, unit=world.polsek)["incidents_by_age"]

    assert ages == {"under_15_min": 0, "15_to_60_min": 2, "over_60_min": 1}


def test_the_summary_counts_an_incident_reported_after_an_earlier_read(world):
    before = situation_summary(operation=world.operation, unit=world.polres)
    world.incident(station=world.other_stations[0], severity=3)

    after = situation_summary(operation=world.operation, unit=world.polres)

    assert before["incidents_open_total"] == 0
    assert after["incidents_open"] == {"1": 0, "2": 0, "3": 1}
    assert after["incidents_by_age"]["under_15_min"] == 1
