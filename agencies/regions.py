"""Reading and importing the Kemendagri region files."""

import csv
import gzip
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from . import geo
from .choice_lists import replace_version
from .geography import Region

BUNDLED_DIR = Path(__file__).resolve().parent / "data" / "wilayah"


@dataclass(frozen=True)
class RegionFile:
    stem: str
    level: int
    columns: tuple[str, ...]
    code_pattern: re.Pattern
    parent_column: str | None


REGION_FILES = (
    RegionFile("provinces", Region.Level.PROVINCE, ("code", "name"), re.compile(r"^\d{2}$"), None),
    RegionFile(
        "regencies",
        Region.Level.REGENCY,
        ("code", "province_code", "name", "type"),
        re.compile(r"^\d{2}\.\d{2}$"),
        "province_code",
    ),
    RegionFile(
        "districts",
        Region.Level.DISTRICT,
        ("code", "regency_code", "name"),
        re.compile(r"^\d{2}\.\d{2}\.\d{2}$"),
        "regency_code",
    ),
    RegionFile(
        "villages",
        Region.Level.VILLAGE,
        ("code", "district_code", "name", "type"),
        re.compile(r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$"),
        "district_code",
    ),
)

KINDS_BY_TYPE = {
    Region.Level.REGENCY: {"KABUPATEN": Region.Kind.KABUPATEN, "KOTA": Region.Kind.KOTA},
    Region.Level.VILLAGE: {"DESA": Region.Kind.DESA, "KELURAHAN": Region.Kind.KELURAHAN},
}
FIXED_KINDS = {
    Region.Level.PROVINCE: Region.Kind.PROVINCE,
    Region.Level.DISTRICT: Region.Kind.KECAMATAN,
}


@dataclass(frozen=True)
class RegionRow:
    code: str
    name: str
    level: int
    kind: str
    parent_code: str | None


class RegionFileError(Exception):
    """Every problem found in the files, each naming file, line and what is wrong."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def _locate(directory: Path, stem: str) -> Path:
    for candidate in (directory / f"{stem}.csv", directory / f"{stem}.csv.gz"):
        if candidate.exists():
            return candidate
    raise RegionFileError(
        [_("Berkas %(stem)s.csv tidak ditemukan di %(dir)s.") % {"stem": stem, "dir": directory}]
    )


def _open_text(path: Path) -> io.TextIOBase:
    raw = gzip.open(path, "rb") if path.suffix == ".gz" else open(path, "rb")  # noqa: SIM115
    return io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")


def _rows(path: Path, spec: RegionFile) -> Iterator[tuple[int, dict[str, str]]]:
    with _open_text(path) as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in spec.columns if c not in (reader.fieldnames or [])]
        if missing:
            raise RegionFileError(
                [
                    _("%(file)s baris 1: kolom %(cols)s tidak ada.")
                    % {"file": path.name, "cols": ", ".join(missing)}
                ]
            )
        for row in reader:
            yield reader.line_num, row


def read_region_files(directory: Path | None = None, max_problems: int = 50) -> list[RegionRow]:
    """All regions, parents before children, or RegionFileError listing what is wrong."""
    directory = Path(directory) if directory else BUNDLED_DIR
    problems: list[str] = []
    rows: list[RegionRow] = []
    known_codes: set[str] = set()
    for spec in REGION_FILES:
        path = _locate(directory, spec.stem)
        try:
            for line, raw in _rows(path, spec):
                problem = None
                code = (raw.get("code") or "").strip()
                name = (raw.get("name") or "").strip()
                parent = (raw.get(spec.parent_column) or "").strip() if spec.parent_column else None
                kind = FIXED_KINDS.get(spec.level)
                if not spec.code_pattern.match(code):
                    problem = _("kode '%(code)s' tidak sesuai format") % {"code": code}
                elif code in known_codes:
                    problem = _("kode %(code)s muncul lebih dari sekali") % {"code": code}
                elif not name:
                    problem = _("nama kosong")
                elif parent is not None and parent not in known_codes:
                    problem = _("kode induk '%(parent)s' tidak dikenal") % {"parent": parent}
                elif parent is not None and not code.startswith(parent + "."):
                    problem = _("kode %(code)s bukan bagian dari induk %(parent)s") % {
                        "code": code,
                        "parent": parent,
                    }
                elif kind is None:
                    type_ = (raw.get("type") or "").strip().upper()
                    kind = KINDS_BY_TYPE[spec.level].get(type_)
                    if kind is None:
                        problem = _("jenis '%(type)s' tidak dikenal (harus %(allowed)s)") % {
                            "type": raw.get("type") or "",
                            "allowed": "/".join(KINDS_BY_TYPE[spec.level]),
                        }
                if problem:
                    problems.append(
                        _("%(file)s baris %(line)s: %(problem)s.")
                        % {"file": path.name, "line": line, "problem": problem}
                    )
                    if len(problems) >= max_problems:
                        raise RegionFileError(problems)
                    continue
                known_codes.add(code)
                rows.append(RegionRow(code, name, spec.level, kind, parent))
        except (UnicodeDecodeError, csv.Error, OSError, EOFError) as exc:
            problems.append(
                _("%(file)s tidak dapat dibaca: %(error)s") % {"file": path.name, "error": exc}
            )
    if problems:
        raise RegionFileError(problems)
    return rows


@dataclass(frozen=True)
class RegionImportResult:
    total: int
    by_level: dict[int, int]
    with_centroid: int = 0


@transaction.atomic
def import_regions(
    *,
    directory: Path | None = None,
    centroids: Path | None = geo.CENTROIDS,
    batch_size: int = 5000,
) -> RegionImportResult:
    """Loads (or refreshes) the Kemendagri regions with their centroids, all or nothing.

    Upserts by code so that a second run changes nothing, and regions that TPS
    already point to are never deleted. A region the centroid file does not name keeps
    no centroid (the map then uses its parent's).
    """
    rows = read_region_files(directory)
    points = (
        {code: (lat, lng) for code, lat, lng in geo.read_centroids(centroids)} if centroids else {}
    )
    by_level: dict[int, int] = {}
    regions = []
    for row in rows:
        by_level[row.level] = by_level.get(row.level, 0) + 1
        latitude, longitude = points.get(row.code, (None, None))
        regions.append(
            Region(
                code=row.code,
                name=row.name,
                level=row.level,
                kind=row.kind,
                parent_id=row.parent_code,
                latitude=latitude,
                longitude=longitude,
            )
        )
    Region.objects.bulk_create(
        regions,
        batch_size=batch_size,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "level", "kind", "parent", "latitude", "longitude"],
    )
    # bulk_create sends no signals: the filters' region lists are made stale here.
    replace_version()
    return RegionImportResult(
        total=len(rows),
        by_level=by_level,
        with_centroid=sum(1 for region in regions if region.latitude is not None),
    )
