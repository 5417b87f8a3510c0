"""The TPS map's reads: the area shown, TPS positions (exact or approximate), choropleths."""

import math
from collections.abc import Mapping
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import connection
from django.db.models import Count, FloatField, Q, QuerySet, Sum
from django.db.models.functions import Cast, Substr

from agencies import geo
from agencies.choice_lists import cached_list
from agencies.geography import minimal_prefixes
from agencies.models import Agency
from agencies.roles import access_for
from operations.models import Election

from ..models import DistrictCount, IndicatorReport, PollingStation
from ..models.tps import area_codes
from .risk import counts_by_region_and_category, empty_category_counts
from .tps import STATIONS, region_names

MAP_MARKER_LIMIT = 3000

# Approximate TPS are laid on a sunflower spiral around their anchor: the n-th TPS at
# SPREAD_STEP * sqrt(n) degrees, turned by the golden angle, so a hundred TPS of one
# kecamatan cover about 1.3 km without two points on top of each other.
SPREAD_STEP = 0.0012
GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))

EXACT, VILLAGE_CENTROID, DISTRICT_CENTROID = 0, 1, 2

CODE_LENGTH = {geo.KECAMATAN: 8, geo.KABUPATEN: 5}


@dataclass(frozen=True)
class MapArea:
    """What the map covers: region code prefixes (``None``: the whole country) and the
    level its choropleth and boundaries are drawn at (kabupaten nationally)."""

    prefixes: tuple[str, ...] | None
    level: str

    @property
    def is_national(self) -> bool:
        return self.prefixes is None

    @property
    def whole_districts(self) -> bool:
        """Whether the area is a union of whole kecamatan (or the country), so that the
        counts kept per kecamatan answer for it exactly."""
        if self.prefixes is None:
            return True
        return bool(self.prefixes) and all(p.count(".") <= 2 for p in self.prefixes)


def map_area(*, user: User, region: str = "") -> MapArea:
    """The regions of the user's units and those below (admins and Mabes: the country),
    narrowed to the chosen region filter; a region outside the user's area leaves
    nothing to draw."""
    access = access_for(user)
    units = list(access.police_units)
    if access.is_admin or any(u.kind == Agency.Kind.MABES_POLRI for u in units):
        if region:
            return MapArea(prefixes=(region,), level=geo.KECAMATAN)
        return MapArea(prefixes=None, level=geo.KABUPATEN)
    prefixes = list(units_map_area(units).prefixes or ())
    if region:
        prefixes = (
            [region]
            if any(region.startswith(p + ".") or region == p for p in prefixes)
            else [p for p in prefixes if p.startswith(region + ".")]
        )
    return MapArea(prefixes=tuple(prefixes), level=geo.KECAMATAN)


def units_map_area(units: list[Agency]) -> MapArea:
    """The regions of ``units`` and the units below them (Mabes: the country)."""
    if any(u.kind == Agency.Kind.MABES_POLRI for u in units):
        return MapArea(prefixes=None, level=geo.KABUPATEN)
    if not units:
        return MapArea(prefixes=(), level=geo.KECAMATAN)
    # The same codes the TPS scoping read for this request's units: asked once.
    return MapArea(prefixes=tuple(minimal_prefixes(area_codes(units))), level=geo.KECAMATAN)


def region_filter(params: Mapping[str, str]) -> str:
    """The deepest region chosen in the TPS filters (provinsi > kabupaten > kecamatan >
    desa), each level kept only if it lies in the one above."""
    selected = ""
    for level in ("provinsi", "kabupaten", "kecamatan", "desa"):
        code = params.get(level, "")
        if code and (not selected or code.startswith(selected + ".")):
            selected = code
    return selected


def spread(anchor_lat: float, anchor_lng: float, index: int) -> tuple[float, float]:
    """The ``index``-th position around an anchor (index 0 is the anchor itself)."""
    if index == 0:
        return anchor_lat, anchor_lng
    radius = SPREAD_STEP * math.sqrt(index)
    angle = index * GOLDEN_ANGLE
    lat = anchor_lat + radius * math.sin(angle)
    lng = anchor_lng + radius * math.cos(angle) / max(math.cos(math.radians(anchor_lat)), 0.1)
    return round(lat, 6), round(lng, 6)


def _float(field: str) -> Cast:
    # Read as floats: the JSON wants them, and a Decimal per coordinate (built by the
    # driver, converted, hashed as a key) was most of the points' Python time.
    return Cast(field, FloatField())


def positioned_points(
    stations: QuerySet[PollingStation], *extra: str, limit: int | None = None
) -> tuple[list[list], int]:
    """Each TPS as ``[pk, lat, lng, category, label, how, *extra]``; ``how`` says whether
    the position is the TPS's own (0), its village's centroid (1) or its kecamatan's (2),
    spread deterministically (by village code and TPS number) around the centroid;
    ``extra`` names further values read in the same query (a layer's state); ``limit``
    reads only the first so many TPS. Returns the points and the number of TPS that
    could not be placed at all."""
    rows = stations.order_by("village_id", "number").values_list(
        "pk",
        _float("latitude"),
        _float("longitude"),
        "category",
        "number",
        "village__name",
        _float("village__latitude"),
        _float("village__longitude"),
        _float("village__parent__latitude"),
        _float("village__parent__longitude"),
        *extra,
    )
    if limit is not None:
        rows = rows[:limit]
    points, unplaced = [], 0
    # Keyed by the centroid itself: a village whose centroid is its kecamatan's (the source
    # has such) continues the kecamatan's spiral instead of stacking on it.
    taken: dict[tuple, int] = {}
    for (
        pk,
        lat,
        lng,
        category,
        number,
        village_name,
        village_lat,
        village_lng,
        district_lat,
        district_lng,
        *values,
    ) in rows:
        label = f"TPS {number:03d} {village_name}"
        if lat is not None and lng is not None:
            points.append([pk, lat, lng, category, label, EXACT, *values])
            continue
        if village_lat is not None and village_lng is not None:
            how, base = VILLAGE_CENTROID, (village_lat, village_lng)
        elif district_lat is not None and district_lng is not None:
            how, base = DISTRICT_CENTROID, (district_lat, district_lng)
        else:
            unplaced += 1
            continue
        index = taken.get(base, 0)
        taken[base] = index + 1
        spread_lat, spread_lng = spread(base[0], base[1], index)
        points.append([pk, spread_lat, spread_lng, category, label, how, *values])
    return points, unplaced


