"""Importing a whole TPS file: validate in one pass, then COPY or ORM writes."""

import csv
import logging
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, cast

from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connection, transaction
from django.db.backends.utils import CursorWrapper
from django.db.models import (
    NOT_PROVIDED,
    Field,
)

from agencies.models import Agency
from config.exports import safe_row
from operations.models import Election

from .. import selectors
from ..changes import stations_changed
from ..models import (
    PollingStation,
    TpsImport,
)
from ..tps_file.checking import RowChecker, check_table, copy_escape
from ..tps_file.reading import (
    REJECT_REASON_COLUMN,
    STAGING_COLUMNS,
    STORED_COLUMNS,
    TARGET_COLUMNS,
    RowError,
    Table,
    check_header,
    open_table,
)

logger = logging.getLogger(__name__)

# Checks every row of a table, handing chunks of valid lines on; says whether the import
# may go on.
RowCheck = Callable[[RowChecker, Callable[[list[str]], object]], bool]

BULK_BATCH = 2000


@dataclass
class TpsImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    # False when bad rows stopped the import (skip_invalid off): nothing was written.
    written: bool = False
    rejects_path: Path | None = None

    @property
    def rejected(self) -> int:
        return len(self.errors)


class _RejectsWriter:
    """The rejected rows as a CSV the user can fix and import again: the file's own columns
    plus ``alasan``, in the file's own delimiter, with a BOM so that Excel reads it as UTF-8."""

    def __init__(self, path: Path, header: list[str], delimiter: str) -> None:
        self.path = path
        self.handle: IO[str] | None = None
        self.header = header
        self.delimiter = delimiter
        # A rejects file imported again carries an ``alasan`` column already: replace it.
        self.keep = [
            i for i, name in enumerate(header) if name.strip().lower() != REJECT_REASON_COLUMN
        ]

    def write(self, cells: list[str], reason: str) -> None:
        if self.handle is None:
            self.handle = open(self.path, "w", encoding="utf-8-sig", newline="")  # noqa: SIM115
            self.writer = csv.writer(self.handle, delimiter=self.delimiter)
            self.writer.writerow(
                safe_row([self.header[i] for i in self.keep] + [REJECT_REASON_COLUMN])
            )
        width = len(cells)
        row = [cells[i] if i < width else "" for i in self.keep] + [reason]
        self.writer.writerow(safe_row(row))

    def close(self) -> bool:
        if self.handle is None:
            return False
        self.handle.close()
        return True


