"""The Laporan hasil pengamanan from the situation room: requested, watched, downloaded."""

from django.contrib import messages
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agencies.access import COMMANDER, LIAISON, OPERATOR, allow
from agencies.audit.models import AccessRecord
from agencies.audit.services import record_access
from config.documents import DocumentQueueUnavailable
from operations.access import operation_and_unit_or_404

from ..models import ElectionDayReport
from ..selectors.election_day_report import reports_for
from ..services.election_day_report import request_election_day_report

# Partner liaisons pass the role check and meet the unit lookup's 404, so a report's
# address says nothing to them about whether it exists.
POLICE_AND_LIAISONS = (OPERATOR, COMMANDER, LIAISON)


@allow(*POLICE_AND_LIAISONS)
def report_panel(request, operation_slug, unit_slug):
    """The situation room's report panel: request a report, watch it, download it."""
    operation, unit = operation_and_unit_or_404(
        request, operation_slug=operation_slug, unit_slug=unit_slug
    )
    return render(
        request,
        "polling_stations/election_day/_report_panel.html",
        {
            "operation": operation,
            "unit": unit,
            "reports": reports_for(operation=operation, unit=unit),
        },
    )


@allow(*POLICE_AND_LIAISONS)
@require_POST
@transaction.non_atomic_requests
def report_request(request, operation_slug, unit_slug):
    """Queue a report (real data, or the drill's with ``latihan=1``); the room shows it."""
    operation, unit = operation_and_unit_or_404(
        request, operation_slug=operation_slug, unit_slug=unit_slug
    )
    is_exercise = request.POST.get("latihan") == "1"
    try:
        request_election_day_report(
            operation=operation, unit=unit, user=request.user, is_exercise=is_exercise
        )
    except DocumentQueueUnavailable as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Permintaan laporan hasil latihan diterima dan sedang diantrekan.")
            if is_exercise
            else _("Permintaan laporan hasil pengamanan diterima dan sedang diantrekan."),
        )
    return redirect(
        reverse(
            "election_day:room", kwargs={"operation_slug": operation.slug, "unit_slug": unit.slug}
        )
        + "#laporan-hasil"
    )


def _report(request, operation_slug, unit_slug, report_pk) -> ElectionDayReport:
    """The report, found only through the room's own scoping."""
    operation, unit = operation_and_unit_or_404(
        request, operation_slug=operation_slug, unit_slug=unit_slug
    )
    report = get_object_or_404(
        ElectionDayReport.objects.visible_to(request.user).select_related("requested_by"),
        operation=operation,
        unit=unit,
        pk=report_pk,
    )
    # Already read and scoped: no second query per relation when rendering.
    report.operation, report.unit = operation, unit
    return report


@allow(*POLICE_AND_LIAISONS)
def report_status(request, operation_slug, unit_slug, report_pk):
    """The report's row, polled by htmx until it is done or failed."""
    return render(
        request,
        "documents/_request_row.html",
        {
            "document": _report(request, operation_slug, unit_slug, report_pk),
            "exercise_column": True,
        },
    )


@allow(*POLICE_AND_LIAISONS)
def report_download(request, operation_slug, unit_slug, report_pk):
    report = _report(request, operation_slug, unit_slug, report_pk)
    if report.status != ElectionDayReport.Status.DONE or not report.file:
        raise Http404(_("Laporan hasil pengamanan belum selesai."))
    record_access(
        request,
        kind=AccessRecord.Kind.ELECTION_DAY_REPORT,
        unit=report.unit,
        subject=f"{report.operation} #{report.pk}" + (" (latihan)" if report.is_exercise else ""),
    )
    return FileResponse(
        report.file.open("rb"),
        as_attachment=True,
        filename=report.filename,
        content_type="application/pdf",
    )
