"""Set-based writes of field reports: the reports, the TPS states and the area counters."""

import datetime
import hashlib
import itertools
import re
import uuid
import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.db.backends.utils import CursorWrapper
from django.db.models import Count, F, Q

from operations.models import Operation

from ..models.election_day import (
    PHASE_BIT,
    PHASES,
    FieldReport,
    Incident,
    StationStatus,
)
from ..models.situation import AreaReportCount


@dataclass
class StoredReport:
    """One report to write, checked already; ``report`` is filled in by ``store_reports``."""

    client_id: uuid.UUID
    polling_station: Any
    phase: str
    status: str
    reported_at: datetime.datetime
    latitude: Decimal | None
    longitude: Decimal | None
    severity: int = 0
    report: FieldReport | None = None
    created: bool = False


_REPORT_COLUMNS = (
    "client_id, operation_id, polling_station_id, village_id, polsek_id, phase, status, "
    "reporter_id, reported_at, received_at, latitude, longitude, is_exercise"
)
_INSERT_REPORTS = """
INSERT INTO polling_stations_fieldreport ({columns}) VALUES {values}
ON CONFLICT (client_id) DO NOTHING
RETURNING id, client_id
"""
# The TPS's latest state: phases OR-ed in, the latest report (by the phone's clock,
# since an offline phone sends late) wins, incident counters added. ``phases_before``
# keeps the old bits so that the area counters count each new phase once.
_STATUS_COLUMNS = (
    "operation_id, polling_station_id, village_id, polsek_id, phases, phases_before, "
    "last_phase, last_status, last_reported_at, open_incidents, max_open_severity"
)
_STATUS_CONFLICT = """
ON CONFLICT (operation_id, polling_station_id) DO UPDATE SET
    phases_before = s.phases,
    phases = s.phases | EXCLUDED.phases,
    last_phase = CASE WHEN EXCLUDED.last_reported_at >= s.last_reported_at
        THEN EXCLUDED.last_phase ELSE s.last_phase END,
    last_status = CASE WHEN EXCLUDED.last_reported_at >= s.last_reported_at
        THEN EXCLUDED.last_status ELSE s.last_status END,
    last_reported_at = CASE WHEN EXCLUDED.last_reported_at >= s.last_reported_at
        THEN EXCLUDED.last_reported_at ELSE s.last_reported_at END,
    open_incidents = s.open_incidents + EXCLUDED.open_incidents,
    max_open_severity = CASE WHEN EXCLUDED.max_open_severity > s.max_open_severity
        THEN EXCLUDED.max_open_severity ELSE s.max_open_severity END
RETURNING village_id, polsek_id, phases, phases_before
"""
_UPSERT_STATUSES = f"""
INSERT INTO polling_stations_stationstatus AS s ({_STATUS_COLUMNS})
VALUES {{values}}
{_STATUS_CONFLICT}
"""
_COUNT_COLUMNS = ["reported"] + [phase.value for phase in PHASES]
_COUNT_CONFLICT = "ON CONFLICT (operation_id, village_id, polsek_id) DO UPDATE SET " + ", ".join(
    f"{name} = c.{name} + EXCLUDED.{name}" for name in _COUNT_COLUMNS
)
_UPSERT_COUNTS = f"""
INSERT INTO polling_stations_areareportcount AS c
    (operation_id, village_id, polsek_id, {", ".join(_COUNT_COLUMNS)})
VALUES {{values}}
{_COUNT_CONFLICT}
"""
# On PostgreSQL the three writes are one statement (data-modifying WITH queries): one round
# trip per batch and no BEGIN/COMMIT of its own, atomic as any statement is. The batch comes
# as one array per column, so the statement's text is the same for every batch and short:
# the driver parses it once (it re-parsed a long VALUES list every batch). Each report sent
# is numbered; a report sent twice in the batch is inserted (and counted) once, the first;
# a TPS's state takes the latest of its new reports (the later one on a tie).
_STORE_BATCH = f"""
WITH batch (operation_id, reporter_id, received_at, is_exercise) AS (
    VALUES (%s::bigint, %s::bigint, %s::timestamptz, %s::boolean)
),
sent AS (
    SELECT * FROM unnest(
        %s::integer[], %s::uuid[], %s::bigint[], %s::text[], %s::bigint[], %s::text[],
        %s::text[], %s::timestamptz[], %s::numeric[], %s::numeric[], %s::integer[],
        %s::integer[]
    ) AS sent (position, client_id, polling_station_id, village_id, polsek_id, phase,
               status, reported_at, latitude, longitude, bit, severity)
),
first AS (SELECT DISTINCT ON (client_id) * FROM sent ORDER BY client_id, position),
inserted AS (
    INSERT INTO polling_stations_fieldreport ({_REPORT_COLUMNS})
    SELECT f.client_id, b.operation_id, f.polling_station_id, f.village_id, f.polsek_id,
        f.phase, f.status, b.reporter_id, f.reported_at, b.received_at, f.latitude,
        f.longitude, b.is_exercise
    FROM first f CROSS JOIN batch b
    ORDER BY f.position
    ON CONFLICT (client_id) DO NOTHING
    RETURNING id, client_id
),
states AS (
    INSERT INTO polling_stations_stationstatus AS s ({_STATUS_COLUMNS})
    SELECT DISTINCT ON (f.polling_station_id) b.operation_id, f.polling_station_id,
        f.village_id, f.polsek_id, bit_or(f.bit) OVER station, 0, f.phase, f.status,
        f.reported_at, count(*) FILTER (WHERE f.severity > 0) OVER station,
        max(f.severity) OVER station
    FROM first f JOIN inserted USING (client_id) CROSS JOIN batch b
    WINDOW station AS (PARTITION BY f.polling_station_id)
    ORDER BY f.polling_station_id, f.reported_at DESC, f.position DESC
    {_STATUS_CONFLICT}
),
counted AS (
    INSERT INTO polling_stations_areareportcount AS c
        (operation_id, village_id, polsek_id, {", ".join(_COUNT_COLUMNS)})
    SELECT b.operation_id, s.village_id, s.polsek_id,
        count(*) FILTER (WHERE s.phases_before = 0),
        {
    ", ".join(
        f"count(*) FILTER (WHERE s.phases & ~s.phases_before & {PHASE_BIT[phase]} <> 0)"
        for phase in PHASES
    )
}
    FROM states s CROSS JOIN batch b
    WHERE s.phases & ~s.phases_before <> 0
    GROUP BY b.operation_id, s.village_id, s.polsek_id
    ORDER BY s.village_id, s.polsek_id
    {_COUNT_CONFLICT}
)
SELECT id, client_id FROM inserted
"""


