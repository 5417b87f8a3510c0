"""Reads for the polling-station pages and reports."""

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.core.paginator import Page
from django.db.models import Avg, Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Substr
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from operations.models import Election, Operation

from .models import (
    CategoryOverride,
    IndicatorReport,
    IndicatorSet,
    PersonnelPolicy,
    PlottingDocument,
    PlottingGroup,
    PollingStation,
    Region,
    RiskIndicator,
    SecurityPattern,
    TpsImport,
    UnitStrength,
    area_q,
)
from .tps_import import PolsekRule, Scope

# --- TPS import ---------------------------------------------------------------------------


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
    codes = Region.objects.filter(level=Region.Level.VILLAGE).values_list("code", flat=True)
    return {code: code for code in codes.iterator(chunk_size=20_000)}


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


Category = PollingStation.Category
CATEGORIES: tuple[str, ...] = tuple(Category.values)

# Length of the dotted Kemendagri code at each region level ("13", "13.12", "13.12.01").
REGION_GROUPS = {"provinsi": 2, "kabupaten": 5, "kecamatan": 8, "desa": 13}
UNIT_GROUPS = {
    "polsek": Agency.Kind.POLSEK,
    "polres": Agency.Kind.POLRES,
    "polda": Agency.Kind.POLDA,
}
UNIT_GROUP_FIELDS = {
    "polsek": "polsek_id",
    "polres": "polsek__parent_id",
    "polda": "polsek__parent__parent_id",
}


def _empty_counts() -> dict[str, int]:
    return dict.fromkeys(CATEGORIES, 0)


# ---- TPS counts per category ---------------------------------------------------------------


@dataclass
class CategoryCountRow:
    key: str | int | None
    name: str
    counts: dict[str, int] = field(default_factory=_empty_counts)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def ordered(self) -> list[int]:
        return [self.counts[c] for c in CATEGORIES]


@dataclass
class CategoryCountTable:
    group_by: str
    rows: list[CategoryCountRow]
    totals: CategoryCountRow


def stations_of_unit(*, election: Election | int, unit: Agency | None) -> QuerySet[PollingStation]:
    """The TPS of an election in a unit's area (see ``models.area_q``); ``None`` is the
    whole country."""
    election_id = election if isinstance(election, int) else election.pk
    stations = PollingStation.objects.filter(election_id=election_id)
    if unit is None:
        return stations
    return stations.filter(area_q([unit]))


def tps_counts_by_category(
    *,
    election: Election,
    unit: Agency | None,
    group_by: str = "kecamatan",
    stations: QuerySet[PollingStation] | None = None,
) -> CategoryCountTable:
    """TPS per Polri category in ``unit``'s area, one row per kecamatan (or desa,
    kabupaten, provinsi) or per Polsek (or Polres, Polda), plus totals.

    Region groups come from the code prefix in SQL; unit groups from the Polsek each
    TPS is assigned to and its parents (Polsek > Polres > Polda), also in SQL. TPS with
    no Polsek form a row with key ``None``. Three queries whatever the size.
    """
    if group_by not in REGION_GROUPS and group_by not in UNIT_GROUPS:
        raise ValueError(f"unknown group_by {group_by!r}")
    if stations is None:
        stations = stations_of_unit(election=election, unit=unit)
    rows: dict = {}
    if group_by in REGION_GROUPS:
        length = REGION_GROUPS[group_by]
        counted = (
            stations.order_by()
            .annotate(key=Substr("village_id", 1, length))
            .values_list("key", "category")
            .annotate(n=Count("id"))
        )
        for key, category, n in counted:
            rows.setdefault(key, CategoryCountRow(key=key, name=key)).counts[category] += n
        names = dict(Region.objects.filter(code__in=list(rows)).values_list("code", "name"))
        for key, row in rows.items():
            row.name = names.get(key, key)
        ordered = sorted(rows.values(), key=lambda r: r.key)
    else:
        # Polsek sit under a Polres, which sits under a Polda: the unit of each TPS at
        # the wanted level is a join away, grouped in SQL.
        key_field = UNIT_GROUP_FIELDS[group_by]
        per_unit = stations.order_by().values_list(key_field, "category").annotate(n=Count("id"))
        by_unit: dict[int | None, dict[str, int]] = defaultdict(_empty_counts)
        for unit_id, category, n in per_unit:
            by_unit[unit_id][category] += n
        unit_names: dict[int | None, str] = dict(
            Agency.objects.filter(pk__in=[k for k in by_unit if k]).values_list("pk", "short_name")
        )
        for unit_id, counts in by_unit.items():
            name = unit_names.get(unit_id) or str(_("Belum ditetapkan"))
            rows[unit_id] = CategoryCountRow(key=unit_id, name=name, counts=counts)
        ordered = sorted(rows.values(), key=lambda r: (r.key is None, r.name))
    totals = CategoryCountRow(key="total", name=str(_("Jumlah")))
    for row in ordered:
        for category, n in row.counts.items():
            totals.counts[category] += n
    return CategoryCountTable(group_by=group_by, rows=ordered, totals=totals)


