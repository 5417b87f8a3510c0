"""Writes for polling stations: imports, risk, patterns, personnel and plotting."""

import csv
import datetime
import logging
import math
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.db.models import (
    NOT_PROVIDED,
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import Agency
from config import documents
from operations.models import Election, Operation

from . import selectors
from .models import (
    CategoryOverride,
    CategoryRule,
    IndicatorReport,
    IndicatorSet,
    PersonnelPolicy,
    PlottingAssignment,
    PlottingDocument,
    PlottingGroup,
    PollingStation,
    Region,
    RiskIndicator,
    RiskVariable,
    SecurityPattern,
    TpsImport,
    UnitStrength,
    area_q,
)
from .patterns import PRESETS
from .regions_import import read_region_files
from .tps_import import (
    REJECT_REASON_COLUMN,
    STAGING_COLUMNS,
    TARGET_COLUMNS,
    RowChecker,
    RowError,
    TpsFileError,
    check_header,
    check_table,
    copy_escape,
    count_data_rows,
    open_table,
)


@dataclass(frozen=True)
class RegionImportResult:
    total: int
    by_level: dict[int, int]


@transaction.atomic
def import_regions(*, directory: Path | None = None, batch_size: int = 5000) -> RegionImportResult:
    """Loads (or refreshes) the Kemendagri regions, all or nothing.

    Upserts by code so that a second run changes nothing, and regions that TPS
    already point to are never deleted.
    """
    rows = read_region_files(directory)
    by_level: dict[int, int] = {}
    regions = []
    for row in rows:
        by_level[row.level] = by_level.get(row.level, 0) + 1
        regions.append(
            Region(
                code=row.code,
                name=row.name,
                level=row.level,
                kind=row.kind,
                parent_id=row.parent_code,
            )
        )
    Region.objects.bulk_create(
        regions,
        batch_size=batch_size,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "level", "kind", "parent"],
    )
    return RegionImportResult(total=len(rows), by_level=by_level)


# --- TPS import ---------------------------------------------------------------------------

logger = logging.getLogger(__name__)

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

    def __init__(self, path: Path, header: list[str], delimiter: str):
        self.path = path
        self.handle = None
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
            self.writer.writerow([self.header[i] for i in self.keep] + [REJECT_REASON_COLUMN])
        width = len(cells)
        self.writer.writerow([cells[i] if i < width else "" for i in self.keep] + [reason])

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

        def check(checker: RowChecker, on_valid: Callable[[str], None]) -> bool:
            """Checks every row, handing on the valid ones while the import may still
            succeed. Returns whether it may."""

            def valid(line: str) -> None:
                if skip_invalid or not result.errors:
                    on_valid(line)

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
    result.unchanged = result.rows - result.rejected - created - updated
    result.written = True
    return result


class _Abandon(Exception):
    """A bad row with skip_invalid off: roll back whatever was streamed."""


class _CopySink:
    """Sends COPY lines to PostgreSQL in chunks (one call per line costs more than the check)."""

    def __init__(self, copy, batch: int = 2000):
        self.copy = copy
        self.batch = batch
        self.lines: list[str] = []

    def write(self, line: str) -> None:
        self.lines.append(line)
        if len(self.lines) >= self.batch:
            self.flush()

    def flush(self) -> None:
        if self.lines:
            self.copy.write("".join(self.lines))
        self.lines = []


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


_INSERTED_COLUMNS = (
    "village_id",
    "number",
    "address",
    "registered_voters",
    "latitude",
    "longitude",
    "kind",
    "special_location",
    "category",
    "polsek_id",
)


def _stream_postgresql(table, election: Election, checker_args: dict, check) -> tuple[int, int]:
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
            sink = _CopySink(copy)
            if not check(checker, sink.write):
                return 0, 0
            sink.flush()
        valid = len(checker.seen)
        if direct:
            return valid, 0
        return _merge_staging(cursor, election, table.present, others)