# Prepared once per database connection: planning the statement cost PostgreSQL about as
# much CPU as running it, and its long text as much again to quote on each call; a phone
# sends one report per request at the peak. PREPARE outlives a rolled-back transaction, so
# a connection keeps it until it closes. Named after its text, so that a changed statement
# is never taken for the old one.
_PREPARED_NAME = "sinergi_store_reports_" + hashlib.sha1(_STORE_BATCH.encode()).hexdigest()[:12]
_numbers = itertools.count(1)
_PREPARE = f"PREPARE {_PREPARED_NAME} AS " + re.sub(
    r"%s(?=::)", lambda _match: f"${next(_numbers)}", _STORE_BATCH
)
_PARAMETERS = _STORE_BATCH.count("%s")
_EXECUTE = f"EXECUTE {_PREPARED_NAME} ({', '.join(['%s'] * _PARAMETERS)})"
# The driver's connections (one per thread) that hold the prepared statement.
_prepared_on: "weakref.WeakSet[Any]" = weakref.WeakSet()


def one_statement() -> bool:
    """Whether a batch is written in one statement (PostgreSQL), needing no transaction
    of its own."""
    return connection.vendor == "postgresql"


def _values(rows: list[list[Any]]) -> tuple[str, list[Any]]:
    """A multi-row VALUES list and its flat parameters."""
    row = "(" + ", ".join(["%s"] * len(rows[0])) + ")"
    return ", ".join([row] * len(rows)), [value for values in rows for value in values]