# ---- Bawaslu indicators rolled up the region tree -------------------------------------------


@dataclass
class IndicatorRollupRow:
    code: str
    name: str
    stations_flagged: int
    per_indicator: dict[int, int]


def indicator_rollup(
    *,
    election: Election | int,
    unit: Agency | None = None,
    level: str = "kecamatan",
    region: Region | None = None,
) -> tuple[list[RiskIndicator], list[IndicatorRollupRow]]:
    """Per region (desa, kecamatan, kabupaten/kota or provinsi): how many TPS flag each
    indicator and how many flag at least one. Two grouped queries plus names."""
    length = REGION_GROUPS[level]
    election_id = election if isinstance(election, int) else election.pk
    reports = IndicatorReport.objects.filter(polling_station__election_id=election_id)
    if unit is not None:
        reports = reports.filter(area_q([unit], prefix="polling_station__"))
    if region is not None:
        reports = reports.filter(polling_station__village__code__startswith=region.code + ".")
    key = Substr("polling_station__village_id", 1, length)
    per_indicator = (
        reports.order_by()
        .annotate(key=key)
        .values_list("key", "indicator_id")
        .annotate(n=Count("polling_station_id", distinct=True))
    )
    flagged = dict(
        reports.order_by()
        .annotate(key=key)
        .values_list("key")
        .annotate(n=Count("polling_station_id", distinct=True))
    )
    rows: dict[str, IndicatorRollupRow] = {}
    for code, indicator_id, n in per_indicator:
        row = rows.setdefault(code, IndicatorRollupRow(code, code, flagged.get(code, 0), {}))
        row.per_indicator[indicator_id] = n
    names = dict(Region.objects.filter(code__in=list(rows)).values_list("code", "name"))
    for row in rows.values():
        row.name = names.get(row.code, row.code)
    indicators = list(
        RiskIndicator.objects.filter(
            indicator_set__election_id=election_id, indicator_set__is_active=True
        )
        .select_related("variable")
        .order_by("number")
    )
    return indicators, sorted(rows.values(), key=lambda r: r.code)


def active_indicators(*, election: Election) -> list[RiskIndicator]:
    return list(
        RiskIndicator.objects.filter(
            indicator_set__election=election, indicator_set__is_active=True
        )
        .select_related("variable")
        .order_by("number")
    )


def active_indicator_set(*, election: Election) -> IndicatorSet | None:
    return IndicatorSet.objects.filter(election=election, is_active=True).first()


# ---- Security pattern and personnel ---------------------------------------------------------


def _operation_chain(operation: Operation) -> list[Operation]:
    chain: list[Operation] = []
    current: Operation | None = operation
    while current is not None and len(chain) < 5:
        chain.append(current)
        current = current.parent
    return chain


