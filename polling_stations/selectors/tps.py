"""The TPS list, detail and map pages' reads."""

from decimal import Decimal
from typing import cast

from django.contrib.auth.models import User
from django.core.paginator import Page, Paginator
from django.db.models import Avg, Count, Prefetch, QuerySet
from django.db.models.functions import Substr
from django.shortcuts import get_object_or_404

from agencies.models import Agency, Region
from agencies.roles import access_for
from operations.models import Election

from ..models import (
    CategoryOverride,
    IndicatorReport,
    PollingStation,
)
from .risk import empty_category_counts


def polling_station_list(*, user: User, election: Election) -> QuerySet[PollingStation]:
    """The election's TPS a user may see, with their village, kecamatan and Polsek."""
    return (
        PollingStation.objects.visible_to(user)
        .filter(election=election)
        .select_related("village__parent", "polsek")
    )


def paginate_stations(
    stations: QuerySet[PollingStation], number: str | int | None, per_page: int = 50
) -> Page:
    """A page of TPS, chosen on ids first and then loaded with their regions and Polsek.

    The page's ids come from the covering prefix index (no table rows touched), so only
    the 50 rows shown are read and joined, not every TPS of the unit.
    """

    paginator = Paginator(stations.values_list("pk", flat=True), per_page)
    # Paginated on ids, shown as stations: the page holds a different type once loaded.
    page: Page = paginator.get_page(number)
    ids = list(page.object_list)
    rows = PollingStation.objects.filter(pk__in=ids).select_related("village__parent", "polsek")
    by_id = {station.pk: station for station in rows}
    page.object_list = [by_id[pk] for pk in ids]
    return page


def polling_station_detail(*, user: User, pk: int) -> PollingStation:

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
    # Filtered on latitude, and a constraint keeps both coordinates set or both empty.
    points = cast(
        list[tuple[int, Decimal, Decimal, str, int, str]],
        list(
            located.values_list(
                "pk", "latitude", "longitude", "category", "number", "village__name"
            )[: limit + 1]
        ),
    )
    if len(points) <= limit:
        return {
            "mode": "markers",
            "count": len(points),
            "points": [
                [pk, float(lat), float(lon), cat, f"TPS {num:03d} {village}"]
                for pk, lat, lon, cat, num, village in points
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
            key, {"code": key, "counts": empty_category_counts(), "lat": 0.0, "lon": 0.0}
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

    access = access_for(user)
    units = Agency.objects.police()
    if access.is_admin:
        return units
    return units.subtrees_of(access.police_units)
