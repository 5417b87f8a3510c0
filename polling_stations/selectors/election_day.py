"""Reads for the voting-day pages: situation summary, open incidents, map, field page."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.db.models import (
    Case,
    CharField,
    Count,
    DateTimeField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils import timezone

from agencies.geography import minimal_prefixes
from agencies.models import Agency
from agencies.roles import Access
from operations.models import Operation

from ..models import DistrictCount, PlottingAssignment, PollingStation
from ..models.election_day import (
    PHASE_BIT,
    PHASES,
    UNSAFE,
    FieldAccount,
    FieldReport,
    Incident,
    IncidentStep,
    PostAlert,
    StationStatus,
)
from ..models.situation import AreaReportCount
from ..models.tps import area_codes, area_q
from .map import positioned_points

# Above this many TPS the map shows only the TPS with an open incident.
MAP_MARKER_LIMIT = 3000
OPEN_INCIDENTS_SHOWN = 50
AGE_BUCKETS = ((15, "under_15"), (60, "under_60"))
TPS_COUNT_SECONDS = 300


def _election_ids(operation: Operation) -> list[int]:
    ids = getattr(operation, "_election_id_list", None)
    if ids is None:
        ids = list(operation.elections.values_list("pk", flat=True))
        setattr(operation, "_election_id_list", ids)  # noqa: B010  once per instance
    return ids


def unit_area(unit: Agency) -> Q:
    """The area filter of ``unit``, worked out once per unit object."""
    area = getattr(unit, "_area_q", None)
    if area is None:
        area = area_q([unit])
        setattr(unit, "_area_q", area)  # noqa: B010  once per unit object
    return area


def _district_prefixes(unit: Agency) -> list[str] | None:
    """The region codes of the unit's area when they are whole kecamatan or larger (the
    per-kecamatan TPS counts can then answer; ``[]`` is the whole country), else None."""
    if unit.kind == Agency.Kind.MABES_POLRI:
        return []
    codes = area_codes([unit])  # kept on the unit for the rest of the request
    if not codes:
        return None  # no regions: its area is the TPS assigned to its Polsek
    prefixes = minimal_prefixes(codes)
    return prefixes if all(code.count(".") <= 2 for code in prefixes) else None


def _whole(queryset: QuerySet, **aggregates: Any) -> QuerySet:
    """``queryset.aggregate(**aggregates)`` as a query of one row, not run yet."""
    return (
        queryset.annotate(whole=Value(1))
        .values("whole")
        .annotate(**aggregates)
        .values(*aggregates)
        .order_by()
    )


def _joined(*parts: QuerySet) -> tuple[str, list]:
    """One statement reading the one-row queries ``parts`` together, and its parameters.

    A polled summary is several small aggregates; on a machine busy with reports each
    round trip waits for the server to be scheduled, so one statement answers them all
    (and from one snapshot, so its figures agree with each other)."""
    joined, params = [], []
    for number, part in enumerate(parts):
        sql, part_params = part.query.get_compiler(using=part.db).as_sql()
        joined.append(f"({sql}) AS part_{number}")
        params.extend(part_params)
    return "SELECT * FROM " + " CROSS JOIN ".join(joined), params


def _fetch_row(sql: str, params: list) -> dict[str, Any]:
    """The one row of ``sql``, its columns by name."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
        return {column[0]: value for column, value in zip(cursor.description, row, strict=True)}


def _tps_counts(*, operation: Operation, unit: Agency) -> QuerySet | None:
    """The TPS of the unit from the counts the database keeps per kecamatan (a few hundred
    rows for a Polda, exact at every moment), when those can answer."""
    prefixes = _district_prefixes(unit) if connection.vendor == "postgresql" else None
    if prefixes is None:
        return None
    rows = DistrictCount.objects.filter(election_id__in=_election_ids(operation))
    if prefixes:
        within = Q(pk__in=[])
        for prefix in prefixes:
            within |= Q(district_code=prefix) | Q(district_code__startswith=prefix + ".")
        rows = rows.filter(within)
    return _whole(rows, tps=Coalesce(Sum("tps"), 0))


# Stand-ins for "now less N minutes" while the summary's statement is compiled: the
# statement is kept (compiling it costs more than running it) and each read puts the
# moment's thresholds where these stand.
_AGE_SENTINELS = {
    minutes: datetime.datetime(1901, 1, 1, tzinfo=datetime.UTC) + datetime.timedelta(days=number)
    for number, (minutes, _name) in enumerate(AGE_BUCKETS)
}
# Compiled summary statements by every input of their SQL (bounded: one per room polled).
_SUMMARY_STATEMENTS: dict[tuple, tuple[str, list, bool]] = {}
_SUMMARY_STATEMENTS_KEPT = 512