class PatternResolver:
    """Finds the pattern that applies to a unit for a category: Polres > Polda >
    operation default (then the parent operation's) > national default."""

    def __init__(self, *, operation: Operation):
        self.chain_ids = [op.pk for op in _operation_chain(operation)]
        patterns = SecurityPattern.objects.filter(
            Q(operation_id__in=self.chain_ids) | Q(operation__isnull=True, unit__isnull=True)
        )
        self.by_key = {(p.operation_id, p.unit_id, p.category): p for p in patterns}

    def resolve(self, *, unit_path: str, category: str) -> SecurityPattern | None:
        ancestor_ids = [int(pk) for pk in unit_path.strip("/").split("/")] if unit_path else []
        for operation_id in self.chain_ids:
            for unit_id in [*reversed(ancestor_ids), None]:
                pattern = self.by_key.get((operation_id, unit_id, category))
                if pattern is not None:
                    return pattern
        return self.by_key.get((None, None, category))

    def effective(self, *, unit: Agency | None) -> dict[str, SecurityPattern | None]:
        path = unit.path if unit is not None else ""
        return {c: self.resolve(unit_path=path, category=c) for c in CATEGORIES}


def effective_patterns(*, operation: Operation, unit: Agency | None) -> dict:
    return PatternResolver(operation=operation).effective(unit=unit)


@dataclass
class CategoryNeed:
    category: str
    label: str
    tps: int = 0
    groups: int = 0
    police: int = 0
    linmas: int = 0
    pattern: SecurityPattern | None = None


@dataclass
class UnitNeed:
    unit: Agency | None
    name: str
    tps: dict[str, int] = field(default_factory=_empty_counts)
    groups: int = 0
    police: int = 0
    linmas: int = 0
    polsek_count: int = 0
    reserve_platoons: int = 0
    reserve_personnel: int = 0
    strength: int | None = None

    @property
    def tps_total(self) -> int:
        return sum(self.tps.values())

    @property
    def police_total(self) -> int:
        """Police at the TPS plus the backup platoons."""
        return self.police + self.reserve_personnel

    @property
    def balance(self) -> int | None:
        """Surplus (positive) or shortfall (negative) against the unit's strength."""
        if self.strength is None:
            return None
        return self.strength - self.police_total


@dataclass
class PersonnelRequirement:
    operation: Operation
    unit: Agency
    categories: list[CategoryNeed]
    children: list[UnitNeed]
    totals: UnitNeed
    reserve_platoon_size: int
    reserve_platoons_per_polsek: int


def _requirement_for(counts: dict[str, int], patterns: dict) -> dict[str, tuple[int, int, int]]:
    """For each category: ceil(TPS / TPS per group) groups, times police and Linmas per group."""
    result = {}
    for category, n in counts.items():
        pattern = patterns.get(category)
        if not n or pattern is None:
            result[category] = (0, 0, 0)
            continue
        groups = math.ceil(n / pattern.tps_per_group)
        result[category] = (
            groups,
            groups * pattern.police_per_group,
            groups * pattern.linmas_per_group,
        )
    return result