def import_tps(
    *,
    path: Path,
    election: Election,
    unit: Agency | None = None,
    skip_invalid: bool = False,
    rejects_path: Path | None = None,
    on_progress: Callable[[str, int], None] | None = None,
    use_copy: bool | None = None,
) -> TpsImportResult:
    """Imports a TPS file (CSV or XLSX) for ``election``.

    The whole file is checked. If a row is bad and ``skip_invalid`` is off, nothing is written
    and every bad row is reported; with ``skip_invalid`` the valid rows are imported. Rejected
    rows (with their reason) go to ``rejects_path`` when given. With ``unit``, only villages in
    that unit's area are accepted. TPS are matched on (election, village, number): importing a
    file again updates them. Raises ``TpsFileError`` when the file itself is unreadable or
    lacks a required column.

    On PostgreSQL (``use_copy``, the default there) valid rows stream through COPY while the
    file is being checked, inside one transaction that is rolled back if a bad row turns up:
    the database works while Python checks. Elsewhere, and when ``use_copy`` is False, the
    checked rows are spooled and written with batched ORM upserts.
    """
    if use_copy is None:
        use_copy = connection.vendor == "postgresql"
    progress = on_progress or (lambda phase, rows: None)
    result = TpsImportResult()
    checker_args = {
        "village_codes": selectors.village_codes(),
        "scope": selectors.import_scope_of(unit) if unit is not None else None,
        "polsek_rule": selectors.polsek_rule(),
    }
    with open_table(path) as table:
        check_header(table)
        rejects = (
            _RejectsWriter(rejects_path, table.header, table.delimiter) if rejects_path else None
        )

        def invalid(line: int, cells: list[str], reasons: list[str]) -> None:
            reason = "; ".join(reasons)
            result.errors.append(RowError(line=line, reason=reason))
            if rejects is not None:
                rejects.write(cells, reason)

        def check(checker: RowChecker, on_valid: Callable[[list[str]], object]) -> bool:
            """Checks every row, handing on the valid ones while the import may still
            succeed. Returns whether it may."""

            def valid(lines: list[str]) -> None:
                if lines and (skip_invalid or not result.errors):
                    on_valid(lines)

            result.rows = check_table(
                table,
                checker,
                on_valid=valid,
                on_invalid=invalid,
                on_progress=lambda rows: progress(TpsImport.Status.VALIDATING, rows),
            )
            proceed = skip_invalid or not result.errors
            if proceed:
                progress(TpsImport.Status.IMPORTING, result.rows)
            return proceed

        try:
            with transaction.atomic():
                # One import per election at a time: the counts and the update-then-insert rely
                # on nobody else writing this election's TPS meanwhile. NO KEY: uploads that
                # merely point at the election are not held up.
                Election.objects.select_for_update(no_key=True).filter(pk=election.pk).first()
                if use_copy:
                    created, updated = _stream_postgresql(table, election, checker_args, check)
                else:
                    created, updated = _spool_orm(table, election, checker_args, check)
                if result.errors and not skip_invalid:
                    raise _Abandon
        except _Abandon:
            return result
        finally:
            if rejects is not None and rejects.close():
                result.rejects_path = rejects_path
    result.created, result.updated = created, updated
    stations_changed.send(sender=PollingStation, using=DEFAULT_DB_ALIAS)
    result.unchanged = result.rows - result.rejected - created - updated
    result.written = True
    return result


class _Abandon(Exception):
    """A bad row with skip_invalid off: roll back whatever was streamed."""


def _updated_columns(present: frozenset[str]) -> list[str]:
    """Columns a re-import overwrites: those the file has. A file without ``dpt`` keeps the
    voters already known; ``category`` and ``polsek_id`` are handled row by row."""
    columns = []
    if "alamat" in present:
        columns.append("address")
    if "dpt" in present:
        columns.append("registered_voters")
    if present & {"latitude", "longitude"}:
        columns += ["latitude", "longitude"]
    if present & {"jenis", "lokasi_khusus"}:
        columns += ["kind", "special_location"]
    return columns


def _stream_postgresql(
    table: Table, election: Election, checker_args: dict, check: RowCheck
) -> tuple[int, int]:
    """Checks the rows while COPY takes them: straight into the TPS table when the election
    has no TPS yet, otherwise into a temporary staging table followed by one set-based UPDATE
    (of the rows that change) and one INSERT (of the new ones)."""
    target = PollingStation._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT EXISTS (SELECT 1 FROM {target} WHERE election_id = %s)", [election.pk]
        )
        direct = not cursor.fetchone()[0]
        others = _other_columns()
        if direct:
            checker = RowChecker(
                columns=table.columns,
                election_id=election.pk,
                extra_values="".join(f"\t{_copy_text(value)}" for _, value in others),
                **checker_args,
            )
            columns = [*TARGET_COLUMNS, *(column for column, _ in others)]
            sql = f"COPY {target} ({', '.join(columns)}) FROM STDIN"
        else:
            checker = RowChecker(columns=table.columns, **checker_args)
            cursor.execute(STAGING_TABLE_SQL)
            sql = f"COPY tps_import_staging ({', '.join(STAGING_COLUMNS)}) FROM STDIN"
        with cursor.copy(sql) as copy:
            # One COPY message per chunk of lines: one per line costs more than the check.
            if not check(checker, lambda lines: copy.write("".join(lines))):
                return 0, 0
        valid = len(checker.seen)
        if direct:
            return valid, 0
        return _merge_staging(cursor, election, table.present, others)