def _summary_statement(*, operation: Operation, unit: Agency) -> tuple[str, list, bool]:
    """The summary's one statement, its parameters (age thresholds as stand-ins) and
    whether it counts the TPS itself; compiled once per process for the same operation,
    elections, unit and area, every input of its SQL being part of the key (a unit given
    other regions, moved, or an operation given other elections compiles anew)."""
    codes = () if unit.kind == Agency.Kind.MABES_POLRI else tuple(area_codes([unit]))
    key = (
        connection.vendor,
        operation.pk,
        tuple(_election_ids(operation)),
        unit.pk,
        unit.kind,
        unit.path,
        codes,
    )
    statement = _SUMMARY_STATEMENTS.get(key)
    if statement is None:
        statement = _compile_summary(operation=operation, unit=unit)
        if len(_SUMMARY_STATEMENTS) >= _SUMMARY_STATEMENTS_KEPT:
            _SUMMARY_STATEMENTS.clear()
        _SUMMARY_STATEMENTS[key] = statement
    return statement


def _compile_summary(*, operation: Operation, unit: Agency) -> tuple[str, list, bool]:
    area = unit_area(unit)
    parts = [
        # Reported and per phase from the area counters the ingestion keeps (a few
        # thousand rows for a Polda, not tens of thousands of TPS states)...
        _whole(
            AreaReportCount.objects.filter(operation=operation).filter(area),
            reported=Coalesce(Sum("reported"), 0),
            **{phase.value: Coalesce(Sum(phase.value), 0) for phase in PHASES},
        ),
        # ... and "safe" is reported less the few unsafe TPS, through their partial index.
        _whole(
            StationStatus.objects.filter(operation=operation).filter(area).filter(UNSAFE),
            unsafe=Count("pk"),
        ),
        _whole(
            Incident.objects.filter(operation=operation).filter(area).open(),
            total=Count("pk"),
            **{f"severity_{level}": Count("pk", filter=Q(severity=level)) for level in (1, 2, 3)},
            **{
                name: Count("pk", filter=Q(reported_at__gt=_AGE_SENTINELS[minutes]))
                for minutes, name in AGE_BUCKETS
            },
            unacknowledged=Count("pk", filter=Q(state=Incident.State.OPEN)),
        ),
    ]
    tps_counts = _tps_counts(operation=operation, unit=unit)
    if tps_counts is not None:
        parts.append(tps_counts)
    sql, params = _joined(*parts)
    return sql, params, tps_counts is not None


def _threshold(thresholds: dict, param: Any) -> Any:
    """``param``, or the moment's age threshold when it is a stand-in."""
    return thresholds.get(param, param) if isinstance(param, datetime.datetime | str) else param


def situation_summary(*, operation: Operation, unit: Agency) -> dict:
    """TPS in the unit, reported, safe, open incidents by severity and age, reported per
    phase: the figures of the situation room and of ``ringkasan.json``, in one query."""
    sql, params, counts_tps = _summary_statement(operation=operation, unit=unit)
    now = timezone.now()
    prepared = DateTimeField().get_db_prep_value
    thresholds = {
        prepared(sentinel, connection): prepared(
            now - datetime.timedelta(minutes=minutes), connection
        )
        for minutes, sentinel in _AGE_SENTINELS.items()
    }
    figures = _fetch_row(sql, [_threshold(thresholds, param) for param in params])
    if not counts_tps:
        # Without those counts, the TPS themselves, counted every few minutes: the TPS of
        # a unit do not change during the days.
        stations = PollingStation.objects.filter(election_id__in=_election_ids(operation))
        figures["tps"] = cache.get_or_set(
            f"election-day:tps:{operation.pk}:{unit.pk}",
            stations.filter(unit_area(unit)).count,
            TPS_COUNT_SECONDS,
        )
    tps_count = figures["tps"]
    return {
        "tps": tps_count,
        "reported": figures["reported"],
        "not_reported": max(0, tps_count - figures["reported"]),
        "safe": figures["reported"] - figures["unsafe"],
        "incidents_open": {str(level): figures[f"severity_{level}"] for level in (1, 2, 3)},
        "incidents_open_total": figures["total"],
        "incidents_unacknowledged": figures["unacknowledged"],
        "incidents_by_age": {
            "under_15_min": figures["under_15"],
            "15_to_60_min": figures["under_60"] - figures["under_15"],
            "over_60_min": figures["total"] - figures["under_60"],
        },
        "phases": {phase.value: figures[phase.value] for phase in PHASES},
    }


def open_incidents(
    *, operation: Operation, unit: Agency, limit: int = OPEN_INCIDENTS_SHOWN
) -> list[Incident]:
    """Open incidents of the unit, most severe first and, within a severity, oldest first."""
    return list(
        Incident.objects.filter(operation=operation)
        .filter(unit_area(unit))
        .open()
        .select_related("incident_type", "polling_station__village")
        .order_by("-severity", "reported_at")[:limit]
    )


def unit_alerts(*, operation: Operation, unit: Agency, limit: int = 10) -> list[PostAlert]:
    """The latest alerts put before this unit's own posko, with what became of them."""
    return list(
        PostAlert.objects.filter(unit=unit, incident__operation=operation)
        .select_related("incident__incident_type", "incident__polling_station__village")
        .order_by("-created_at")[:limit]
    )