def personnel_requirement(*, operation: Operation, unit: Agency) -> PersonnelRequirement:
    """Police and Linmas needed in ``unit``'s area for ``operation``, against strength.

    Groups never span two Polsek, so the arithmetic is done per Polsek (each with the
    pattern that applies to it) and summed upward; TPS not assigned to a Polsek below
    ``unit`` are counted at ``unit`` itself with its own pattern. Backup platoons:
    ``reserve_platoons_per_polsek`` per Polsek rayon x ``reserve_platoon_size``.
    Strength: the unit's own UnitStrength, else the sum of its children's.
    A bounded number of queries (about eight) whatever the size.
    """
    election_ids = list(operation.elections.values_list("pk", flat=True))
    counted = (
        PollingStation.objects.filter(election_id__in=election_ids)
        .filter(area_q([unit]))
        .order_by()
        .values_list("polsek_id", "category")
        .annotate(n=Count("id"))
    )
    subtree = {
        a.pk: a
        for a in Agency.objects.subtree_of(unit)
        .police()
        .only("pk", "path", "kind", "short_name", "parent_id", "slug")
    }
    subtree.setdefault(unit.pk, unit)
    leaves: dict[int, dict[str, int]] = defaultdict(_empty_counts)
    for polsek_id, category, n in counted:
        bucket = polsek_id if polsek_id in subtree else unit.pk
        leaves[bucket][category] += n

    resolver = PatternResolver(operation=operation)
    policy = PersonnelPolicy.objects.filter(operation=operation).first() or PersonnelPolicy()
    explicit = dict(
        UnitStrength.objects.filter(operation=operation, unit_id__in=list(subtree)).values_list(
            "unit_id", "personnel"
        )
    )

    category_needs = {c: CategoryNeed(category=c, label=str(Category(c).label)) for c in CATEGORIES}
    unit_patterns = resolver.effective(unit=unit)
    for category, need in category_needs.items():
        need.pattern = unit_patterns[category]

    def child_of(agency: Agency) -> int:
        # The direct child of ``unit`` on agency's path (or unit itself).
        ids = [int(pk) for pk in agency.path.strip("/").split("/")]
        index = ids.index(unit.pk) if unit.pk in ids else len(ids) - 1
        return ids[index + 1] if index + 1 < len(ids) else unit.pk

    children: dict[int, UnitNeed] = {}
    totals = UnitNeed(unit=unit, name=unit.short_name)
    for bucket, counts in leaves.items():
        agency = subtree[bucket]
        patterns = {c: resolver.resolve(unit_path=agency.path, category=c) for c in CATEGORIES}
        child_id = child_of(agency)
        child = children.get(child_id)
        if child is None:
            child_unit = subtree.get(child_id)
            if child_unit is None or child_id == unit.pk:
                name = str(_("Tanpa Polsek"))
            else:
                name = child_unit.short_name
            child = children[child_id] = UnitNeed(unit=child_unit, name=name)
        for category, (groups, police, linmas) in _requirement_for(counts, patterns).items():
            for target in (child, totals):
                target.tps[category] += counts[category]
                target.groups += groups
                target.police += police
                target.linmas += linmas
            need = category_needs[category]
            need.tps += counts[category]
            need.groups += groups
            need.police += police
            need.linmas += linmas

    # Every direct child unit gets a row, even one with no TPS yet.
    for agency in subtree.values():
        if agency.parent_id == unit.pk and agency.pk not in children:
            children[agency.pk] = UnitNeed(unit=agency, name=agency.short_name)

    polsek_paths = [a.path for a in subtree.values() if a.kind == Agency.Kind.POLSEK]
    strengths = _strengths(subtree, explicit)
    for child_id, child in children.items():
        if child.unit is None or child_id == unit.pk:
            continue
        child.polsek_count = sum(1 for p in polsek_paths if p.startswith(child.unit.path))
        child.strength = strengths.get(child_id)
    totals.polsek_count = len(polsek_paths)
    totals.strength = strengths.get(unit.pk)
    for unit_need in [*children.values(), totals]:
        unit_need.reserve_platoons = unit_need.polsek_count * policy.reserve_platoons_per_polsek
        unit_need.reserve_personnel = unit_need.reserve_platoons * policy.reserve_platoon_size

    # A Polsek is the last level: its page has the totals and no rows below.
    ordered_children = (
        []
        if unit.kind == Agency.Kind.POLSEK
        else sorted(children.values(), key=lambda c: (c.unit is None or c.unit == unit, c.name))
    )
    return PersonnelRequirement(
        operation=operation,
        unit=unit,
        categories=[category_needs[c] for c in CATEGORIES],
        children=ordered_children,
        totals=totals,
        reserve_platoon_size=policy.reserve_platoon_size,
        reserve_platoons_per_polsek=policy.reserve_platoons_per_polsek,
    )


