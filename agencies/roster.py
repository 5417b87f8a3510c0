"""Importing a unit's personnel roster (NRP, name, rank, position) from a CSV file."""

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Agency, Official

REQUIRED_COLUMNS = ("nrp", "nama", "pangkat", "jabatan")
MAX_ROWS = 5000


@dataclass(frozen=True)
class RosterRow:
    line: int
    nrp: str
    name: str
    rank: str
    position: str
    unit: Agency


@dataclass
class RosterResult:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)


def _text(upload) -> str:
    raw = upload.read()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError(
            _("Berkas bukan teks UTF-8 (bita ke-%(offset)d). Simpan ulang sebagai CSV UTF-8.")
            % {"offset": error.start + 1}
        ) from error


def parse_roster(*, upload, unit: Agency) -> tuple[list[RosterRow], list[str]]:
    """Rows of the CSV and every problem found, each naming its line and column.

    ``satuan`` (optional) names a unit within ``unit``'s subtree by short name or slug;
    without it a row belongs to ``unit`` itself.
    """
    text = _text(upload)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    columns = [(name or "").strip().lower() for name in reader.fieldnames or []]
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        return [], [_("Kolom wajib tidak ada: %(columns)s.") % {"columns": ", ".join(missing)}]
    reader.fieldnames = columns
    units = {}
    for agency in Agency.objects.subtree_of(unit).police():
        units[agency.short_name.lower()] = agency
        units[agency.slug] = agency
    rows, errors, seen = [], [], {}
    for line, record in enumerate(reader, start=2):
        if line - 1 > MAX_ROWS:
            errors.append(_("Paling banyak %(max)d baris per berkas.") % {"max": MAX_ROWS})
            break
        values = {key: (value or "").strip() for key, value in record.items() if key}
        if not any(values.values()):
            continue
        problems = []
        for column in REQUIRED_COLUMNS:
            if not values.get(column):
                problems.append(_("kolom %(column)s kosong") % {"column": column})
        nrp = values.get("nrp", "")
        if nrp and not (nrp.isdigit() and 5 <= len(nrp) <= 18):
            problems.append(
                _("NRP %(nrp)s harus 5 sampai 18 angka tanpa spasi atau titik") % {"nrp": nrp}
            )
        if nrp in seen:
            problems.append(
                _("NRP %(nrp)s sudah ada di baris %(line)d") % {"nrp": nrp, "line": seen[nrp]}
            )
        seen.setdefault(nrp, line)
        target = unit
        if values.get("satuan"):
            target = units.get(values["satuan"].lower())
            if target is None:
                problems.append(
                    _("satuan %(unit)s tidak ada di bawah %(parent)s")
                    % {"unit": values["satuan"], "parent": unit.short_name}
                )
        for column, limit in (("nama", 160), ("pangkat", 60), ("jabatan", 160)):
            if len(values.get(column, "")) > limit:
                problems.append(
                    _("kolom %(column)s lebih dari %(limit)d karakter")
                    % {"column": column, "limit": limit}
                )
        if problems:
            errors.append(
                _("Baris %(line)d: %(problems)s.") % {"line": line, "problems": "; ".join(problems)}
            )
            continue
        rows.append(
            RosterRow(
                line=line,
                nrp=nrp,
                name=values["nama"],
                rank=values["pangkat"],
                position=values["jabatan"],
                unit=target,
            )
        )
    return rows, errors


def import_roster(*, upload, unit: Agency) -> RosterResult:
    """Creates or updates the officials of ``unit`` and the units below it, matched on
    NRP; all rows or none. An NRP already recorded outside ``unit`` is refused, as
    moving another unit's personnel is that unit's business."""
    rows, errors = parse_roster(upload=upload, unit=unit)
    result = RosterResult(errors=errors)
    if errors:
        return result
    existing = {
        o.nrp: o
        for o in Official.objects.filter(nrp__in=[r.nrp for r in rows]).select_related("agency")
    }
    # Officials entered by hand before the roster (no NRP yet) are completed, not doubled.
    unnumbered = {
        (o.agency_id, o.name.lower(), o.position.lower()): o
        for o in Official.objects.filter(agency__path__startswith=unit.path, nrp="")
    }
    for row in rows:
        official = existing.get(row.nrp)
        if official is not None and not official.agency.path.startswith(unit.path):
            result.errors.append(
                _("Baris %(line)d: NRP %(nrp)s sudah tercatat di %(unit)s.")
                % {"line": row.line, "nrp": row.nrp, "unit": official.agency.short_name}
            )
    if result.errors:
        return result
    with transaction.atomic():
        for row in rows:
            values = {
                "name": row.name,
                "rank": row.rank,
                "position": row.position,
                "agency": row.unit,
                "is_active": True,
            }
            official = existing.get(row.nrp) or unnumbered.get(
                (row.unit.pk, row.name.lower(), row.position.lower())
            )
            if official is None:
                Official.objects.create(nrp=row.nrp, **values)
                result.new += 1
            elif official.nrp == row.nrp and all(
                getattr(official, key) == value for key, value in values.items()
            ):
                result.unchanged += 1
            else:
                official.nrp = row.nrp
                for key, value in values.items():
                    setattr(official, key, value)
                official.save()
                result.updated += 1
    return result
