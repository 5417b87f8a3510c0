from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from .models import Region
from .regions_import import read_region_files


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