def store_reports(
    *,
    rows: list[StoredReport],
    operation: Operation,
    reporter: Any,
    is_exercise: bool,
    received_at: datetime.datetime,
) -> None:
    """Inserts the reports not stored yet, then folds the new ones into the TPS states
    and the area counters; fills in each row's ``report`` and ``created``. One statement
    on PostgreSQL (see ``one_statement``); elsewhere the caller holds the transaction."""
    reporter_id = reporter.pk if reporter is not None else None
    head = [operation.pk, reporter_id, received_at, is_exercise]
    on_postgresql = one_statement()
    with connection.cursor() as cursor:
        if on_postgresql:
            created = _store_batch(cursor=cursor, rows=rows, head=head)
        else:
            created = _insert_reports(cursor=cursor, rows=rows, head=head)
        new_rows = []
        for row in rows:
            pk = created.pop(row.client_id, None)
            if pk is None:
                continue  # stored before, or twice in this batch: the first one counts
            station = row.polling_station
            row.created = True
            row.report = FieldReport(
                pk=pk,
                client_id=row.client_id,
                operation=operation,
                polling_station=station,
                village_id=station.village_id,
                polsek_id=station.polsek_id,
                phase=row.phase,
                status=row.status,
                reporter=reporter,
                reported_at=row.reported_at,
                received_at=received_at,
                latitude=row.latitude,
                longitude=row.longitude,
                is_exercise=is_exercise,
            )
            new_rows.append(row)
        if new_rows and not on_postgresql:
            _fold_into_states(cursor=cursor, rows=new_rows, operation=operation)
    missing = [row for row in rows if not row.created]
    if missing:
        stored = FieldReport.objects.in_bulk(
            [row.client_id for row in missing], field_name="client_id"
        )
        for row in missing:
            row.report = stored[row.client_id]


def _insert_reports(*, cursor: CursorWrapper, rows: list[StoredReport], head: list[Any]) -> dict:
    """The reports not stored yet (SQLite); the new ones' ids by client id."""
    ops = connection.ops
    operation_id, reporter_id, received_at, is_exercise = head
    received = ops.adapt_datetimefield_value(received_at)
    values, params = _values(
        [
            [
                row.client_id.hex,
                operation_id,
                row.polling_station.pk,
                row.polling_station.village_id,
                row.polling_station.polsek_id,
                row.phase,
                row.status,
                reporter_id,
                ops.adapt_datetimefield_value(row.reported_at),
                received,
                ops.adapt_decimalfield_value(row.latitude, 9, 6),
                ops.adapt_decimalfield_value(row.longitude, 9, 6),
                is_exercise,
            ]
            for row in rows
        ]
    )
    cursor.execute(_INSERT_REPORTS.format(columns=_REPORT_COLUMNS, values=values), params)
    return {uuid.UUID(str(client_id)): pk for pk, client_id in cursor.fetchall()}


def _store_batch(*, cursor: CursorWrapper, rows: list[StoredReport], head: list[Any]) -> dict:
    """The batch in one statement (PostgreSQL); the new reports' ids by client id."""
    columns: list[list[Any]] = [[] for _ in range(12)]
    for position, row in enumerate(rows):
        station = row.polling_station
        for column, value in zip(
            columns,
            (
                position,
                row.client_id,
                station.pk,
                station.village_id,
                station.polsek_id,
                row.phase,
                row.status,
                row.reported_at,
                row.latitude,
                row.longitude,
                PHASE_BIT[row.phase],
                row.severity,
            ),
            strict=True,
        ):
            column.append(value)
    driver_connection = connection.connection
    if driver_connection not in _prepared_on:
        # Asked once per connection: one whose statement this process did not see being
        # prepared (a reloaded module) must not prepare it twice.
        cursor.execute("SELECT 1 FROM pg_prepared_statements WHERE name = %s", [_PREPARED_NAME])
        if cursor.fetchone() is None:
            cursor.execute(_PREPARE)
        _prepared_on.add(driver_connection)
    cursor.execute(_EXECUTE, [*head, *columns])
    return {client_id: pk for pk, client_id in cursor.fetchall()}