def _other_columns() -> list[tuple[str, Any]]:
    """The TPS table's columns that an import does not set, with the value a new TPS gets
    (the model field's default, as the ORM would give it): raw SQL gets no Django defaults.
    Columns with a database default are left to it."""
    known = {*TARGET_COLUMNS, PollingStation._meta.pk.column}
    others: list[tuple[str, Any]] = []
    for model_field in PollingStation._meta.concrete_fields:
        if (
            model_field.column is None
            or model_field.column in known
            or model_field.db_default is not NOT_PROVIDED
        ):
            continue
        value = model_field.get_db_prep_save(model_field.get_default(), connection)
        if value is None and not model_field.null:
            raise ImproperlyConfigured(
                f"The TPS import does not know what to write in {model_field.column}: "
                "give the field a default."
            )
        others.append((model_field.column, value))
    return others


def _copy_text(value: object) -> str:
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    return copy_escape(str(value))


STAGING_TABLE_SQL = """
    CREATE TEMP TABLE tps_import_staging (
        village_id varchar(13) NOT NULL,
        number integer NOT NULL,
        address varchar(255) NOT NULL,
        registered_voters integer,
        latitude numeric(9, 6),
        longitude numeric(9, 6),
        kind varchar(8) NOT NULL,
        special_location varchar(12) NOT NULL,
        category varchar(12) NOT NULL,
        category_given boolean NOT NULL,
        polsek_id bigint
    ) ON COMMIT DROP
"""


def _merge_staging(
    cursor: CursorWrapper,
    election: Election,
    present: frozenset[str],
    others: list[tuple[str, Any]],
) -> tuple[int, int]:
    """Staged rows into the TPS table: the rows that change are updated, the new inserted."""
    table = PollingStation._meta.db_table
    cursor.execute("ANALYZE tps_import_staging")
    other_columns = "".join(f", {column}" for column, _ in others)
    other_values = ", %s" * len(others)
    columns = _updated_columns(present)
    # An operator's override (with its reason, in CategoryOverride) outranks a file's kategori.
    category = (
        "CASE WHEN s.category_given AND NOT t.category_overridden "
        "THEN s.category ELSE t.category END"
    )
    polsek = "COALESCE(s.polsek_id, t.polsek_id)"
    assignments = [f"{column} = s.{column}" for column in columns]
    assignments += [f"category = {category}", f"polsek_id = {polsek}"]
    old = ["t.category", "t.polsek_id"] + [f"t.{column}" for column in columns]
    new = [category, polsek] + [f"s.{column}" for column in columns]
    # Rows that would not change are left alone: re-importing the same file rewrites nothing,
    # and the counts say what really changed.
    cursor.execute(
        f"""
        UPDATE {table} AS t SET {", ".join(assignments)}
        FROM tps_import_staging AS s
        WHERE t.election_id = %s AND t.village_id = s.village_id AND t.number = s.number
          AND ({", ".join(old)}) IS DISTINCT FROM ({", ".join(new)})
        """,
        [election.pk],
    )
    updated = cursor.rowcount
    cursor.execute(
        f"""
        INSERT INTO {table} (election_id, {", ".join(STORED_COLUMNS)}{other_columns})
        SELECT %s, {", ".join("s." + column for column in STORED_COLUMNS)}{other_values}
        FROM tps_import_staging AS s
        WHERE NOT EXISTS (
            SELECT 1 FROM {table} AS t
            WHERE t.election_id = %s AND t.village_id = s.village_id AND t.number = s.number
        )
        """,
        [election.pk, *(value for _, value in others), election.pk],
    )
    created = cursor.rowcount
    # ON COMMIT DROP is not enough inside an outer transaction (a request, a test).
    cursor.execute("DROP TABLE tps_import_staging")
    return created, updated


