"""The field officer's phone page and the endpoint its queued reports are sent to."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agencies.access import FIELD_OFFICER, allow

from ..forms import FieldReportForm
from ..models import PollingStation
from ..models.election_day import PHASES, FieldReport
from ..selectors import election_day as selectors
from ..services.election_day import IncidentInput, record_field_report


def _account(request):
    account = selectors.field_assignment(user=request.user)
    if account is None:
        raise Http404(_("Akun ini belum ditugaskan ke kelompok plotting."))
    return account


@allow(FIELD_OFFICER)
def field_page(request):
    """One page for the whole shift: the group's TPS, one tap per phase, the incident form.
    Reports are queued on the phone and sent when the network allows."""
    account = _account(request)
    return render(
        request,
        "polling_stations/election_day/field.html",
        {
            "account": account,
            "operation": account.group.operation,
            "stations": selectors.field_stations(account=account),
            "phases": PHASES,
            "incident_types": selectors.incident_types(),
        },
    )


@allow(FIELD_OFFICER)
@require_POST
@transaction.non_atomic_requests
def field_report(request):
    """Stores one queued report; the same report sent again answers 200 and stores nothing."""
    account = _account(request)
    stations = PollingStation.objects.filter(plottingassignment__group=account.group)
    form = FieldReportForm(request.POST, request.FILES, stations=stations)
    if not form.is_valid():
        return JsonResponse(
            {"errors": {field: list(errors) for field, errors in form.errors.items()}},
            status=400,
        )
    data = form.cleaned_data
    incident = None
    if data["status"] == FieldReport.Status.INCIDENT:
        incident = IncidentInput(
            incident_type=data["incident_type"],
            severity=data["severity"],
            description=data["description"],
            photo=data["photo"],
        )
    try:
        report, created = record_field_report(
            client_id=data["client_id"],
            operation=account.group.operation,
            polling_station=data["polling_station"],
            phase=data["phase"],
            reported_at=data["reported_at"],
            reporter=request.user,
            latitude=data["latitude"],
            longitude=data["longitude"],
            incident=incident,
        )
    except ValidationError as exc:
        return JsonResponse({"errors": exc.message_dict}, status=400)
    return JsonResponse(
        {"id": report.pk, "client_id": str(report.client_id), "duplicate": not created},
        status=201 if created else 200,
    )