def _fold_into_states(
    *, cursor: CursorWrapper, rows: list[StoredReport], operation: Operation
) -> None:
    ops = connection.ops
    states: dict[int, list[Any]] = {}
    for row in rows:
        station = row.polling_station
        state = states.get(station.pk)
        if state is None:
            state = states[station.pk] = [
                operation.pk,
                station.pk,
                station.village_id,
                station.polsek_id,
                0,
                0,
                row.phase,
                row.status,
                row.reported_at,
                0,
                0,
            ]
        state[4] |= PHASE_BIT[row.phase]
        if row.reported_at >= state[8]:
            state[6], state[7], state[8] = row.phase, row.status, row.reported_at
        if row.severity:
            state[9] += 1
            state[10] = max(state[10], row.severity)
    # Sorted, so that concurrent batches lock the rows they share in the same order.
    ordered = [states[pk] for pk in sorted(states)]
    for state in ordered:
        state[8] = ops.adapt_datetimefield_value(state[8])
    values, params = _values(ordered)
    cursor.execute(_UPSERT_STATUSES.format(values=values), params)
    counts: dict[tuple[str, int | None], list[int]] = {}
    for village_id, polsek_id, phases, before in cursor.fetchall():
        added = phases & ~before
        if not added:
            continue
        count = counts.setdefault((village_id, polsek_id), [0] * len(_COUNT_COLUMNS))
        count[0] += before == 0
        for position, phase in enumerate(PHASES, start=1):
            count[position] += bool(added & PHASE_BIT[phase])
    if counts:
        values, params = _values(
            [
                [operation.pk, village_id, polsek_id, *count]
                for (village_id, polsek_id), count in sorted(
                    counts.items(), key=lambda pair: (pair[0][0], pair[0][1] or 0)
                )
            ]
        )
        cursor.execute(_UPSERT_COUNTS.format(values=values), params)


def rebuild_station_status(
    *, operation: Operation, station_ids: Iterable[int] | None = None
) -> None:
    """Recomputes the TPS states of ``operation`` from the stored reports and incidents
    (after exercise data is removed); ``station_ids`` limits it to those TPS."""
    statuses = StationStatus.objects.filter(operation=operation)
    reports = FieldReport.objects.filter(operation=operation).order_by(
        "polling_station_id", "reported_at", "pk"
    )
    incidents = Incident.objects.filter(operation=operation).open()
    if station_ids is not None:
        station_ids = list(station_ids)
        statuses = statuses.filter(polling_station_id__in=station_ids)
        reports = reports.filter(polling_station_id__in=station_ids)
        incidents = incidents.filter(polling_station_id__in=station_ids)
    open_by_station: dict[int, list[int]] = {}
    for station_id, severity in incidents.values_list("polling_station_id", "severity"):
        open_by_station.setdefault(station_id, []).append(severity)
    latest: dict[int, StationStatus] = {}
    for report in reports.iterator(chunk_size=5000):
        state = latest.get(report.polling_station_id)
        if state is None:
            state = latest[report.polling_station_id] = StationStatus(
                operation=operation,
                polling_station_id=report.polling_station_id,
                village_id=report.village_id,
                polsek_id=report.polsek_id,
            )
        state.phases |= PHASE_BIT[report.phase]
        state.last_phase, state.last_status = report.phase, report.status
        state.last_reported_at = report.reported_at
    for station_id, state in latest.items():
        severities = open_by_station.get(station_id, [])
        state.open_incidents, state.max_open_severity = len(severities), max(severities, default=0)
    with transaction.atomic():
        villages = None
        if station_ids is not None:
            villages = set(statuses.values_list("village_id", flat=True).distinct())
        statuses.delete()
        StationStatus.objects.bulk_create(latest.values(), batch_size=2000)
        recount_areas(operation=operation, village_ids=villages)


def recount_areas(*, operation: Operation, village_ids: Iterable[str] | None = None) -> None:
    """Recomputes the area counters of ``operation`` (of ``village_ids`` if given) from
    the TPS states."""
    counts = AreaReportCount.objects.filter(operation=operation)
    statuses = StationStatus.objects.filter(operation=operation)
    if village_ids is not None:
        village_ids = list(village_ids)
        counts = counts.filter(village_id__in=village_ids)
        statuses = statuses.filter(village_id__in=village_ids)
    bits = {f"bit_{phase}": F("phases").bitand(PHASE_BIT[phase]) for phase in PHASES}
    rows = (
        statuses.annotate(**bits)
        .values("village_id", "polsek_id")
        .annotate(
            reported=Count("pk"),
            **{phase.value: Count("pk", filter=Q(**{f"bit_{phase}__gt": 0})) for phase in PHASES},
        )
        .order_by()
    )
    with transaction.atomic():
        counts.delete()
        AreaReportCount.objects.bulk_create(
            [AreaReportCount(operation=operation, **row) for row in rows], batch_size=2000
        )
