"""Opening a TPS file (CSV or XLSX) and checking its header, without touching the database.

A file is CSV (comma or semicolon, UTF-8 with or without BOM) or XLSX, with a header row and
the columns ``kode_desa``, ``no_tps`` and optionally ``alamat``, ``dpt``, ``latitude``,
``longitude``, ``jenis``, ``lokasi_khusus``, ``kategori``. Every function here is pure apart
from reading the file, so that the services can validate a whole national file (820,161 rows)
in one streaming pass before anything is written.

A valid row becomes one line of PostgreSQL's COPY text format (see ``STAGING_COLUMNS``): it is
compact enough to spool a national file to disk, and it is what the fast path sends as is.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config.uploads import FileRefused, check_xlsx

REQUIRED_COLUMNS = ("kode_desa", "no_tps")
OPTIONAL_COLUMNS = (
    "alamat",
    "dpt",
    "latitude",
    "longitude",
    "jenis",
    "lokasi_khusus",
    "kategori",
)
# A TPS file's columns in order: what an import reads and an export writes first.
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
REJECT_REASON_COLUMN = "alasan"

KINDS = ("reguler", "khusus")
SPECIAL_LOCATIONS = (
    "lapas",
    "rutan",
    "panti",
    "relokasi",
    "perkebunan",
    "pertambangan",
    "pesantren",
    "lainnya",
)
CATEGORIES = ("kurang_rawan", "rawan", "sangat_rawan", "khusus")
# Polri also says "aman" for kurang rawan (see docs/domain.md).
CATEGORY_ALIASES = {"aman": "kurang_rawan"}

# Same bounds as PollingStation.clean(): Indonesia's extreme points with a margin (also
# written out in RowChecker.check, where the lookups cost too much).
LATITUDE_RANGE = (-11.5, 6.5)
LONGITUDE_RANGE = (94.5, 141.5)
MAX_ADDRESS = 255
MAX_VOTERS = 2_147_483_647

# The TPS field each of the file's ``COLUMNS`` fills, in the same order: what an import
# writes and an export reads.
COLUMN_FIELDS = (
    "village_id",
    "number",
    "address",
    "registered_voters",
    "latitude",
    "longitude",
    "kind",
    "special_location",
    "category",
)
# The TPS columns an import writes: the file's, and the Polsek found for the village.
STORED_COLUMNS = (*COLUMN_FIELDS, "polsek_id")
# Column order of a clean row as a COPY text line; ``category_given`` is ``f`` when the file
# said nothing, so that a re-import keeps a category set since (by the risk rule or by hand).
STAGING_COLUMNS = (*STORED_COLUMNS, "category_given")
# The TPS table's columns, for a straight COPY when the election has no TPS yet.
TARGET_COLUMNS = ("election_id", *STORED_COLUMNS)

XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0"
OLD_EXCEL_REFUSED = gettext_lazy(
    "Format .xls (Excel lama) tidak didukung; simpan sebagai .xlsx atau CSV UTF-8."
)


class TpsFileError(Exception):
    """The file as a whole cannot be read (not CSV/XLSX, not UTF-8, a required column missing)."""


@dataclass
class Table:
    """A file opened for reading: its header and its data rows with their line numbers."""

    header: list[str]
    rows: Iterator[tuple[int, list[str]]]
    delimiter: str = ","
    columns: dict[str, int] = field(default_factory=dict)

    @property
    def present(self) -> frozenset[str]:
        return frozenset(self.columns)


@dataclass(frozen=True)
class Scope:
    """Where the importing unit may place TPS: the region codes it (and its subtree) covers."""

    unit_name: str
    region_codes: frozenset[str]

    def covers(self, village_code: str) -> bool:
        codes = self.region_codes
        return (
            village_code in codes
            or village_code[:8] in codes
            or village_code[:5] in codes
            or village_code[:2] in codes
        )


@dataclass(frozen=True)
class PolsekRule:
    """Which Polsek answers for a village: one whose regions name the village itself, else the
    only Polsek whose regions name the village's kecamatan. A kecamatan split between several
    Polsek gives no answer (each of its villages must then be named by one of them)."""

    by_village: dict[str, int] = field(default_factory=dict)
    by_district: dict[str, int] = field(default_factory=dict)

    def polsek_for(self, village_code: str) -> int | None:
        polsek = self.by_village.get(village_code)
        if polsek is None:
            polsek = self.by_district.get(village_code[:8])
        return polsek


@dataclass(frozen=True)
class RowError:
    line: int
    reason: str


# --- opening files -------------------------------------------------------------------------


def count_data_rows(path: Path) -> int | None:
    """A quick estimate of the number of data rows, for the progress bar."""
    with open(path, "rb") as handle:
        if file_kind(handle) == "xlsx":
            return _xlsx_data_rows(path)
        lines = sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
        if handle.tell() == 0:
            return 0
        handle.seek(-1, io.SEEK_END)
        if handle.read(1) != b"\n":
            lines += 1
    return max(lines - 1, 0)


def _xlsx_data_rows(path: Path) -> int | None:
    """The sheet's declared size (its ``dimension``), which Excel and LibreOffice write."""
    from openpyxl import load_workbook

    _refuse_oversized(path, scan=False)
    try:
        workbook = load_workbook(path, read_only=True)
    except Exception:  # an unreadable file is reported when it is imported
        return None
    try:
        rows = workbook.worksheets[0].max_row
    finally:
        workbook.close()
    return max(rows - 1, 0) if rows else None