def area_counts(stations: QuerySet[PollingStation], *, level: str) -> dict[str, dict]:
    """TPS per category per kecamatan (or kabupaten), from the code prefix in SQL: one
    grouped query whatever the number of TPS."""
    areas: dict[str, dict] = {}
    for key, category, n in counts_by_region_and_category(stations, code_length=CODE_LENGTH[level]):
        area = areas.setdefault(key, {"counts": empty_category_counts(), "tps": 0})
        area["counts"][category] += n
        area["tps"] += n
    return areas


def district_counts(*, election: Election, area: MapArea) -> dict[str, dict] | None:
    """The same figures as ``area_counts`` for all the TPS of an area, read from the
    counts kept per kecamatan (a few thousand rows nationally instead of 820,161 TPS).
    ``None`` when they cannot answer: an area cut below a kecamatan, or a database
    without the triggers that keep them (SQLite)."""
    if connection.vendor != "postgresql" or not area.whole_districts:
        return None
    length = CODE_LENGTH[area.level]
    rows = DistrictCount.objects.filter(election=election, tps__gt=0)
    if area.prefixes is not None:
        within = Q(pk__in=[])
        for prefix in area.prefixes:
            within |= Q(district_code=prefix) | Q(district_code__startswith=prefix + ".")
        rows = rows.filter(within)
    counted = (
        rows.annotate(key=Substr("district_code", 1, length))
        .values_list("key", "category")
        .annotate(n=Sum("tps"))
        .order_by()
    )
    areas: dict[str, dict] = {}
    for key, category, n in counted:
        area_figures = areas.setdefault(key, {"counts": empty_category_counts(), "tps": 0})
        area_figures["counts"][category] += n
        area_figures["tps"] += n
    return areas


def area_indicator_counts(
    stations: QuerySet[PollingStation], *, level: str
) -> dict[str, dict[str, int | dict[int, int]]]:
    """Bawaslu indicator reports per kecamatan (or kabupaten), in all and per indicator
    number. A second pass over the TPS, so the map asks for it only when the user
    switches the choropleth to indicators."""
    length = CODE_LENGTH[level]
    areas: dict[str, dict] = {}
    reported = (
        IndicatorReport.objects.filter(polling_station__in=stations.order_by().values("pk"))
        .annotate(key=Substr("polling_station__village_id", 1, length))
        .values_list("key", "indicator__number")
        .annotate(n=Count("id"))
        .order_by()
    )
    for key, number, n in reported:
        area = areas.setdefault(key, {"indicators": {}, "reports": 0})
        area["indicators"][number] = n
        area["reports"] += n
    return areas


def map_data(
    *,
    stations: QuerySet[PollingStation],
    area: MapArea,
    limit: int = MAP_MARKER_LIMIT,
    indicators: bool = False,
    election: Election | None = None,
    scope: str | None = None,
) -> dict:
    """Everything the map draws over its base layer: the choropleth figures per
    kecamatan (per kabupaten/kota nationally) and, up to ``limit`` TPS, every TPS as a
    point (approximate ones at their village's or kecamatan's centroid); with
    ``indicators``, the Bawaslu indicator reports per area too. A bounded number of
    queries whatever the size.

    ``election`` says that ``stations`` are all of that election's TPS in ``area``,
    with no other filter: the kept counts per kecamatan may then stand in for
    counting them; ``scope`` (``unit_scope``) then says whose TPS they are, and their
    points are kept in the cache."""
    areas = None
    if election is not None:
        areas = district_counts(election=election, area=area)
    if areas is None:
        areas = area_counts(stations, level=area.level)
    if indicators:
        reported = area_indicator_counts(stations, level=area.level)
        for code, figures in areas.items():
            figures.update(reported.get(code, {"indicators": {}, "reports": 0}))
    names = region_names(areas)
    for code, figures in areas.items():
        figures["name"] = names.get(code, code)
    total = sum(figures["tps"] for figures in areas.values())
    data = {
        "level": area.level,
        "national": area.is_national,
        "count": total,
        "areas": areas,
        "mode": "areas",
        "points": [],
        "unplaced": 0,
        "with_indicators": indicators,
    }
    if total <= limit:
        if election is not None and scope is not None:
            points, unplaced = _kept_points(stations, election=election, scope=scope)
        else:
            points, unplaced = positioned_points(stations)
        data.update(mode="points", points=points, unplaced=unplaced)
        data["approximate"] = sum(1 for point in points if point[5] != EXACT)
    return data


def _kept_points(
    stations: QuerySet[PollingStation], *, election: Election, scope: str
) -> tuple[list[list], int]:
    """``positioned_points(stations)`` for all of ``election``'s TPS that ``scope``'s
    users see, from the cache while no TPS write (which replaces the TPS version) nor
    region or unit write (names, centroids, areas: the choice lists') has made them stale."""
    version = STATIONS.version()
    if version is None:
        return positioned_points(stations)
    return cached_list(
        f"tps-points:{version}:{election.pk}:{scope}", lambda: positioned_points(stations)
    )
