"""Checking a TPS file's rows and turning them into COPY text lines."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.utils.translation import gettext as _

from config.exports import unescape_cell

from .reading import (
    CATEGORIES,
    CATEGORY_ALIASES,
    COLUMNS,
    KINDS,
    LATITUDE_RANGE,
    LONGITUDE_RANGE,
    MAX_ADDRESS,
    MAX_VOTERS,
    SPECIAL_LOCATIONS,
    PolsekRule,
    Scope,
    Table,
    check_header,
)

_DOTTED_CODE = re.compile(r"\d{2}\.\d{2}\.\d{2}\.\d{4}")
_TPS_NUMBER = re.compile(r"(?:tps\s*)?0*(\d{1,4})", re.IGNORECASE)
_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+")
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


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
        self.positions = tuple(columns.get(name, -1) for name in COLUMNS)
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
            f"{special}\t{category}\t{polsek_text}\t{'t' if given else 'f'}\n"
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
        key = (village, number)
        if not number or key in self.seen:
            return self.explain(line, cells)
        address = cells[i_address].strip()
        if address[:1] == "'":
            # An exported address that looked like a formula was written with an apostrophe.
            address = unescape_cell(address)
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
            both = latitude + longitude
            if not both.isascii() or "_" in both:
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
        self.seen[key] = line
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

        address = unescape_cell(cell(i_address))
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
    on_valid: Callable[[list[str]], None],
    on_invalid: Callable[[int, list[str], list[str]], None],
    on_progress: Callable[[int], None] | None = None,
    chunk: int = 5000,
) -> int:
    """Checks every row; hands the valid COPY lines on in chunks of about ``chunk`` rows (one
    call per line costs as much as checking it) and each invalid row as it comes, and reports
    progress after each chunk. Returns the number of data rows read (blank rows are skipped
    and not counted)."""
    check_header(table)
    done = 0
    check = checker.check
    first = table.columns["kode_desa"]
    valid: list[str] = []
    for line, cells in table.rows:
        if (len(cells) <= first or not cells[first]) and is_blank(cells):
            continue
        result = check(line, cells)
        if isinstance(result, str):
            valid.append(result)
        else:
            on_invalid(line, cells, result)
        done += 1
        if done % chunk == 0:
            on_valid(valid)
            valid = []
            if on_progress is not None:
                on_progress(done)
    on_valid(valid)
    if on_progress is not None:
        on_progress(done)
    return done
