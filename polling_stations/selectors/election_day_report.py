"""Reads for the Laporan hasil pengamanan: coverage by hour, incidents, acknowledgement, map."""

import datetime
import functools
import json
import math
import statistics
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import TruncHour

from agencies import geo
from agencies.geography import minimal_prefixes
from agencies.models import Agency
from operations.models import Operation

from ..models import PollingStation
from ..models.election_day import (
    PHASES,
    FieldReport,
    Incident,
    IncidentQuerySet,
    IncidentStep,
)
from ..models.election_day_report import ElectionDayReport
from ..models.tps import area_q
from .imports import regions_of_unit
from .map import MAP_MARKER_LIMIT, positioned_points

SEVERITIES = (1, 2, 3)
# A report lists every incident up to this many; beyond, the most severe first.
INCIDENTS_LISTED = 500


@dataclass(frozen=True)
class Scope:
    """What one report reads: an operation, a unit's area, real or exercise data."""

    operation: Operation
    unit: Agency
    is_exercise: bool

    @functools.cached_property
    def area(self) -> Q:
        """Worked out once: finding the unit's regions is a query of its own."""
        return area_q([self.unit])

    def reports(self) -> QuerySet[FieldReport]:
        return (
            FieldReport.objects.filter(operation=self.operation, is_exercise=self.is_exercise)
            .filter(self.area)
            .order_by()
        )

    def incidents(self) -> IncidentQuerySet:
        return Incident.objects.filter(
            operation=self.operation, is_exercise=self.is_exercise
        ).filter(self.area)

    def stations(self) -> QuerySet[PollingStation]:
        return PollingStation.objects.filter(election__in=self.operation.elections.all()).filter(
            self.area
        )


def other_kind_reports(scope: Scope) -> int:
    """How many reports of the other kind (exercise for a real report) were left out."""
    return (
        FieldReport.objects.filter(operation=scope.operation, is_exercise=not scope.is_exercise)
        .filter(scope.area)
        .count()
    )


# --- Coverage by hour ----------------------------------------------------------------------


@dataclass
class CoverageHour:
    start: datetime.datetime  # local, in the unit's zone
    reports: int
    new: dict[str, int]  # TPS reporting a phase for the first time in this hour
    cumulative: dict[str, int]  # TPS that have reported the phase by the end of the hour


@dataclass
class Coverage:
    stations: int
    hours: list[CoverageHour] = field(default_factory=list)
    totals: dict[str, int] = field(default_factory=dict)

    def percent(self, phase: str) -> float:
        return 100 * self.totals.get(phase, 0) / self.stations if self.stations else 0.0


def coverage_by_hour(scope: Scope) -> Coverage:
    """Per hour (in the unit's zone) the reports received and, per phase, the TPS that
    have reported it: two grouped queries whatever the number of TPS.

    A TPS counts once per phase, at its first report of that phase (a later incident
    report of the same phase does not count it again)."""
    tz = scope.unit.tzinfo
    reports = scope.reports()
    earlier = FieldReport.objects.filter(
        operation=OuterRef("operation"),
        polling_station=OuterRef("polling_station"),
        phase=OuterRef("phase"),
        is_exercise=scope.is_exercise,
        reported_at__lt=OuterRef("reported_at"),
    )
    first_reports = (
        reports.filter(~Exists(earlier))
        .annotate(hour=TruncHour("reported_at", tzinfo=tz))
        .values_list("hour", "phase")
        .annotate(n=Count("polling_station", distinct=True))
        .order_by("hour")
    )
    per_hour = (
        reports.annotate(hour=TruncHour("reported_at", tzinfo=tz))
        .values_list("hour")
        .annotate(n=Count("pk"))
        .order_by("hour")
    )
    coverage = Coverage(stations=scope.stations().count())
    hours: dict[datetime.datetime, CoverageHour] = {}
    for hour, n in per_hour:
        hours[hour] = CoverageHour(start=hour.astimezone(tz), reports=n, new={}, cumulative={})
    for hour, phase, n in first_reports:
        hours[hour].new[phase] = n
    running = {phase.value: 0 for phase in PHASES}
    for hour in sorted(hours):
        row = hours[hour]
        for phase in running:
            running[phase] += row.new.get(phase, 0)
        row.cumulative = dict(running)
        coverage.hours.append(row)
    coverage.totals = running
    return coverage