def _strengths(subtree: dict[int, Agency], explicit: dict[int, int]) -> dict[int, int]:
    """A unit's strength is its own figure, else the sum of its children's figures."""
    strengths: dict[int, int] = {}
    for agency in sorted(subtree.values(), key=lambda a: -a.path.count("/")):
        if agency.pk in explicit:
            strengths[agency.pk] = explicit[agency.pk]
        if (
            agency.pk in strengths
            and agency.parent_id in subtree
            and agency.parent_id not in explicit
        ):
            strengths[agency.parent_id] = strengths.get(agency.parent_id, 0) + strengths[agency.pk]
    return strengths


# ---- Pages ------------------------------------------------------------------------------


def polling_station_list(
    *, user: User, election: Election, filters: dict
) -> QuerySet[PollingStation]:
    """The TPS a user may see, filtered; ordered by village code and number."""
    stations = PollingStation.objects.visible_to(user).filter(election=election)
    return apply_filters(stations, filters).select_related("village__parent", "polsek")


def paginate_stations(
    stations: QuerySet[PollingStation], number: int | str | None, per_page: int = 50
) -> "Page[Any]":
    """A page of TPS, chosen on ids first and then loaded with their regions and Polsek.

    The page's ids come from the covering prefix index (no table rows touched), so only
    the 50 rows shown are read and joined, not every TPS of the unit.
    """
    from django.core.paginator import Paginator

    paginator = Paginator(stations.values_list("pk", flat=True), per_page)
    page: Page[Any] = paginator.get_page(number)
    ids = list(page.object_list)
    rows = PollingStation.objects.filter(pk__in=ids).select_related("village__parent", "polsek")
    by_id = {station.pk: station for station in rows}
    page.object_list = [by_id[pk] for pk in ids]
    return page


def apply_filters(stations: QuerySet[PollingStation], filters: dict) -> QuerySet:
    region = filters.get("region")
    if region:
        if region.count(".") == 3:
            stations = stations.filter(village_id=region)
        else:
            stations = stations.filter(village__code__startswith=region + ".")
    if filters.get("category"):
        stations = stations.filter(category=filters["category"])
    if filters.get("kind"):
        stations = stations.filter(kind=filters["kind"])
    if filters.get("polsek"):
        stations = stations.filter(polsek=filters["polsek"])
    if filters.get("indicator"):
        stations = stations.filter(
            Exists(
                IndicatorReport.objects.filter(
                    polling_station=OuterRef("pk"), indicator=filters["indicator"]
                )
            )
        )
    return stations


def polling_station_detail(*, user: User, pk: int) -> PollingStation:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        PollingStation.objects.visible_to(user)
        .select_related("village__parent__parent__parent", "election", "polsek")
        .prefetch_related(
            Prefetch(
                "indicator_reports",
                IndicatorReport.objects.select_related(
                    "indicator__variable", "reported_by", "source_agency"
                ),
            ),
            Prefetch(
                "category_overrides",
                CategoryOverride.objects.select_related("changed_by").order_by("-changed_at"),
            ),
        ),
        pk=pk,
    )


MAP_MARKER_LIMIT = 3000