def _other_columns() -> list[tuple[str, object]]:
    """The TPS table's columns that an import does not set, with the value a new TPS gets
    (the model field's default, as the ORM would give it): raw SQL gets no Django defaults.
    Columns with a database default are left to it."""
    known = {*TARGET_COLUMNS, PollingStation._meta.pk.column}
    others = []
    for model_field in PollingStation._meta.concrete_fields:
        if model_field.column in known or model_field.db_default is not NOT_PROVIDED:
            continue
        value = model_field.get_db_prep_save(model_field.get_default(), connection)
        if value is None and not model_field.null:
            raise ImproperlyConfigured(
                f"The TPS import does not know what to write in {model_field.column}: "
                "give the field a default."
            )
        others.append((model_field.column, value))
    return others


def _copy_text(value) -> str:
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
    cursor, election: Election, present: frozenset[str], others: list[tuple[str, object]]
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
        INSERT INTO {table} (election_id, {", ".join(_INSERTED_COLUMNS)}{other_columns})
        SELECT %s, {", ".join("s." + column for column in _INSERTED_COLUMNS)}{other_values}
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


def _parse_copy_line(line: str) -> dict:
    values = line.rstrip("\n").split("\t")
    row = {}
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


def _spool_orm(table, election: Election, checker_args: dict, check) -> tuple[int, int]:
    checker = RowChecker(columns=table.columns, **checker_args)
    with tempfile.TemporaryFile("w+", encoding="utf-8") as spool:
        if not check(checker, spool.write):
            return 0, 0
        spool.seek(0)
        return _write_with_orm(spool, election, table.present)


def _write_with_orm(spool, election: Election, present: frozenset[str]) -> tuple[int, int]:
    """The portable path (SQLite for ``make run``): batched upserts, grouped by which optional
    values a row brings so that a blank category or unknown Polsek keeps what is stored."""
    before = PollingStation.objects.filter(election=election).count()
    # An operator's override (with its reason, in CategoryOverride) outranks a file's kategori.
    overridden = set(
        PollingStation.objects.filter(election=election, category_overridden=True).values_list(
            "village_id", "number"
        )
    )
    base_fields = _updated_columns(present)
    groups: dict[tuple[bool, bool], list[PollingStation]] = {}
    total = 0

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
        if fields:
            PollingStation.objects.bulk_create(
                batch,
                update_conflicts=True,
                unique_fields=["election", "village", "number"],
                update_fields=fields,
            )
        else:
            PollingStation.objects.bulk_create(batch, ignore_conflicts=True)

    for line in spool:
        row = _parse_copy_line(line)
        total += 1
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
    created = PollingStation.objects.filter(election=election).count() - before
    # Without a cheap way to tell, every matched row counts as updated here.
    return created, total - created


# --- TPS import through the browser (TpsImport rows) ------------------------------------------


class _ProgressWriter:
    """Records an import's progress where the page can see it at once.

    On PostgreSQL the rows are checked inside the import's transaction, so progress goes
    through a second, autocommitting connection; elsewhere through the ORM.
    """

    def __init__(self, tps_import_id: int):
        self.tps_import_id = tps_import_id
        self.side_connection = None

    def __enter__(self):
        return self

    def __call__(self, phase: str, rows: int) -> None:
        if connection.vendor != "postgresql":
            TpsImport.objects.filter(pk=self.tps_import_id).update(status=phase, rows_done=rows)
            return
        if self.side_connection is None:
            self.side_connection = connection.get_new_connection(connection.get_connection_params())
            self.side_connection.autocommit = True
        self.side_connection.execute(
            f"UPDATE {TpsImport._meta.db_table} SET status = %s, rows_done = %s WHERE id = %s",
            [phase, rows, self.tps_import_id],
        )

    def __exit__(self, *exc_info):
        if self.side_connection is not None:
            self.side_connection.close()


def create_tps_import(
    *,
    upload: UploadedFile,
    election: Election,
    unit: Agency | None,
    user,
    skip_invalid: bool,
) -> TpsImport:
    """Stores the uploaded file and queues its import (after the transaction commits)."""
    from .tasks import run_tps_import_task

    tps_import = TpsImport(
        election=election,
        unit=unit,
        uploaded_by=user,
        original_name=Path(upload.name).name[:255],
        skip_invalid=skip_invalid,
    )
    tps_import.source.save(Path(upload.name).name, upload, save=False)
    tps_import.save()
    transaction.on_commit(lambda: run_tps_import_task.delay(tps_import.pk))
    return tps_import