# --- Incidents and their handling -----------------------------------------------------------


def handled_incidents(scope: Scope, *, limit: int = INCIDENTS_LISTED) -> list[Incident]:
    """The incidents with every step (who, when, note), in the order they were reported."""
    steps = IncidentStep.objects.select_related("by").order_by("at", "pk")
    return list(
        scope.incidents()
        .select_related(
            "incident_type", "polling_station__village__parent", "polsek", "report__reporter"
        )
        .prefetch_related(Prefetch("steps", queryset=steps))
        .order_by("reported_at", "pk")[:limit]
    )


@dataclass(frozen=True)
class AcknowledgementTimes:
    severity: int
    incidents: int
    acknowledged: int
    median: datetime.timedelta | None
    p90: datetime.timedelta | None
    longest: datetime.timedelta | None

    @property
    def unacknowledged(self) -> int:
        return self.incidents - self.acknowledged


def _nearest_rank(values: list[float], fraction: float) -> float:
    """The nearest-rank percentile: a time some incident actually took."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def acknowledgement_times(scope: Scope) -> list[AcknowledgementTimes]:
    """Per severity: incidents, how many a posko acknowledged, and the median, 90th
    percentile and longest time from the report reaching the server to acknowledgement
    (the posko could not act on it earlier, whatever the phone's clock said)."""
    rows = scope.incidents().values_list("severity", "report__received_at", "acknowledged_at")
    waits: dict[int, list[float]] = {level: [] for level in SEVERITIES}
    counts = dict.fromkeys(SEVERITIES, 0)
    for severity, received_at, acknowledged_at in rows:
        counts[severity] += 1
        if acknowledged_at is not None:
            waits[severity].append(max(0.0, (acknowledged_at - received_at).total_seconds()))
    result = []
    for level in SEVERITIES:
        seconds = waits[level]

        def span(value: float | None) -> datetime.timedelta | None:
            return None if value is None else datetime.timedelta(seconds=round(value))

        result.append(
            AcknowledgementTimes(
                severity=level,
                incidents=counts[level],
                acknowledged=len(seconds),
                median=span(statistics.median(seconds) if seconds else None),
                p90=span(_nearest_rank(seconds, 0.9) if seconds else None),
                longest=span(max(seconds) if seconds else None),
            )
        )
    return result


def incident_counts(incidents: list[Incident]) -> dict[str, Any]:
    """Totals for the summary: by severity, closed, still open, handed to Gakkumdu."""
    return {
        "total": len(incidents),
        "by_severity": {level: sum(i.severity == level for i in incidents) for level in SEVERITIES},
        "closed": sum(i.state == Incident.State.CLOSED for i in incidents),
        "open": sum(i.state != Incident.State.CLOSED for i in incidents),
        "gakkumdu": sum(i.gakkumdu for i in incidents),
    }


# --- The map figure ------------------------------------------------------------------------


@dataclass
class MapFigure:
    """What the report's map draws: boundary rings per region, TPS points with their
    latest state, incident markers; ``limited`` when only TPS with incidents are drawn."""

    level: str
    regions: list[dict] = field(default_factory=list)  # {"code", "name", "rings"}
    points: list[tuple[float, float, str]] = field(default_factory=list)  # lat, lng, state
    incidents: list[tuple[float, float, int, bool]] = field(default_factory=list)
    stations: int = 0
    limited: bool = False
    approximate: int = 0
    unplaced: int = 0  # TPS with neither coordinates nor a village or kecamatan centroid


def _boundary_area(unit: Agency) -> tuple[str, list[str] | None]:
    """The boundary level and region prefixes drawn for a unit, as the TPS map does:
    kabupaten/kota for the whole country, kecamatan otherwise."""
    if unit.kind == Agency.Kind.MABES_POLRI:
        return geo.KABUPATEN, None
    return geo.KECAMATAN, minimal_prefixes(regions_of_unit(unit))


def _rings(geometry: dict) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return list(geometry["coordinates"])
    if geometry["type"] == "MultiPolygon":
        return [ring for polygon in geometry["coordinates"] for ring in polygon]
    return []


def station_states(scope: Scope, station_ids: list[int] | None = None) -> dict[int, str]:
    """Each reporting TPS's latest state in this scope: ``safe`` (its latest report was
    "aman" and no incident is open), ``reported`` or ``incident_N`` (the worst open one)."""
    reports = scope.reports()
    incidents = scope.incidents().open()
    if station_ids is not None:
        reports = reports.filter(polling_station_id__in=station_ids)
        incidents = incidents.filter(polling_station_id__in=station_ids)
    worst = dict(
        incidents.order_by()
        .values_list("polling_station_id")
        .annotate(worst=Max("severity"))
        .values_list("polling_station_id", "worst")
    )
    states = {}
    for pk, last, last_safe in (
        reports.values_list("polling_station_id")
        .annotate(
            last=Max("reported_at"),
            last_safe=Max("reported_at", filter=Q(status=FieldReport.Status.SAFE)),
        )
        .values_list("polling_station_id", "last", "last_safe")
    ):
        if pk in worst:
            states[pk] = f"incident_{worst[pk]}"
        elif last_safe is not None and last_safe == last:
            states[pk] = "safe"
        else:
            states[pk] = "reported"
    return states


def map_figure(scope: Scope, *, limit: int = MAP_MARKER_LIMIT) -> MapFigure:
    """The unit's boundaries from the shipped geo data, its TPS (where the TPS map puts
    them, approximate ones included) coloured by latest state, and its incidents; above
    ``limit`` TPS only those with an incident are drawn."""
    level, prefixes = _boundary_area(scope.unit)
    collection = json.loads(geo.boundaries(level=level, prefixes=prefixes).body)
    figure = MapFigure(level=level)
    for feature in collection["features"]:
        figure.regions.append(
            {
                "code": feature["properties"]["kode"],
                "name": feature["properties"].get("nama", ""),
                "rings": _rings(feature["geometry"]),
            }
        )
    stations = scope.stations()
    figure.stations = stations.count()
    if figure.stations > limit:
        figure.limited = True
        stations = stations.filter(pk__in=scope.incidents().values("polling_station_id"))
    points, figure.unplaced = positioned_points(stations)
    states = station_states(scope, [point[0] for point in points] if figure.limited else None)
    where = {}
    for pk, lat, lng, _category, _label, how in points:
        where[pk] = (lat, lng)
        figure.points.append((lat, lng, states.get(pk, "none")))
        figure.approximate += how != 0
    for pk, lat, lng, severity, state in scope.incidents().values_list(
        "polling_station_id", "latitude", "longitude", "severity", "state"
    ):
        position = (
            (float(lat), float(lng)) if lat is not None and lng is not None else where.get(pk)
        )
        if position is not None:
            figure.incidents.append((*position, severity, state != Incident.State.CLOSED))
    return figure


# --- The reports requested ------------------------------------------------------------------


def reports_for(*, operation: Operation, unit: Agency, limit: int = 10) -> list[ElectionDayReport]:
    """The unit's latest report requests for the operation, newest first."""
    reports = list(
        ElectionDayReport.objects.filter(operation=operation, unit=unit)
        .select_related("requested_by")
        .order_by("-requested_at")[:limit]
    )
    for report in reports:
        report.operation, report.unit = operation, unit
    return reports