def map_data(*, stations: QuerySet[PollingStation], limit: int = MAP_MARKER_LIMIT) -> dict:
    """Markers for up to ``limit`` TPS with coordinates; beyond that, one circle per
    kecamatan at the mean coordinate of its TPS, with counts per category."""
    located = stations.filter(latitude__isnull=False).order_by()
    points = list(
        located.values_list("pk", "latitude", "longitude", "category", "number", "village__name")[
            : limit + 1
        ]
    )
    if len(points) <= limit:
        return {
            "mode": "markers",
            "count": len(points),
            "points": [
                [pk, float(lat), float(lon), cat, f"TPS {num:03d} {village}"]
                for pk, lat, lon, cat, num, village in points
                if lat is not None and lon is not None  # excluded above; for the type checker
            ],
        }
    rows = (
        located.annotate(key=Substr("village_id", 1, 8))
        .values_list("key", "category")
        .annotate(n=Count("id"), lat=Avg("latitude"), lon=Avg("longitude"))
    )
    areas: dict[str, dict] = {}
    for key, category, n, lat, lon in rows:
        area = areas.setdefault(
            key, {"code": key, "counts": _empty_counts(), "lat": 0.0, "lon": 0.0}
        )
        area["counts"][category] += n
        # Weighted running mean over the category rows of the kecamatan.
        total = sum(area["counts"].values())
        area["lat"] += (float(lat) - area["lat"]) * n / total
        area["lon"] += (float(lon) - area["lon"]) * n / total
    names = dict(Region.objects.filter(code__in=list(areas)).values_list("code", "name"))
    result = []
    for area in areas.values():
        area["name"] = names.get(area["code"], area["code"])
        area["count"] = sum(area["counts"].values())
        result.append(area)
    return {"mode": "kecamatan", "count": sum(a["count"] for a in result), "areas": result}


def region_options(*, selected: str) -> dict[str, list[tuple[str, str]]]:
    """Choices for the province / kabupaten / kecamatan / desa selects of the filter:
    the provinces, and the children of each selected level (at most four queries)."""
    parts = selected.split(".") if selected else []
    options = {"provinsi": list(Region.objects.provinces().values_list("code", "name"))}
    for depth, level in enumerate(("kabupaten", "kecamatan", "desa"), start=1):
        if len(parts) >= depth:
            parent = ".".join(parts[:depth])
            options[level] = list(
                Region.objects.filter(parent_id=parent).values_list("code", "name")
            )
        else:
            options[level] = []
    return options


def police_units_for(*, user: User) -> QuerySet[Agency]:
    """Police units a user may look at reports for: their units and everything below."""
    from agencies.roles import access_for

    access = access_for(user)
    units = Agency.objects.police()
    if access.is_admin:
        return units
    return units.subtrees_of(access.police_units)


def plotting_for_polsek(*, operation: Operation, polsek: Agency) -> list[PlottingGroup]:
    return list(
        PlottingGroup.objects.filter(operation=operation, polsek=polsek)
        .prefetch_related(
            Prefetch(
                "polling_stations",
                PollingStation.objects.select_related("village__parent").order_by(
                    "village_id", "number"
                ),
            ),
            "officers",
        )
        .order_by("number")
    )


def plotting_for_units(
    *, operation: Operation, polseks: Iterable[Agency]
) -> dict[int, list[PlottingGroup]]:
    """Plotting groups of several Polsek, by Polsek id, in three queries."""
    groups = (
        PlottingGroup.objects.filter(operation=operation, polsek__in=polseks)
        .prefetch_related(
            Prefetch(
                "polling_stations",
                PollingStation.objects.select_related("village__parent").order_by(
                    "village_id", "number"
                ),
            ),
            "officers",
        )
        .order_by("polsek_id", "number")
    )
    result: dict[int, list[PlottingGroup]] = defaultdict(list)
    for group in groups:
        result[group.polsek_id].append(group)
    return result


def plotting_documents(
    *, operation: Operation, unit: Agency, limit: int = 10
) -> list[PlottingDocument]:
    """The unit's latest Daftar Plotting requests, newest first; the caller has scoped
    ``operation`` and ``unit`` already."""
    documents = list(
        PlottingDocument.objects.filter(operation=operation, unit=unit)
        .select_related("requested_by")
        .order_by("-requested_at")[:limit]
    )
    for document in documents:
        document.operation, document.unit = operation, unit
    return documents
