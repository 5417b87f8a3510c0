"""The TPS map and its marker data."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse

from agencies.access import COMMANDER, OPERATOR, allow
from agencies.audit.models import AccessRecord
from agencies.audit.services import record_access

from .. import selectors
from ..models import PollingStation
from .tps import _filter_context, _no_election


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
        }
    )
    return render(request, "polling_stations/tps_map.html", context)


@allow(OPERATOR, COMMANDER)
def tps_map_data(request):
    """Points for the map, drawn from data and not from tiles, so they show even when
    no tile server can be reached."""
    context = _filter_context(request)
    if context is None:
        return JsonResponse({"mode": "markers", "count": 0, "points": []})
    record_access(request, kind=AccessRecord.Kind.TPS_MAP_DATA, subject=str(context["election"]))
    data = selectors.map_data(stations=context["stations"], limit=selectors.MAP_MARKER_LIMIT)
    data["labels"] = dict(PollingStation.Category.choices)
    data["detail_url"] = reverse("polling_stations:detail", kwargs={"tps_pk": 0})
    return JsonResponse(data)