def file_kind(handle: IO[bytes]) -> str:
    """``xlsx``, ``xls`` (refused) or ``csv``, told by the file's first bytes, never by its
    name; the handle is left where it was."""
    position = handle.tell()
    handle.seek(0)
    magic = handle.read(4)
    handle.seek(position)
    if magic == XLSX_MAGIC:
        return "xlsx"
    if magic == XLS_MAGIC:
        return "xls"
    return "csv"


@contextmanager
def open_table(path: Path):
    """Opens a CSV or XLSX file (told apart by content, not by name) as a ``Table``."""
    path = Path(path)
    with open(path, "rb") as handle:
        kind = file_kind(handle)
    if kind == "xlsx":
        with _open_xlsx(path) as table:
            yield table
    elif kind == "xls":
        raise TpsFileError(str(OLD_EXCEL_REFUSED))
    else:
        with _open_csv(path) as table:
            yield table


@contextmanager
def _open_csv(path: Path):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        try:
            first_line = handle.readline()
        except UnicodeDecodeError as exc:
            raise _not_utf8() from exc
        if not first_line.strip():
            raise TpsFileError(_("Berkas kosong: baris pertama harus berisi nama kolom."))
        delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
        handle.seek(0)
        reader = csv.reader(handle, delimiter=delimiter)
        try:
            header = next(reader)
        except UnicodeDecodeError as exc:
            raise _not_utf8() from exc
        header = [cell.lstrip("\ufeff") for cell in header]
        table = Table(
            header=header,
            rows=_csv_rows(reader),
            delimiter=delimiter,
            columns=_column_index(header),
        )
        yield table


def _csv_rows(reader) -> Iterator[tuple[int, list[str]]]:
    try:
        line = reader.line_num
        for cells in reader:
            # ``line_num`` counts physical lines; a quoted field may span several, and the
            # row is reported at the line it starts on.
            yield line + 1, cells
            line = reader.line_num
    except UnicodeDecodeError as exc:
        raise _not_utf8() from exc
    except csv.Error as exc:
        raise TpsFileError(
            _("Berkas CSV rusak di sekitar baris %(line)d: %(error)s")
            % {"line": reader.line_num, "error": exc}
        ) from exc


def _not_utf8() -> TpsFileError:
    return TpsFileError(
        _("Berkas bukan teks UTF-8. Simpan ulang sebagai “CSV UTF-8” atau sebagai .xlsx.")
    )


def _refuse_oversized(path: Path, *, scan: bool) -> None:
    """The upload rules (config.uploads), before openpyxl sees the file: a 2 KB sheet
    declaring 20,000 x 16,384 cells or millions of shared strings is refused at once."""
    with open(path, "rb") as handle:
        try:
            check_xlsx(handle, scan=scan)
        except FileRefused as refused:
            raise TpsFileError(str(refused)) from refused


@contextmanager
def _open_xlsx(path: Path):
    import zipfile

    from openpyxl import load_workbook

    _refuse_oversized(path, scan=True)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise TpsFileError(_("Berkas XLSX tidak dapat dibaca: %(error)s") % {"error": exc}) from exc
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = None
        line = 0
        for line, values in enumerate(rows, start=1):  # noqa: B007 - the line is used below
            if any(value not in (None, "") for value in values):
                header = [_cell_text(value) for value in values]
                break
        if header is None:
            raise TpsFileError(_("Berkas kosong: baris pertama harus berisi nama kolom."))
        yield Table(
            header=header,
            rows=_xlsx_rows(rows, line),
            delimiter=",",
            columns=_column_index(header),
        )
    finally:
        workbook.close()


def _xlsx_rows(rows, header_line: int) -> Iterator[tuple[int, list[str]]]:
    for line, values in enumerate(rows, start=header_line + 1):
        yield line, [_cell_text(value) for value in values]


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        # Excel stores 1312012001 and 4 as floats; "1312012001.0" is not what the user typed.
        return str(int(value))
    return str(value).strip()


def _column_index(header: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for position, name in enumerate(header):
        key = name.strip().lower().replace(" ", "_")
        if key in REQUIRED_COLUMNS or key in OPTIONAL_COLUMNS:
            columns.setdefault(key, position)
    return columns


def check_header(table: Table) -> None:
    missing = [name for name in REQUIRED_COLUMNS if name not in table.columns]
    if missing:
        raise TpsFileError(
            _("Kolom wajib tidak ada di baris judul: %(columns)s. Kolom yang ditemukan: %(found)s.")
            % {
                "columns": ", ".join(missing),
                "found": ", ".join(cell for cell in table.header if cell) or "-",
            }
        )