def _station_state(operation: Operation) -> Subquery:
    """The TPS's latest state as the room's map colours it (``incident_<worst severity>``,
    ``safe``, ``reported``; no row: nothing reported), read beside its position through
    the states' unique (operation, TPS) index."""
    state = Case(
        When(
            open_incidents__gt=0,
            then=Concat(Value("incident_"), Cast("max_open_severity", CharField())),
        ),
        When(last_status=FieldReport.Status.SAFE, then=Value("safe")),
        default=Value("reported"),
        output_field=CharField(),
    )
    return Subquery(
        StationStatus.objects.filter(operation=operation, polling_station=OuterRef("pk"))
        .annotate(state=state)
        .values("state")[:1]
    )


def map_points(*, operation: Operation, unit: Agency) -> dict:
    """Every TPS of the unit with its latest state (``none``, ``safe``, ``reported``,
    ``incident_1..3``), placed as the TPS map places them (a TPS without coordinates at its
    village's or kecamatan's centroid, marked approximate); above MAP_MARKER_LIMIT only the
    TPS with an open incident. A unit within the limit costs one query: positions and
    states together, counted as they are read."""
    area = unit_area(unit)
    stations = PollingStation.objects.filter(election_id__in=_election_ids(operation)).filter(area)
    state = _station_state(operation)
    placed, unplaced = positioned_points(
        stations.annotate(state=state), "state", limit=MAP_MARKER_LIMIT + 1
    )
    count = len(placed) + unplaced
    if count > MAP_MARKER_LIMIT:
        count = stations.count()
        with_incidents = (
            StationStatus.objects.filter(operation=operation)
            .filter(area)
            .filter(open_incidents__gt=0)
            .values("polling_station_id")
        )
        # Even those beyond the limit (a national room on a bad day): the first ones only.
        first = (
            stations.filter(pk__in=with_incidents)
            .order_by("pk")
            .values_list("pk", flat=True)[:MAP_MARKER_LIMIT]
        )
        placed, _unplaced = positioned_points(
            PollingStation.objects.filter(pk__in=list(first)).annotate(state=state), "state"
        )
    points = [
        [pk, lat, lng, state or "none", label, how]
        for pk, lat, lng, _category, label, how, state in placed
    ]
    return {"count": count, "limited": count > MAP_MARKER_LIMIT, "points": points}


def incident_detail(*, user: Any, pk: int) -> Incident:
    return (
        Incident.objects.visible_to(user)
        .select_related(
            "incident_type", "polling_station__village", "polsek", "operation", "report__reporter"
        )
        .get(pk=pk)
    )


def incident_steps(*, incident: Incident) -> list[IncidentStep]:
    return list(incident.steps.select_related("by").order_by("at", "pk"))


def gakkumdu_cases(*, user: Any) -> list[Incident]:
    return list(
        Incident.objects.visible_to(user)
        .for_gakkumdu()
        .select_related("incident_type", "polling_station__village", "operation")
        .order_by("-reported_at")[:200]
    )


def situation_pairs(*, user: Any, access: Access) -> list[tuple[Operation, Agency]]:
    """The operations and units whose situation room the user may open."""
    operations = list(Operation.objects.visible_to(user).order_by("-starts_on")[:10])
    if access.police_units:
        units = list(access.police_units)
    else:
        units = list(
            Agency.objects.filter(kind__in=[Agency.Kind.MABES_POLRI, Agency.Kind.POLDA])[:40]
        )
    return [(operation, unit) for operation in operations for unit in units]


def child_units(*, unit: Agency) -> list[Agency]:
    return list(unit.children.police().order_by("short_name"))


@dataclass(frozen=True)
class FieldStation:
    station: PollingStation
    phases_done: frozenset[str]
    open_incidents: int


def field_stations(*, account: FieldAccount) -> list[FieldStation]:
    """The TPS of the officer's plotting group, with the phases already reported."""
    group = account.group
    stations = [
        assignment.polling_station
        for assignment in PlottingAssignment.objects.filter(group=group)
        .select_related("polling_station__village")
        .order_by("polling_station__village_id", "polling_station__number")
    ]
    statuses = dict(
        StationStatus.objects.filter(
            operation_id=group.operation_id, polling_station__in=stations
        ).values_list("polling_station_id", "phases")
    )
    open_counts = dict(
        Incident.objects.filter(operation_id=group.operation_id, polling_station__in=stations)
        .open()
        .values("polling_station_id")
        .annotate(n=Count("pk"))
        .values_list("polling_station_id", "n")
    )
    return [
        FieldStation(
            station=station,
            phases_done=frozenset(
                phase.value for phase in PHASES if statuses.get(station.pk, 0) & PHASE_BIT[phase]
            ),
            open_incidents=open_counts.get(station.pk, 0),
        )
        for station in stations
    ]