def _parse_copy_line(line: str) -> dict[str, Any]:
    values = line.rstrip("\n").split("\t")
    row: dict[str, Any] = {}
    for column, value in zip(STAGING_COLUMNS, values, strict=True):
        if value == r"\N":
            row[column] = None
        elif column == "address":
            row[column] = (
                value.replace("\\t", "\t").replace("\\n", "\n").replace("\\r", "\r")
            ).replace("\\\\", "\\")
        else:
            row[column] = value
    return row


def _spool_orm(
    table: Table, election: Election, checker_args: dict, check: RowCheck
) -> tuple[int, int]:
    checker = RowChecker(columns=table.columns, **checker_args)
    with tempfile.TemporaryFile("w+", encoding="utf-8") as spool:
        if not check(checker, lambda lines: spool.write("".join(lines))):
            return 0, 0
        spool.seek(0)
        return _write_with_orm(spool, election, table.present)


def _write_with_orm(spool: IO[str], election: Election, present: frozenset[str]) -> tuple[int, int]:
    """The portable path (SQLite for ``make run``): batched upserts, grouped by which optional
    values a row brings so that a blank category or unknown Polsek keeps what is stored.

    Each batch is compared with what is stored first: rows that would change nothing are
    left out, so they count as unchanged, not as updated (as on the PostgreSQL path)."""
    # An operator's override (with its reason, in CategoryOverride) outranks a file's kategori.
    overridden = set(
        PollingStation.objects.filter(election=election, category_overridden=True).values_list(
            "village_id", "number"
        )
    )
    base_fields = _updated_columns(present)
    groups: dict[tuple[bool, bool], list[PollingStation]] = {}
    counts = {"created": 0, "updated": 0}

    def normalised(field: str, value: Any) -> Any:
        # The import's columns are the model's own fields, never reverse relations.
        return cast("Field[Any, Any]", PollingStation._meta.get_field(field)).to_python(value)

    def flush(key: tuple[bool, bool]) -> None:
        category_given, polsek_known = key
        fields = list(base_fields)
        if category_given:
            fields.append("category")
        if polsek_known:
            fields.append("polsek_id")
        batch = groups.pop(key, [])
        if not batch:
            return
        stored = {
            (row[0], row[1]): row[2:]
            for row in PollingStation.objects.filter(
                election=election, village_id__in={station.village_id for station in batch}
            ).values_list("village_id", "number", *fields)
        }
        changed = []
        for station in batch:
            old = stored.get((station.village_id, station.number))
            if old is None:
                counts["created"] += 1
                changed.append(station)
                continue
            new = [normalised(f, getattr(station, f)) for f in fields]
            if any(a != b for a, b in zip(new, old, strict=True)):
                counts["updated"] += 1
                changed.append(station)
        if not changed:
            return
        if fields:
            PollingStation.objects.bulk_create(
                changed,
                update_conflicts=True,
                unique_fields=["election", "village", "number"],
                update_fields=fields,
            )
        else:
            PollingStation.objects.bulk_create(changed, ignore_conflicts=True)

    for line in spool:
        row = _parse_copy_line(line)
        station = PollingStation(
            election=election,
            village_id=row["village_id"],
            number=int(row["number"]),
            address=row["address"] or "",
            registered_voters=row["registered_voters"],
            latitude=row["latitude"],
            longitude=row["longitude"],
            kind=row["kind"],
            special_location=row["special_location"] or "",
            category=row["category"],
            polsek_id=row["polsek_id"],
        )
        category_given = row["category_given"] == "t" and (
            (station.village_id, station.number) not in overridden
        )
        key = (category_given, row["polsek_id"] is not None)
        groups.setdefault(key, []).append(station)
        if len(groups[key]) >= BULK_BATCH:
            flush(key)
    for key in list(groups):
        flush(key)
    return counts["created"], counts["updated"]
