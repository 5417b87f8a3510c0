"""Reads for TPS imports: a unit's regions, its import scope and past imports."""

from django.contrib.auth.models import User
from django.db import connection
from django.db.models import QuerySet

from agencies.models import Agency, Region

from ..models import (
    TpsImport,
)
from ..tps_file.reading import PolsekRule, Scope


def regions_of_unit(unit: Agency) -> frozenset[str]:
    """Codes of the regions a unit answers for: its own and those of every unit below it.

    A village lies in the unit's area when its code or one of its prefixes is in this set.
    """
    units = Agency.objects.subtree_of(unit)
    return frozenset(
        Agency.regions.through.objects.filter(agency__in=units).values_list("region_id", flat=True)
    )


def import_scope_of(unit: Agency) -> Scope:
    return Scope(unit_name=unit.short_name, region_codes=regions_of_unit(unit))


def village_codes() -> dict[str, str]:
    """Every village code, mapped to itself so that rows share one string per village."""
    # 83,762 codes in one plain round trip: no server-side cursor, no per-row ORM work, as
    # the import waits for them before its first row.
    codes = Region.objects.filter(level=Region.Level.VILLAGE).values_list("code", flat=True)
    sql, params = codes.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {code: code for (code,) in cursor.fetchall()}


def polsek_rule() -> PolsekRule:
    """Which Polsek answers for which village, from the Polsek's regions (see PolsekRule)."""
    links = Agency.regions.through.objects.filter(agency__kind=Agency.Kind.POLSEK).values_list(
        "agency_id", "region_id", "region__level"
    )
    by_village: dict[str, int] = {}
    district_polseks: dict[str, set[int]] = {}
    for polsek_id, code, level in links:
        if level == Region.Level.VILLAGE:
            by_village[code] = polsek_id
        elif level == Region.Level.DISTRICT:
            district_polseks.setdefault(code, set()).add(polsek_id)
    by_district = {code: ids.pop() for code, ids in district_polseks.items() if len(ids) == 1}
    return PolsekRule(by_village=by_village, by_district=by_district)


def tps_imports_for(*, user: User, limit: int = 20) -> QuerySet[TpsImport]:
    return (
        TpsImport.objects.visible_to(user)
        .select_related("election", "unit__seat", "unit__parent__parent", "uploaded_by")
        .order_by("-created_at")[:limit]
    )
