"""The TPS map, its data and its base layer (the region boundaries the app ships)."""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.views.decorators.gzip import gzip_page

from agencies import geo
from agencies.access import COMMANDER, OPERATOR, allow
from agencies.audit.models import AccessRecord
from agencies.audit.services import record_access

from .. import selectors
from ..models import PollingStation
from .tps import _filter_context, _no_election

# The boundaries change only with a new release of the data (the ETag says which), so a
# browser keeps them a day and then revalidates cheaply; private, as they follow the user's area.
BOUNDARIES_MAX_AGE = 24 * 60 * 60


def _area(request) -> selectors.MapArea:
    return selectors.map_area(user=request.user, region=selectors.region_filter(request.GET))


@allow(OPERATOR, COMMANDER)
def tps_map(request):
    context = _filter_context(request)
    if context is None:
        return _no_election(request)
    context.update(
        {
            "tile_url": settings.MAP_TILE_URL,
            "tile_attribution": settings.MAP_TILE_ATTRIBUTION,
            "marker_limit": selectors.MAP_MARKER_LIMIT,
            "national": _area(request).is_national,
            "categories": PollingStation.Category.choices,
        }
    )
    return render(request, "polling_stations/tps_map.html", context)


@allow(OPERATOR, COMMANDER)
@gzip_page
def tps_map_data(request):
    """The choropleth figures per area and the TPS as points (approximate ones marked),
    drawn over the shipped boundaries, so the map works without any tile server;
    ``?indikator=1`` adds the Bawaslu indicator reports per area."""
    context = _filter_context(request, form=False)
    if context is None:
        return JsonResponse({"mode": "areas", "count": 0, "areas": {}, "points": []})
    record_access(request, kind=AccessRecord.Kind.TPS_MAP_DATA, subject=str(context["election"]))
    data = selectors.map_data(
        stations=context["stations"],
        area=_area(request),
        limit=selectors.MAP_MARKER_LIMIT,
        indicators=request.GET.get("indikator") == "1",
        election=context["election"] if context["only_area_chosen"] else None,
        scope=selectors.unit_scope(user=request.user),
    )
    data["labels"] = dict(PollingStation.Category.choices)
    data["indicators"] = selectors.active_indicator_texts(election=context["election"])
    data["detail_url"] = reverse("polling_stations:detail", kwargs={"tps_pk": 0})
    return JsonResponse(data)


@allow(OPERATOR, COMMANDER)
@gzip_page  # geometry and counts, no secret to leak through compression (BREACH)
def tps_map_boundaries(request):
    """The map's base layer: the kecamatan of the user's area (or of the chosen region),
    the kabupaten/kota nationally, as GeoJSON with an ETag."""
    return boundaries_response(request, _area(request))


def boundaries_response(request, area: selectors.MapArea) -> HttpResponse:
    """The shipped boundaries of ``area`` as GeoJSON, revalidated by their ETag."""
    boundaries = geo.boundaries(level=area.level, prefixes=area.prefixes)
    response = get_conditional_response(request, etag=boundaries.etag)
    if response is None:
        response = HttpResponse(boundaries.body, content_type="application/geo+json")
    response["ETag"] = boundaries.etag
    patch_cache_control(response, private=True, max_age=BOUNDARIES_MAX_AGE)
    return response
