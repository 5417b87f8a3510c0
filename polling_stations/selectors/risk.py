"""TPS counts per category and Bawaslu indicators rolled up the region tree."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Substr
from django.utils.translation import gettext_lazy as _

from agencies.geography import minimal_prefixes
from agencies.models import Agency, Region
from operations.models import Election

from ..models import (
    DistrictCount,
    IndicatorReport,
    IndicatorSet,
    PollingStation,
    RiskIndicator,
    area_q,
)
from ..models.tps import area_codes
from .tps import active_indicator_rows, region_names

Category = PollingStation.Category
CATEGORIES: tuple[str, ...] = tuple(Category.values)

# Length of the dotted Kemendagri code at each region level ("13", "13.12", "13.12.01").
REGION_GROUPS = {"provinsi": 2, "kabupaten": 5, "kecamatan": 8, "desa": 13}
DISTRICT_CODE_LENGTH = REGION_GROUPS["kecamatan"]
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


def empty_category_counts() -> dict[str, int]:
    return dict.fromkeys(CATEGORIES, 0)


# ---- TPS counts per category ---------------------------------------------------------------


@dataclass
class CategoryCountRow:
    key: str | int | None
    name: str
    counts: dict[str, int] = field(default_factory=empty_category_counts)

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


def counts_by_region_and_category(
    stations: QuerySet[PollingStation], *, code_length: int
) -> QuerySet:
    """(region code, category, TPS) rows, the region being the first ``code_length``
    characters of the village code: one grouped query whatever the number of TPS."""
    return (
        stations.order_by()
        .annotate(key=Substr("village_id", 1, code_length))
        .values_list("key", "category")
        .annotate(n=Count("id"))
    )


def _election_id(election: Election | int) -> int:
    return election.pk if isinstance(election, Election) else election


def stations_of_unit(*, election: Election | int, unit: Agency | None) -> QuerySet[PollingStation]:
    """The TPS of an election in a unit's area (see ``models.area_q``); ``None`` is the
    whole country."""
    election_id = _election_id(election)
    stations = PollingStation.objects.filter(election_id=election_id)
    if unit is None:
        return stations
    return stations.filter(area_q([unit]))


def kept_counts(
    *, election: Election | int, unit: Agency | None, code_length: int
) -> list[tuple[str, str, int]] | None:
    """What ``counts_by_region_and_category`` answers for all the TPS of a unit's area,
    read from the counts kept per kecamatan (a Polda's few hundred rows instead of its
    tens of thousands of TPS). ``None`` when they cannot answer: a level below the
    kecamatan, an area cut below one or made of Polsek assignments, or a database
    without the triggers that keep them (SQLite)."""
    if connection.vendor != "postgresql" or code_length > DISTRICT_CODE_LENGTH:
        return None
    rows = DistrictCount.objects.filter(election_id=_election_id(election), tps__gt=0)
    if unit is not None and unit.kind != Agency.Kind.MABES_POLRI:
        prefixes = minimal_prefixes(area_codes([unit]))
        if not prefixes or any(code.count(".") > 2 for code in prefixes):
            return None
        within = Q(pk__in=[])
        for prefix in prefixes:
            within |= Q(district_code=prefix) | Q(district_code__startswith=prefix + ".")
        rows = rows.filter(within)
    return list(
        rows.annotate(key=Substr("district_code", 1, code_length))
        .values_list("key", "category")
        .annotate(n=Sum("tps"))
        .order_by()
    )


def counts_by_polsek_region_and_category(
    stations: QuerySet[PollingStation], *, code_length: int
) -> list[tuple[int | None, str, str, int]]:
    """(Polsek, region code, category, TPS) rows: what a page needing both the table per
    region and the personnel per Polsek reads in one grouped query."""
    return list(
        stations.order_by()
        .annotate(key=Substr("village_id", 1, code_length))
        .values_list("polsek_id", "key", "category")
        .annotate(n=Count("id"))
    )


def tps_counts_by_category(
    *,
    election: Election | int,
    unit: Agency | None,
    group_by: str = "kecamatan",
    stations: QuerySet[PollingStation] | None = None,
    counted: Iterable[tuple[str, str, int]] | None = None,
) -> CategoryCountTable:
    """TPS per Polri category in ``unit``'s area, one row per kecamatan (or desa,
    kabupaten, provinsi) or per Polsek (or Polres, Polda), plus totals.

    Region groups come from the code prefix in SQL; unit groups from the Polsek each
    TPS is assigned to and its parents (Polsek > Polres > Polda), also in SQL. TPS with
    no Polsek form a row with key ``None``. Three queries whatever the size.
    ``counted`` (region groups only): the (region code, category, TPS) rows, already read.
    """
    if group_by not in REGION_GROUPS and group_by not in UNIT_GROUPS:
        raise ValueError(f"unknown group_by {group_by!r}")
    if stations is None:
        if group_by in REGION_GROUPS and counted is None:
            counted = kept_counts(election=election, unit=unit, code_length=REGION_GROUPS[group_by])
        stations = stations_of_unit(election=election, unit=unit)
    rows: dict = {}
    if group_by in REGION_GROUPS:
        if counted is None:
            counted = counts_by_region_and_category(stations, code_length=REGION_GROUPS[group_by])
        for key, category, n in counted:
            rows.setdefault(key, CategoryCountRow(key=key, name=key)).counts[category] += n
        names = region_names(rows)
        for key, row in rows.items():
            row.name = names.get(key, key)
        ordered = sorted(rows.values(), key=lambda r: r.key)
    else:
        # Polsek sit under a Polres, which sits under a Polda: the unit of each TPS at
        # the wanted level is a join away, grouped in SQL.
        key_field = UNIT_GROUP_FIELDS[group_by]
        unit_counted = (
            stations.order_by().values_list(key_field, "category").annotate(n=Count("id"))
        )
        by_unit: dict[int | None, dict[str, int]] = defaultdict(empty_category_counts)
        for unit_id, category, n in unit_counted:
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
    cells: list[int] = field(default_factory=list)


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
    election_id = _election_id(election)
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
    names = region_names(rows)
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


@dataclass
class IndicatorSummary:
    """The indicator summary page's table: one row per region, a cell per indicator."""

    indicators: list[RiskIndicator]
    rows: list[IndicatorRollupRow]
    totals: list[int]
    flagged_total: int


def indicator_summary(
    *, election: Election | int, unit: Agency | None, level: str
) -> IndicatorSummary:
    """The rollup at ``level`` with each row's cells in indicator order and the totals."""
    indicators, rows = indicator_rollup(election=election, unit=unit, level=level)
    for row in rows:
        row.cells = [row.per_indicator.get(indicator.pk, 0) for indicator in indicators]
    return IndicatorSummary(
        indicators=indicators,
        rows=rows,
        totals=[sum(row.cells[i] for row in rows) for i in range(len(indicators))],
        flagged_total=sum(row.stations_flagged for row in rows),
    )


def active_indicators(*, election: Election) -> list[RiskIndicator]:
    return list(
        RiskIndicator.objects.filter(
            indicator_set__election=election, indicator_set__is_active=True
        )
        .select_related("variable")
        .order_by("number")
    )


def active_indicator_texts(*, election: Election) -> list[list]:
    """``[number, text]`` of each active indicator, as the map's legend reads them."""
    return [
        [number, text] for _pk, number, text, _text_en in active_indicator_rows(election=election)
    ]


def active_indicator_set(*, election: Election) -> IndicatorSet | None:
    return IndicatorSet.objects.filter(election=election, is_active=True).first()
