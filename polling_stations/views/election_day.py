"""Voting-day command post: the situation room, incidents and their steps, Gakkumdu cases."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_POST

from agencies.access import AUTHENTICATED, COMMANDER, LIAISON, OPERATOR, allow
from agencies.models import Agency
from operations.access import operation_and_unit_or_404
from operations.models import Operation

from ..forms import IncidentStepForm
from ..models.election_day import PHASES, Incident
from ..selectors import election_day as selectors
from ..selectors.map import units_map_area
from ..services.field_accounts import create_field_accounts
from ..services.incidents import record_incident_step
from .map import boundaries_response


def _room(request, operation_slug, unit_slug) -> tuple[Operation, Agency]:
    """The operation and unit of a situation room, or 404 for whoever may not read them
    (partner liaisons included)."""
    return operation_and_unit_or_404(request, operation_slug=operation_slug, unit_slug=unit_slug)


def _room_urls(operation, unit) -> dict:
    kwargs = {"operation_slug": operation.slug, "unit_slug": unit.slug}
    return {
        name: reverse(f"election_day:{name}", kwargs=kwargs)
        for name in (
            "summary",
            "incidents",
            "summary_json",
            "map_data",
            "map_boundaries",
            "field_accounts",
        )
    }


@allow(OPERATOR, COMMANDER)
def situation_index(request):
    return render(
        request,
        "polling_stations/election_day/index.html",
        {"pairs": selectors.situation_pairs(user=request.user, access=request.access)},
    )


@allow(OPERATOR, COMMANDER)
def situation_room(request, operation_slug, unit_slug):
    operation, unit = _room(request, operation_slug, unit_slug)
    return render(
        request,
        "polling_stations/election_day/room.html",
        {
            "operation": operation,
            "unit": unit,
            "zone": unit.zone,
            "urls": _room_urls(operation, unit),
            "children": selectors.child_units(unit=unit),
            "can_operate": request.access.can_operate(unit),
            "tile_url": settings.MAP_TILE_URL,
            "tile_attribution": settings.MAP_TILE_ATTRIBUTION,
            "poll_seconds": settings.ELECTION_DAY_POLL_SECONDS,
        },
    )


@allow(OPERATOR, COMMANDER)
def situation_summary(request, operation_slug, unit_slug):
    """The figures alone, polled by htmx every few seconds."""
    operation, unit = _room(request, operation_slug, unit_slug)
    summary = selectors.situation_summary(operation=operation, unit=unit)
    phases = [
        (phase.label, count, max(0, summary["tps"] - count))
        for phase in PHASES
        for count in [summary["phases"][phase.value]]
    ]
    return render(
        request,
        "polling_stations/election_day/_summary.html",
        {"summary": summary, "phases": phases, "unit": unit},
    )


@allow(OPERATOR, COMMANDER)
def situation_incidents(request, operation_slug, unit_slug):
    """Open incidents and this posko's alerts, polled by htmx every few seconds."""
    operation, unit = _room(request, operation_slug, unit_slug)
    return render(
        request,
        "polling_stations/election_day/_incidents.html",
        {
            "incidents": selectors.open_incidents(operation=operation, unit=unit),
            "alerts": selectors.unit_alerts(operation=operation, unit=unit),
            "zone": unit.zone,
        },
    )


@allow(AUTHENTICATED)
def situation_summary_json(request, operation_slug, unit_slug):
    """The situation summary for wall screens and other systems, scoped like the page."""
    operation, unit = _room(request, operation_slug, unit_slug)
    summary = selectors.situation_summary(operation=operation, unit=unit)
    return JsonResponse({"operation": operation.slug, "unit": unit.slug, **summary})


@allow(OPERATOR, COMMANDER)
def situation_map_data(request, operation_slug, unit_slug):
    operation, unit = _room(request, operation_slug, unit_slug)
    data = selectors.map_points(operation=operation, unit=unit)
    data["incident_url"] = reverse("polling_stations:detail", kwargs={"tps_pk": 0})
    return JsonResponse(data)


@allow(OPERATOR, COMMANDER)
@gzip_page  # geometry only, no secret to leak through compression (BREACH)
def situation_map_boundaries(request, operation_slug, unit_slug):
    """The room map's base layer: the kecamatan of the unit (Mabes: the kabupaten/kota)."""
    _operation, unit = _room(request, operation_slug, unit_slug)
    return boundaries_response(request, units_map_area([unit]))


@allow(OPERATOR)
@require_POST
def field_accounts(request, operation_slug, unit_slug):
    """Creates a field officer's sign-in for every plotting group of the unit that has none;
    the passwords are shown on this answer only."""
    operation, unit = _room(request, operation_slug, unit_slug)
    if not request.access.can_operate(unit):
        raise Http404
    created = create_field_accounts(operation=operation, unit=unit)
    if not created:
        messages.info(request, _("Semua kelompok plotting sudah memiliki akun petugas lapangan."))
        return redirect("election_day:room", operation_slug=operation.slug, unit_slug=unit.slug)
    return render(
        request,
        "polling_stations/election_day/field_accounts.html",
        {"operation": operation, "unit": unit, "accounts": created},
    )


# --- One incident -----------------------------------------------------------------------


def _incident(request, incident_pk) -> Incident:
    try:
        return selectors.incident_detail(user=request.user, pk=incident_pk)
    except Incident.DoesNotExist as exc:
        raise Http404 from exc


def _render_incident(request, found: Incident, form=None):
    return render(
        request,
        "polling_stations/election_day/incident.html",
        {
            "incident": found,
            "steps": selectors.incident_steps(incident=found),
            "form": form or IncidentStepForm(),
            "zone": found.polsek.zone if found.polsek_id else None,
        },
        status=400 if form is not None else 200,
    )


@allow(OPERATOR, COMMANDER)
def incident_page(request, incident_pk):
    return _render_incident(request, _incident(request, incident_pk))


@allow(OPERATOR, COMMANDER)
@require_POST
def incident_step(request, incident_pk):
    found = _incident(request, incident_pk)
    form = IncidentStepForm(request.POST)
    if form.is_valid():
        try:
            step = record_incident_step(
                incident=found,
                kind=form.cleaned_data["kind"],
                user=request.user,
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(
                request, _("Langkah “%(step)s” dicatat.") % {"step": step.get_kind_display()}
            )
            return redirect("election_day:incident", incident_pk=found.pk)
    return _render_incident(request, found, form=form)


@allow(OPERATOR, COMMANDER, LIAISON)
def incident_photo(request, incident_pk):
    found = _incident(request, incident_pk)
    if not found.photo:
        raise Http404(_("Insiden ini tidak berfoto."))
    return FileResponse(found.photo.open("rb"), content_type="image/jpeg")


# --- Gakkumdu: the cases handed over, for the police and the Bawaslu/Kejaksaan liaisons ----


@allow(OPERATOR, COMMANDER, LIAISON)
def gakkumdu_cases(request):
    return render(
        request,
        "polling_stations/election_day/gakkumdu_list.html",
        {"cases": selectors.gakkumdu_cases(user=request.user)},
    )


@allow(OPERATOR, COMMANDER, LIAISON)
def gakkumdu_case(request, incident_pk):
    case = _incident(request, incident_pk)
    if not case.gakkumdu:
        raise Http404
    return render(
        request,
        "polling_stations/election_day/gakkumdu_case.html",
        {
            "incident": case,
            "steps": selectors.incident_steps(incident=case),
            "zone": case.polsek.zone if case.polsek_id else None,
        },
    )