def run_tps_import(*, tps_import_id: int) -> TpsImport:
    """Runs a queued import and records its progress and outcome on the ``TpsImport``.

    Idempotent: a finished import is left as it is. An import interrupted half-way (a worker
    that died) starts again from the beginning; its writes were all-or-nothing.
    """
    with transaction.atomic():
        tps_import = TpsImport.objects.select_for_update().get(pk=tps_import_id)
        if tps_import.is_finished:
            return tps_import
        tps_import.status = TpsImport.Status.VALIDATING
        tps_import.started_at = timezone.now()
        tps_import.rows_done = 0
        tps_import.rows_total = None
        tps_import.save(update_fields=["status", "started_at", "rows_done", "rows_total"])

    with tempfile.TemporaryDirectory() as work, _ProgressWriter(tps_import.pk) as on_progress:
        rejects_path = Path(work) / "ditolak.csv"
        try:
            source_path = Path(tps_import.source.path)
            tps_import.rows_total = count_data_rows(source_path)
            TpsImport.objects.filter(pk=tps_import.pk).update(rows_total=tps_import.rows_total)
            result = import_tps(
                path=source_path,
                election=tps_import.election,
                unit=tps_import.unit,
                skip_invalid=tps_import.skip_invalid,
                rejects_path=rejects_path,
                on_progress=on_progress,
            )
        except TpsFileError as exc:
            return _fail(tps_import, str(exc))
        except Exception:
            # Record the failure so that the page stops waiting; the traceback goes to the log.
            logger.exception("TPS import %s failed", tps_import.pk)
            _fail(tps_import, _("Terjadi kesalahan tak terduga; tidak ada TPS yang disimpan."))
            raise
        tps_import.rows_done = tps_import.rows_total = result.rows
        tps_import.created_count = result.created
        tps_import.updated_count = result.updated
        tps_import.unchanged_count = result.unchanged
        tps_import.rejected_count = result.rejected
        tps_import.errors = [
            [error.line, error.reason] for error in result.errors[: TpsImport.MAX_STORED_ERRORS]
        ]
        tps_import.status = TpsImport.Status.DONE if result.written else TpsImport.Status.FAILED
        tps_import.finished_at = timezone.now()
        if result.rejects_path is not None:
            stem = Path(tps_import.original_name).stem
            with open(result.rejects_path, "rb") as handle:
                tps_import.rejects_file.save(f"{stem}-ditolak.csv", File(handle), save=False)
        tps_import.save()
    return tps_import


def _fail(tps_import: TpsImport, reason: str) -> TpsImport:
    tps_import.status = TpsImport.Status.FAILED
    tps_import.failure = reason
    tps_import.finished_at = timezone.now()
    tps_import.save(update_fields=["status", "failure", "finished_at"])
    return tps_import


# --- Risk, security pattern, personnel and plotting ----------------------------------------

Category = PollingStation.Category

INDICATORS_FILE = (
    Path(__file__).resolve().parent
    / "data"
    / "rawan"
    / ("bawaslu_tps_rawan_pemilu2024_nasional.csv")
)
VARIABLE_NAMES = {
    "penggunaan_hak_pilih": "Penggunaan hak pilih",
    "keamanan": "Keamanan",
    "kampanye": "Kampanye",
    "netralitas": "Netralitas",
    "logistik": "Logistik",
    "lokasi_tps": "Lokasi TPS",
    "jaringan_listrik_internet": "Jaringan listrik dan internet",
}
SECURITY_VARIABLE = "keamanan"


