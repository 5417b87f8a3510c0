"""The field officer's phone page and the endpoint its queued reports are sent to."""

import json

from django.db import transaction
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agencies.access import FIELD_OFFICER, allow

from ..forms import FieldReportForm
from ..models.election_day import PHASES, FieldReport, Phase
from ..selectors import election_day as selectors
from ..selectors.field import FieldContext, field_context
from ..services.election_day import (
    IncidentInput,
    ReportInput,
    ReportOutcome,
    record_field_reports,
)

# The most reports a phone sends in one request (field.html passes it to the script).
BATCH_LIMIT = 50


def _context(request) -> FieldContext:
    context = field_context(user=request.user)
    if context is None:
        raise Http404(_("Akun ini belum ditugaskan ke kelompok plotting."))
    return context


@allow(FIELD_OFFICER)
def field_page(request):
    """One page for the whole shift: the group's TPS, one tap per phase, the incident form.
    Reports are queued on the phone and sent when the network allows."""
    context = _context(request)
    return render(
        request,
        "polling_stations/election_day/field.html",
        {
            "account": context.account,
            "operation": context.operation,
            "stations": selectors.field_stations(account=context.account),
            "phases": PHASES,
            "incident_types": list(context.incident_types.values()),
            "batch_limit": BATCH_LIMIT,
        },
    )


def _batch(request) -> list[tuple[dict, dict]] | str:
    """The reports of the request with their photos, or why they cannot be read: a batch
    is a JSON list in ``reports`` with each photo in ``photo-<client_id>``; a request
    without ``reports`` is one report as form fields."""
    if "reports" not in request.POST:
        return [(request.POST, request.FILES)]
    try:
        items = json.loads(request.POST["reports"])
    except ValueError:
        return _("Kiriman laporan tidak terbaca (bukan JSON).")
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        return _("Kiriman laporan harus berupa daftar laporan.")
    if not 1 <= len(items) <= BATCH_LIMIT:
        return _("Satu kiriman berisi 1 sampai %(limit)d laporan, bukan %(count)d.") % {
            "limit": BATCH_LIMIT,
            "count": len(items),
        }
    batch = []
    for item in items:
        data = {key: "" if value is None else str(value) for key, value in item.items()}
        photo = request.FILES.get(f"photo-{data.get('client_id', '')}")
        batch.append((data, {"photo": photo} if photo else {}))
    return batch


def _named(number: int, data: dict, station, errors: dict[str, list[str]]) -> str:
    """One message naming the report (its place in the batch, TPS and phase) and what is
    wrong with it, for the officer's screen."""
    phase = data.get("phase", "")
    what = ", ".join(
        part
        for part in (
            station.label if station is not None else "",
            str(Phase(phase).label) if phase in Phase.values else "",
        )
        if part
    )
    return _("Laporan ke-%(number)d%(what)s: %(errors)s") % {
        "number": number,
        "what": f" ({what})" if what else "",
        "errors": " ".join(message for messages in errors.values() for message in messages),
    }


@allow(FIELD_OFFICER)
@require_POST
@transaction.non_atomic_requests
def field_report(request):
    """Stores a phone's queued reports, each on its own: the good ones are stored, each
    bad one answered with what is wrong; a report sent again is stored once.

    A batch answers 200 with one result per report (``stored``, ``duplicate`` or
    ``refused`` with its message); one report sent as form fields answers 201, 200 (sent
    before) or 400 with its errors.
    """
    context = _context(request)
    batch = _batch(request)
    if isinstance(batch, str):
        return JsonResponse({"errors": {"reports": [batch]}}, status=400)
    stations, types = context.stations, context.incident_types
    outcomes: list[ReportOutcome | None] = [None] * len(batch)
    inputs, positions, refused = [], [], {}
    for position, (data, files) in enumerate(batch):
        form = FieldReportForm(data, files, stations=stations, incident_types=types)
        if not form.is_valid():
            refused[position] = {field: list(errors) for field, errors in form.errors.items()}
            continue
        cleaned = form.cleaned_data
        incident = None
        if cleaned["status"] == FieldReport.Status.INCIDENT:
            incident = IncidentInput(
                incident_type=cleaned["incident_type"],
                severity=cleaned["severity"],
                description=cleaned["description"],
                photo=cleaned["photo"],
            )
        positions.append(position)
        inputs.append(
            ReportInput(
                client_id=cleaned["client_id"],
                polling_station=cleaned["polling_station"],
                phase=cleaned["phase"],
                reported_at=cleaned["reported_at"],
                latitude=cleaned["latitude"],
                longitude=cleaned["longitude"],
                incident=incident,
            )
        )
    if inputs:
        stored = record_field_reports(
            operation=context.operation, reports=inputs, reporter=request.user
        )
        for position, outcome in zip(positions, stored, strict=True):
            outcomes[position] = outcome
    if "reports" not in request.POST:
        outcome = outcomes[0]
        errors = refused.get(0) or (outcome.errors if outcome else {})
        if errors:
            return JsonResponse({"errors": errors}, status=400)
        assert outcome is not None and outcome.report is not None
        return JsonResponse(
            {
                "id": outcome.report.pk,
                "client_id": str(outcome.report.client_id),
                "duplicate": not outcome.created,
            },
            status=201 if outcome.created else 200,
        )
    results = []
    for position, (data, _files) in enumerate(batch):
        outcome = outcomes[position]
        errors = refused.get(position) or (outcome.errors if outcome else {})
        if errors:
            try:
                station = stations.get(int(data.get("polling_station", "")))
            except ValueError:
                station = None
            results.append(
                {
                    "client_id": data.get("client_id", ""),
                    "result": "refused",
                    "errors": errors,
                    "message": _named(position + 1, data, station, errors),
                }
            )
        else:
            assert outcome is not None and outcome.report is not None
            results.append(
                {
                    "client_id": str(outcome.report.client_id),
                    "id": outcome.report.pk,
                    "result": "stored" if outcome.created else "duplicate",
                }
            )
    return JsonResponse({"results": results})
