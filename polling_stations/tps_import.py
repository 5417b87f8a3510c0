"""Reading and checking a TPS file (KPU's list of polling stations), without touching the database.

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
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

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

# Column order of a clean row as a COPY text line; ``category_given`` is ``f`` when the file
# said nothing, so that a re-import keeps a category set since (by the risk rule or by hand).
STAGING_COLUMNS = (
    "village_id",
    "number",
    "address",
    "registered_voters",
    "latitude",
    "longitude",
    "kind",
    "special_location",
    "category",
    "category_given",
    "polsek_id",
)
# The TPS table's columns, for a straight COPY when the election has no TPS yet.
TARGET_COLUMNS = (
    "election_id",
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

_DOTTED_CODE = re.compile(r"\d{2}\.\d{2}\.\d{2}\.\d{4}")
_TPS_NUMBER = re.compile(r"(?:tps\s*)?0*(\d{1,4})", re.IGNORECASE)
_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+")
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0"


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
        start = handle.read(4)
        if start == XLSX_MAGIC:
            return _xlsx_data_rows(path)
        handle.seek(0)
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

    try:
        workbook = load_workbook(path, read_only=True)
    except Exception:  # an unreadable file is reported when it is imported
        return None
    try:
        rows = workbook.worksheets[0].max_row
    finally:
        workbook.close()
    return max(rows - 1, 0) if rows else None


@contextmanager
def open_table(path: Path):
    """Opens a CSV or XLSX file (told apart by content, not by name) as a ``Table``."""
    path = Path(path)
    with open(path, "rb") as handle:
        magic = handle.read(4)
    if magic == XLSX_MAGIC:
        with _open_xlsx(path) as table:
            yield table
    elif magic == XLS_MAGIC:
        raise TpsFileError(
            _("Format .xls (Excel lama) tidak didukung; simpan sebagai .xlsx atau CSV UTF-8.")
        )
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


@contextmanager
def _open_xlsx(path: Path):
    import zipfile

    from openpyxl import load_workbook

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


# --- checking rows -------------------------------------------------------------------------


def normalise_village_code(raw: str) -> str | None:
    """``1312012001`` or ``13.12.01.2001`` -> ``13.12.01.2001``; anything else -> None."""
    code = raw.strip()
    if len(code) == 10 and code.isdigit():
        return f"{code[:2]}.{code[2:4]}.{code[4:6]}.{code[6:]}"
    if len(code) == 13 and _DOTTED_CODE.fullmatch(code):
        return code
    return None


def parse_tps_number(raw: str) -> int | None:
    """``4``, ``004`` or ``TPS 004`` -> 4; anything else (or 0) -> None."""
    text = raw.strip()
    if text.isdigit():
        number = int(text)
    else:
        match = _TPS_NUMBER.fullmatch(text)
        if not match:
            return None
        number = int(match.group(1))
    return number if 1 <= number <= 9999 else None


def parse_voters(raw: str) -> int | None:
    """Registered voters: ``250`` or ``1.250`` (Indonesian thousands). Raises ValueError."""
    text = raw.strip()
    if text.isdigit():
        return int(text)
    if _THOUSANDS.fullmatch(text):
        return int(text.replace(".", ""))
    raise ValueError(text)


def parse_coordinate(raw: str) -> str:
    """``-0.123`` or ``-0,123`` (Indonesian decimal comma) -> ``-0.123``, as PostgreSQL's numeric
    reads it (it rounds to the column's six decimals). Raises ValueError."""
    text = raw.strip()
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    # float() also takes "1_000", "nan" and non-ASCII digits, which the database does not.
    if not text.isascii() or "_" in text:
        raise ValueError(text)
    value = float(text)
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(text)
    return text


def in_indonesia(latitude: float, longitude: float) -> bool:
    return (
        LATITUDE_RANGE[0] <= latitude <= LATITUDE_RANGE[1]
        and LONGITUDE_RANGE[0] <= longitude <= LONGITUDE_RANGE[1]
    )


def copy_escape(text: str) -> str:
    return text.translate(_COPY_ESCAPES)


_NEEDS_ESCAPE = re.compile(r"[\\\t\n\r]")
_FIELDS = ("kode_desa", "no_tps") + OPTIONAL_COLUMNS
NULL = r"\N"


class RowChecker:
    """Checks rows one by one and remembers which (village, number) pairs it has seen.

    ``check(line, cells)`` returns the COPY line of a valid row, or the list of reasons it is
    not valid. Only the first row of a duplicated pair is accepted.

    The line is in the staging format (``STAGING_COLUMNS``) or, given ``election_id``, in the
    TPS table's own format (``TARGET_COLUMNS`` then the columns of ``extra_values``) for a
    straight COPY into it.

    ``check`` is a fast path for the valid rows of a national file (820,161 rows); whatever it
    is not sure of goes to ``explain``, which is the reference: it accepts or rejects the row
    and says why.
    """

    def __init__(
        self,
        *,
        columns: dict[str, int],
        village_codes: dict[str, str],
        scope: Scope | None = None,
        polsek_rule: PolsekRule | None = None,
        election_id: int | None = None,
        extra_values: str = "",
    ):
        self.columns = columns
        self.villages = village_codes
        self.scope = scope
        self.polsek_rule = polsek_rule or PolsekRule()
        self.has_polseks = bool(self.polsek_rule.by_village or self.polsek_rule.by_district)
        self.election_prefix = f"{election_id}\t" if election_id is not None else None
        # Constant COPY text for the table's other columns (``\tf\t``...), in target format.
        self.extra_values = extra_values
        self.seen: dict[tuple[str, int], int] = {}
        # Absent columns read the empty cell appended to every row (index -1).
        self.positions = tuple(columns.get(name, -1) for name in _FIELDS)
        self.width = max(columns.values(), default=0) + 1

    def _line(
        self,
        village: str,
        number: int,
        address: str,
        voters: str,
        latitude: str,
        longitude: str,
        kind: str,
        special: str,
        category: str,
        given: bool,
    ) -> str:
        polsek = self.polsek_rule.polsek_for(village) if self.has_polseks else None
        polsek_text = NULL if polsek is None else str(polsek)
        if _NEEDS_ESCAPE.search(address):
            address = copy_escape(address)
        if self.election_prefix is not None:
            return (
                f"{self.election_prefix}{village}\t{number}\t{address}\t{voters}\t{latitude}\t"
                f"{longitude}\t{kind}\t{special}\t{category}\t{polsek_text}{self.extra_values}\n"
            )
        return (
            f"{village}\t{number}\t{address}\t{voters}\t{latitude}\t{longitude}\t{kind}\t"
            f"{special}\t{category}\t{'t' if given else 'f'}\t{polsek_text}\n"
        )

    def check(self, line: int, cells: list[str]) -> str | list[str]:  # noqa: C901 - one flat pass
        if len(cells) < self.width:
            cells.extend([""] * (self.width - len(cells)))
        cells.append("")
        i_code, i_no, i_address, i_voters, i_lat, i_lon, i_kind, i_special, i_category = (
            self.positions
        )
        raw_code = cells[i_code].strip()
        if len(raw_code) == 10 and raw_code.isdigit():
            raw_code = f"{raw_code[:2]}.{raw_code[2:4]}.{raw_code[4:6]}.{raw_code[6:]}"
        # The map holds only well-formed, known codes: one lookup checks both.
        village = self.villages.get(raw_code)
        if village is None or (self.scope is not None and not self.scope.covers(village)):
            return self.explain(line, cells)
        raw_number = cells[i_no].strip()
        if raw_number.isdigit() and raw_number.isascii() and len(raw_number) <= 4:
            number = int(raw_number)
        else:
            number = parse_tps_number(raw_number) if raw_number else None
        if not number or (village, number) in self.seen:
            return self.explain(line, cells)
        address = cells[i_address].strip()
        voters = cells[i_voters].strip()
        if not voters:
            voters = NULL
        elif not (voters.isdigit() and voters.isascii() and len(voters) <= 9):
            return self.explain(line, cells)
        latitude, longitude = cells[i_lat].strip(), cells[i_lon].strip()
        if latitude or longitude:
            try:
                if not (-11.5 <= float(latitude) <= 6.5 and 94.5 <= float(longitude) <= 141.5):
                    return self.explain(line, cells)
            except ValueError:
                return self.explain(line, cells)
            if not (latitude + longitude).isascii() or "_" in latitude + longitude:
                return self.explain(line, cells)
        else:
            latitude = longitude = NULL
        kind = cells[i_kind].strip() or "reguler"
        special = cells[i_special].strip()
        category = cells[i_category].strip()
        if (
            len(address) > MAX_ADDRESS
            or kind not in KINDS
            or (special and special not in SPECIAL_LOCATIONS)
            or (kind == "khusus") != bool(special)
            or (category and category not in CATEGORIES)
        ):
            return self.explain(line, cells)
        given = bool(category)
        if not given:
            category = "khusus" if kind == "khusus" else "kurang_rawan"
        self.seen[(village, number)] = line
        return self._line(
            village, number, address, voters, latitude, longitude, kind, special, category, given
        )

    def explain(self, line: int, cells: list[str]) -> str | list[str]:  # noqa: C901
        """The reference check of one row: its COPY line, or every reason it is wrong."""
        i_code, i_no, i_address, i_voters, i_lat, i_lon, i_kind, i_special, i_category = (
            self.positions
        )
        width = len(cells)

        def cell(position: int) -> str:
            return cells[position].strip() if position < width else ""

        errors: list[str] = []

        raw_code = cell(i_code)
        village = None
        if not raw_code:
            errors.append(_("kode_desa kosong"))
        else:
            code = normalise_village_code(raw_code)
            if code is None:
                errors.append(
                    _(
                        "kode_desa “%(code)s” tidak sah: tulis 10 angka "
                        "(1312012001) atau bertitik (13.12.01.2001)"
                    )
                    % {"code": raw_code}
                )
            else:
                village = self.villages.get(code)
                if village is None:
                    errors.append(
                        _("kode desa %(code)s tidak dikenal di tabel wilayah") % {"code": code}
                    )
                elif self.scope is not None and not self.scope.covers(village):
                    errors.append(
                        _("desa %(code)s di luar wilayah %(unit)s")
                        % {"code": village, "unit": self.scope.unit_name}
                    )
                    village = None

        raw_number = cell(i_no)
        number = parse_tps_number(raw_number) if raw_number else None
        if not raw_number:
            errors.append(_("no_tps kosong"))
        elif number is None:
            errors.append(
                _("no_tps “%(value)s” tidak sah: tulis 4, 004 atau TPS 004 (1-9999)")
                % {"value": raw_number}
            )

        address = cell(i_address)
        if len(address) > MAX_ADDRESS:
            errors.append(
                _("alamat terlalu panjang (%(length)d karakter, paling banyak %(max)d)")
                % {"length": len(address), "max": MAX_ADDRESS}
            )

        voters = NULL
        raw_voters = cell(i_voters)
        if raw_voters:
            try:
                parsed = parse_voters(raw_voters)
            except ValueError:
                errors.append(_("dpt “%(value)s” bukan bilangan bulat") % {"value": raw_voters})
            else:
                if parsed > MAX_VOTERS:
                    errors.append(_("dpt %(value)s terlalu besar") % {"value": raw_voters})
                voters = str(parsed)

        latitude = longitude = NULL
        raw_lat, raw_lon = cell(i_lat), cell(i_lon)
        if raw_lat or raw_lon:
            if not (raw_lat and raw_lon):
                errors.append(_("isi latitude dan longitude bersama-sama, atau kosongkan keduanya"))
            else:
                try:
                    latitude, longitude = parse_coordinate(raw_lat), parse_coordinate(raw_lon)
                except ValueError:
                    errors.append(
                        _("koordinat “%(lat)s, %(lon)s” bukan angka")
                        % {"lat": raw_lat, "lon": raw_lon}
                    )
                else:
                    if not in_indonesia(float(latitude), float(longitude)):
                        errors.append(
                            _("koordinat %(lat)s, %(lon)s di luar wilayah Indonesia")
                            % {"lat": raw_lat, "lon": raw_lon}
                        )

        raw_kind = cell(i_kind)
        kind = raw_kind.lower() or "reguler"
        if kind not in KINDS:
            errors.append(
                _("jenis “%(value)s” tidak dikenal (pilih: reguler, khusus)") % {"value": raw_kind}
            )
        raw_special = cell(i_special)
        special = raw_special.lower()
        if special and special not in SPECIAL_LOCATIONS:
            errors.append(
                _("lokasi_khusus “%(value)s” tidak dikenal (pilih: %(choices)s)")
                % {"value": raw_special, "choices": ", ".join(SPECIAL_LOCATIONS)}
            )
        elif kind == "khusus" and not special:
            errors.append(_("TPS khusus wajib mengisi lokasi_khusus"))
        elif kind == "reguler" and special:
            errors.append(_("TPS reguler tidak boleh mengisi lokasi_khusus (isi jenis “khusus”)"))

        raw_category = cell(i_category)
        category = raw_category.lower().replace(" ", "_").replace("-", "_")
        category = CATEGORY_ALIASES.get(category, category)
        given = bool(category)
        if not given:
            category = "khusus" if kind == "khusus" else "kurang_rawan"
        elif category not in CATEGORIES:
            errors.append(
                _("kategori “%(value)s” tidak dikenal (pilih: %(choices)s)")
                % {"value": raw_category, "choices": ", ".join(CATEGORIES)}
            )

        if village is not None and number is not None:
            key = (village, number)
            first = self.seen.get(key)
            if first is not None:
                errors.append(
                    _("TPS %(number)03d desa %(code)s ganda: sudah ada di baris %(line)d")
                    % {"number": number, "code": village, "line": first}
                )
            elif not errors:
                self.seen[key] = line

        if errors:
            return errors
        return self._line(
            village, number, address, voters, latitude, longitude, kind, special, category, given
        )


def is_blank(cells: list[str]) -> bool:
    return not any(cell.strip() for cell in cells)


def check_table(
    table: Table,
    checker: RowChecker,
    *,
    on_valid: Callable[[str], None],
    on_invalid: Callable[[int, list[str], list[str]], None],
    on_progress: Callable[[int], None] | None = None,
    progress_every: int = 5000,
) -> int:
    """Checks every row; hands valid COPY lines and invalid rows to the callbacks. Returns the
    number of data rows read (blank rows are skipped and not counted)."""
    check_header(table)
    done = 0
    check = checker.check
    first = table.columns["kode_desa"]
    for line, cells in table.rows:
        if (len(cells) <= first or not cells[first]) and is_blank(cells):
            continue
        result = check(line, cells)
        if isinstance(result, str):
            on_valid(result)
        else:
            on_invalid(line, cells, result)
        done += 1
        if on_progress is not None and done % progress_every == 0:
            on_progress(done)
    if on_progress is not None:
        on_progress(done)
    return done