@transaction.atomic
def import_indicators(
    *,
    election: Election,
    path: Path | None = None,
    version: int = 1,
    name: str = "",
    effective_on: datetime.date | None = None,
    source: str = "Bawaslu RI, rilis TPS rawan 11 Februari 2024",
) -> IndicatorSet:
    """Loads Bawaslu's indicator list into a (versioned) set for ``election``.

    Idempotent: running it again updates the same set's variables and indicators.
    Indicators are numbered 1..n in file order.
    """
    path = Path(path or INDICATORS_FILE)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    indicator_set, created = IndicatorSet.objects.get_or_create(
        election=election,
        version=version,
        defaults={
            "name": name or f"Indikator TPS rawan Bawaslu {election.name}",
            "effective_on": effective_on or datetime.date(2024, 2, 11),
            "source": source,
            "is_active": False,
        },
    )
    if created and not IndicatorSet.objects.filter(election=election, is_active=True).exists():
        indicator_set.is_active = True
        indicator_set.save(update_fields=["is_active"])
    variables = {}
    for order, code in enumerate(dict.fromkeys(row["variabel"] for row in rows), start=1):
        variables[code], _created = RiskVariable.objects.update_or_create(
            indicator_set=indicator_set,
            code=code,
            defaults={
                "name": VARIABLE_NAMES.get(code, code.replace("_", " ").capitalize()),
                "order": order,
            },
        )
    for number, row in enumerate(rows, start=1):
        RiskIndicator.objects.update_or_create(
            indicator_set=indicator_set,
            number=number,
            defaults={
                "variable": variables[row["variabel"]],
                "text": row["indikator"].strip(),
                "is_security": row["variabel"] == SECURITY_VARIABLE,
                "frequency": row.get("kategori", "").replace("_", " "),
                "national_tps_count": int(row["jumlah_tps"]) if row.get("jumlah_tps") else None,
            },
        )
    return indicator_set


@transaction.atomic
def report_indicator(
    *,
    polling_station: PollingStation,
    indicator: RiskIndicator,
    user,
    source_agency: Agency | None,
    reported_on: datetime.date,
    note: str = "",
) -> IndicatorReport:
    """Records (or updates) that an indicator holds at a TPS."""
    report = IndicatorReport.objects.filter(
        polling_station=polling_station, indicator=indicator
    ).first() or IndicatorReport(polling_station=polling_station, indicator=indicator)
    report.reported_by = user
    report.source_agency = source_agency
    report.reported_on = reported_on
    report.note = note
    report.full_clean()
    report.save()
    return report


def rule_for(operation: Operation) -> CategoryRule:
    """The operation's rule, or the default one (unsaved) when it has none."""
    return CategoryRule.objects.filter(operation=operation).first() or CategoryRule(
        operation=operation
    )


