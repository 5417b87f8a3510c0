import datetime

import pytest

from polling_stations.selectors.election_day_report import (
    Scope,
    acknowledgement_times,
    coverage_by_hour,
    handled_incidents,
    map_figure,
    other_kind_reports,
    station_states,
)

from .election_day_report_world import at, history, incident, report, step

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return history()


def real(world, unit=None):
    return Scope(operation=world.operation, unit=unit or world.polres, is_exercise=False)


def drill(world):
    return Scope(operation=world.operation, unit=world.polres, is_exercise=True)


def test_it_counts_each_tps_once_per_phase_hour_by_hour_in_the_units_zone(
    world, django_assert_max_num_queries
):
    with django_assert_max_num_queries(5):
        coverage = coverage_by_hour(real(world))

    hours = [(row.start.hour, row.reports, row.cumulative["opening"]) for row in coverage.hours]
    # 07: two openings; 08: the third; 09: an incident report of a phase already reported.
    assert hours == [(7, 2, 2), (8, 1, 3), (9, 1, 3), (10, 1, 3)]
    assert coverage.stations == 5
    assert coverage.totals["opening"] == 3 and coverage.totals["voting"] == 1
    assert coverage.hours[0].start.utcoffset() == datetime.timedelta(hours=7)


def test_it_leaves_exercise_reports_out_of_a_real_report_and_counts_them(world):
    coverage = coverage_by_hour(real(world))

    assert sum(row.reports for row in coverage.hours) == 5
    assert other_kind_reports(real(world)) == 1


def test_an_exercise_scope_reads_only_the_drill(world):
    coverage = coverage_by_hour(drill(world))

    assert [(row.start.hour, row.reports) for row in coverage.hours] == [(7, 1)]
    assert handled_incidents(drill(world)) == []
    assert other_kind_reports(drill(world)) == 5


def test_it_gives_median_p90_and_longest_time_to_acknowledge_per_severity(world):
    for minutes, station in ((2, world.stations[2]), (10, world.other_stations[0])):
        found = incident(world, station, at(0, 12, 0), severity=2)
        step(found, "acknowledged", world.operator, at(0, 12, minutes))

    rows = {row.severity: row for row in acknowledgement_times(real(world))}

    assert (rows[2].incidents, rows[2].acknowledged) == (3, 3)
    assert rows[2].median == datetime.timedelta(minutes=4)
    assert rows[2].p90 == datetime.timedelta(minutes=10)
    assert rows[2].longest == datetime.timedelta(minutes=10)
    assert (rows[3].incidents, rows[3].unacknowledged, rows[3].median) == (1, 1, None)
    assert rows[1].incidents == 0


def test_it_lists_each_incident_with_its_steps_who_and_when(world, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        incidents = handled_incidents(real(world))
        steps = [(s.kind, s.by and s.by.username) for s in incidents[0].steps.all()]
        place = incidents[0].polling_station.village.parent.name

    assert [i.severity for i in incidents] == [2, 3]
    assert ("acknowledged", "operator.pasbar") in steps
    assert ("alerted", None) in steps
    assert steps[-1] == ("closed", "operator.pasbar")
    assert place


def test_a_tps_state_is_its_worst_open_incident_else_its_latest_report(world):
    report(world, world.stations[2], "voting", at(0, 11, 0))

    states = station_states(real(world))

    first, second, third = world.stations
    assert states[first.pk] == "reported"  # its latest report, an incident, is closed
    assert states[second.pk] == "incident_3"
    assert states[third.pk] == "safe"
    assert world.other_stations[0].pk not in states  # reported only in the drill


def test_the_map_figure_draws_the_units_kecamatan_its_tps_and_incidents(
    world, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        figure = map_figure(real(world))

    codes = {region["code"] for region in figure.regions}
    assert codes and all(code.startswith("13.12.") for code in codes)
    assert all(region["rings"] for region in figure.regions)
    # The other Polsek's two TPS have neither coordinates nor a centroid to stand in.
    assert (len(figure.points), figure.unplaced) == (3, 2)
    assert sorted(state for _lat, _lng, state in figure.points) == [
        "incident_3",
        "reported",
        "safe",
    ]
    assert sorted((severity, is_open) for *_pos, severity, is_open in figure.incidents) == [
        (2, False),
        (3, True),
    ]


def test_above_the_marker_limit_the_map_draws_only_tps_with_an_incident(world):
    figure = map_figure(real(world), limit=3)

    assert figure.limited and figure.stations == 5
    assert len(figure.points) == 2
