"""TPS counts per category and indicator summaries."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from agencies.access import COMMANDER, OPERATOR, allow
from agencies.choice_lists import cached_list
from agencies.models import Agency

from .. import selectors
from ..models import PollingStation
from .tps import _no_election

SUMMARY_GROUPS = [
    ("kecamatan", _("Kecamatan")),
    ("polsek", _("Polsek")),
    ("polres", _("Polres")),
    ("polda", _("Polda")),
    ("kabupaten", _("Kabupaten/kota")),
    ("provinsi", _("Provinsi")),
]


def _summary_units(request):
    """Units a user may choose for a summary: their own units and the Polda/Polres
    below them (Polsek are reached from their Polres). The same for every user of the
    same units: kept among the choice lists (stale on every write to a unit)."""

    def read():
        units = selectors.police_units_for(user=request.user).filter(
            kind__in=[Agency.Kind.MABES_POLRI, Agency.Kind.POLDA, Agency.Kind.POLRES]
        )
        own = [u.pk for u in request.access.police_units]
        return list(
            (units | Agency.objects.filter(pk__in=own))
            .distinct()
            .only("pk", "slug", "short_name", "path", "kind")
        )

    return cached_list(f"summary-units:{selectors.unit_scope(user=request.user)}", read)


def _summary_scope(request, elections):
    """The election and unit a summary page is asked for, among those the user may see.

    Admins may leave the unit out (the whole country); everyone else gets their first
    unit by default, and a unit outside their tree answers 404.
    """
    election = next(
        (e for e in elections if str(e.pk) == request.GET.get("election")), elections[0]
    )
    units = sorted(_summary_units(request), key=lambda u: u.path)
    slug = request.GET.get("unit")
    unit = None
    if slug:
        unit = next((u for u in units if u.slug == slug), None)
        if unit is None:
            raise Http404
    elif not request.access.is_admin:
        unit = units[0] if units else None
        if unit is None:
            raise Http404
    return election, units, unit


@allow(OPERATOR, COMMANDER)
def summary(request):
    elections = selectors.elections()
    if not elections:
        return _no_election(request)
    election, units, unit = _summary_scope(request, elections)
    group_by = request.GET.get("group_by") or ("polda" if unit is None else "kecamatan")
    if group_by not in dict(SUMMARY_GROUPS):
        group_by = "kecamatan"
    table = selectors.tps_counts_by_category(election=election, unit=unit, group_by=group_by)
    return render(
        request,
        "polling_stations/summary.html",
        {
            "elections": elections,
            "election": election,
            "units": units,
            "unit": unit,
            "group_by": group_by,
            "groups": SUMMARY_GROUPS,
            "table": table,
            "categories": PollingStation.Category.choices,
        },
    )


INDICATOR_LEVELS = [
    ("provinsi", _("Provinsi")),
    ("kabupaten", _("Kabupaten/kota")),
    ("kecamatan", _("Kecamatan")),
    ("desa", _("Desa/kelurahan")),
]


@allow(OPERATOR, COMMANDER)
def indicator_summary(request):
    """Bawaslu indicators flagged per region, rolled up to the chosen level."""
    elections = selectors.elections()
    if not elections:
        return _no_election(request)
    election, units, unit = _summary_scope(request, elections)
    level = request.GET.get("level") or "kecamatan"
    if level not in dict(INDICATOR_LEVELS):
        level = "kecamatan"
    table = selectors.indicator_summary(election=election, unit=unit, level=level)
    return render(
        request,
        "polling_stations/indicator_summary.html",
        {
            "elections": elections,
            "election": election,
            "units": units,
            "unit": unit,
            "level": level,
            "levels": INDICATOR_LEVELS,
            "indicators": table.indicators,
            "rows": table.rows,
            "totals": table.totals,
            "flagged_total": table.flagged_total,
        },
    )