def suggested_category_expression(rule: CategoryRule):
    """The rule as one SQL CASE over each TPS's reports, so a recompute is a single
    UPDATE rather than a save per TPS."""
    reports = IndicatorReport.objects.filter(polling_station=OuterRef("pk"))
    report_count = Coalesce(
        Subquery(
            reports.order_by().values("polling_station").annotate(n=Count("pk")).values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )
    whens = []
    if rule.special_location_is_khusus:
        whens.append(When(kind=PollingStation.Kind.SPECIAL, then=Value(Category.KHUSUS)))
    if rule.security_indicator_is_very_high:
        whens.append(
            When(
                Exists(reports.filter(indicator__is_security=True)),
                then=Value(Category.SANGAT_RAWAN),
            )
        )
    whens.append(
        When(
            GreaterThanOrEqual(report_count, Value(rule.very_high_min_indicators)),
            then=Value(Category.SANGAT_RAWAN),
        )
    )
    whens.append(
        When(
            GreaterThanOrEqual(report_count, Value(rule.high_min_indicators)),
            then=Value(Category.RAWAN),
        )
    )
    return Case(*whens, default=Value(Category.KURANG_RAWAN))


def suggest_category(*, rule: CategoryRule, is_special: bool, holds: int, security: bool) -> str:
    """The same rule for one TPS, in Python (for forms and explanations)."""
    if rule.special_location_is_khusus and is_special:
        return Category.KHUSUS
    if rule.security_indicator_is_very_high and security:
        return Category.SANGAT_RAWAN
    if holds >= rule.very_high_min_indicators:
        return Category.SANGAT_RAWAN
    if holds >= rule.high_min_indicators:
        return Category.RAWAN
    return Category.KURANG_RAWAN


ADOPTED_REASON = (
    "Kategori yang sudah ditetapkan sebelum aturan pertama kali dihitung (dari berkas impor "
    "atau data awal) dipertahankan sebagai penetapan operator."
)


@transaction.atomic
def recompute_categories(*, operation: Operation, stations=None) -> int:
    """Suggests a category for every TPS in the operation's area from its indicators,
    and makes it the TPS's category unless an operator has overridden it.

    A TPS that was never computed but already carries a category other than the
    default (set by an imported file's ``kategori`` column or by seed data) keeps it,
    as an override logged with ADOPTED_REASON: the rule must not silently erase a
    category someone chose. A few statements in all, whatever the number of TPS.
    Returns the number of TPS considered.
    """
    rule = rule_for(operation)
    if stations is None:
        stations = PollingStation.objects.filter(election__in=operation.elections.all()).filter(
            area_q([operation.commanding_unit])
        )
    ids = stations.values("pk")
    adopted = list(
        PollingStation.objects.filter(pk__in=ids, suggested_category="", category_overridden=False)
        .exclude(category=Category.KURANG_RAWAN)
        .values_list("pk", "category")
    )
    if adopted:
        CategoryOverride.objects.bulk_create(
            CategoryOverride(
                polling_station_id=pk,
                category=category,
                previous_category=category,
                reason=ADOPTED_REASON,
            )
            for pk, category in adopted
        )
        PollingStation.objects.filter(pk__in=[pk for pk, _c in adopted]).update(
            category_overridden=True
        )
    updated = PollingStation.objects.filter(pk__in=ids).update(
        suggested_category=suggested_category_expression(rule)
    )
    PollingStation.objects.filter(pk__in=ids, category_overridden=False).exclude(
        category=F("suggested_category")
    ).update(category=F("suggested_category"))
    return updated


@transaction.atomic
def override_category(
    *, polling_station: PollingStation, category: str, reason: str, user
) -> CategoryOverride:
    """An operator sets a TPS's category by hand; the reason is mandatory and the
    change is logged. Recomputations leave the TPS alone until the override is lifted."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Alasan penetapan kategori wajib diisi.")})
    if category not in Category.values:
        raise ValidationError(
            {"category": _("Kategori %(value)s tidak dikenal.") % {"value": category}}
        )
    station = PollingStation.objects.select_for_update().get(pk=polling_station.pk)
    entry = CategoryOverride.objects.create(
        polling_station=station,
        category=category,
        previous_category=station.category,
        reason=reason,
        changed_by=user,
    )
    station.category = category
    station.category_overridden = True
    station.save(update_fields=["category", "category_overridden"])
    polling_station.category, polling_station.category_overridden = category, True
    return entry


@transaction.atomic
def lift_category_override(
    *, polling_station: PollingStation, reason: str, user
) -> CategoryOverride:
    """Returns a TPS to the rule's suggestion, logging who did it and why."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Alasan pencabutan penetapan wajib diisi.")})
    station = PollingStation.objects.select_for_update().get(pk=polling_station.pk)
    entry = CategoryOverride.objects.create(
        polling_station=station,
        category="",
        previous_category=station.category,
        reason=reason,
        changed_by=user,
    )
    station.category = station.suggested_category or station.category
    station.category_overridden = False
    station.save(update_fields=["category", "category_overridden"])
    polling_station.category, polling_station.category_overridden = station.category, False
    return entry


@transaction.atomic
def set_security_pattern(
    *,
    operation: Operation | None,
    unit: Agency | None,
    category: str,
    police_per_group: int,
    tps_per_group: int,
    linmas_per_group: int,
    source: str = "",
) -> SecurityPattern:
    pattern = SecurityPattern.objects.filter(
        operation=operation, unit=unit, category=category
    ).first() or SecurityPattern(operation=operation, unit=unit, category=category)
    pattern.police_per_group = police_per_group
    pattern.tps_per_group = tps_per_group
    pattern.linmas_per_group = linmas_per_group
    pattern.source = source
    pattern.full_clean(validate_unique=False)
    pattern.save()
    return pattern


@transaction.atomic
def apply_pattern_preset(
    *, operation: Operation | None, unit: Agency | None, preset: str
) -> list[SecurityPattern]:
    """Sets a published pattern (``patterns.PRESETS``) for an operation or a unit."""
    data = PRESETS[preset]
    return [
        set_security_pattern(
            operation=operation,
            unit=unit,
            category=category,
            police_per_group=police,
            tps_per_group=tps,
            linmas_per_group=linmas,
            source=data["source"],
        )
        for category, (police, tps, linmas) in data["patterns"].items()
    ]


@transaction.atomic
def set_unit_strength(
    *, operation: Operation, unit: Agency, personnel: int, note: str = ""
) -> UnitStrength:
    strength, _created = UnitStrength.objects.update_or_create(
        operation=operation, unit=unit, defaults={"personnel": personnel, "note": note}
    )
    return strength


@transaction.atomic
def set_personnel_policy(
    *, operation: Operation, reserve_platoons_per_polsek: int, reserve_platoon_size: int
) -> PersonnelPolicy:
    policy, _created = PersonnelPolicy.objects.update_or_create(
        operation=operation,
        defaults={
            "reserve_platoons_per_polsek": reserve_platoons_per_polsek,
            "reserve_platoon_size": reserve_platoon_size,
        },
    )
    return policy


@transaction.atomic
def propose_plotting(*, operation: Operation, polsek: Agency) -> list[PlottingGroup]:
    """Replaces the Polsek's plotting with groups proposed from the pattern: per
    category, TPS of the same kecamatan (in village and number order) are grouped up
    to the pattern's TPS per group, each group with the pattern's police count.
    Officers named on the old groups are dropped with them."""
    from .selectors import PatternResolver

    if polsek.kind != Agency.Kind.POLSEK:
        raise ValidationError(_("Plotting disusun per Polsek."))
    PlottingGroup.objects.filter(operation=operation, polsek=polsek).delete()
    resolver = PatternResolver(operation=operation)
    stations = list(
        PollingStation.objects.filter(election__in=operation.elections.all(), polsek=polsek)
        .order_by("category", "village_id", "number")
        .values_list("pk", "category", "village_id")
    )
    order = {c: i for i, c in enumerate(Category.values)}
    stations.sort(key=lambda s: (order[s[1]], s[2], s[0]))
    groups: list[PlottingGroup] = []
    members: list[list[int]] = []
    for (category, _kecamatan), batch in groupby(stations, key=lambda s: (s[1], s[2][:8])):
        pattern = resolver.resolve(unit_path=polsek.path, category=category)
        size = pattern.tps_per_group if pattern else 1
        police = pattern.police_per_group if pattern else 2
        batch = list(batch)
        for start in range(0, len(batch), size):
            chunk = batch[start : start + size]
            groups.append(
                PlottingGroup(
                    operation=operation,
                    polsek=polsek,
                    number=len(groups) + 1,
                    category=category,
                    officer_count=police,
                )
            )
            members.append([pk for pk, _c, _v in chunk])
    PlottingGroup.objects.bulk_create(groups)
    PlottingAssignment.objects.bulk_create(
        PlottingAssignment(group=group, polling_station_id=pk, operation=operation)
        for group, pks in zip(groups, members, strict=True)
        for pk in pks
    )
    return groups


@transaction.atomic
def update_plotting_group(
    *, group: PlottingGroup, name: str, officer_count: int, officers, note: str = ""
) -> PlottingGroup:
    named = list(officers)
    if named and officer_count < len(named):
        raise ValidationError(
            {"officer_count": _("Jumlah personel lebih kecil dari personel yang disebut nama.")}
        )
    if officer_count < 2:
        raise ValidationError({"officer_count": _("Personel selalu bertugas minimal berdua.")})
    group.name, group.officer_count, group.note = name, officer_count, note
    group.save(update_fields=["name", "officer_count", "note"])
    group.officers.set(named)
    return group


@transaction.atomic
def move_station_to_group(*, polling_station: PollingStation, group: PlottingGroup) -> None:
    if polling_station.polsek_id != group.polsek_id:
        raise ValidationError(_("TPS hanya dapat dipindah ke kelompok di Polsek yang sama."))
    PlottingAssignment.objects.filter(
        operation=group.operation, polling_station=polling_station
    ).delete()
    PlottingAssignment.objects.create(group=group, polling_station=polling_station)


def groups_needed(tps: int, tps_per_group: int) -> int:
    return math.ceil(tps / tps_per_group) if tps else 0


# ---- Daftar Plotting PDF in the background (built by config.documents) -------------------------


def request_plotting_document(
    *, operation: Operation, unit: Agency, user: AbstractBaseUser | None
) -> PlottingDocument:
    """Queue the unit's Daftar Plotting PDF; a request still waiting is returned instead.

    Raises ``config.documents.DocumentQueueUnavailable`` (the row marked failed) when the
    broker is unreachable.
    """
    return documents.request_document(
        PlottingDocument, requested_by=user, operation=operation, unit=unit
    )
