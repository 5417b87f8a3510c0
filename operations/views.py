from django.contrib import messages
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from agencies.access import AUTHENTICATED, COMMANDER, FIELD_OFFICER, OPERATOR, allow
from config.documents import DocumentQueueUnavailable

from . import selectors, services
from .access import operation_and_unit_or_404
from .models import ReadinessReport


@allow(AUTHENTICATED, FIELD_OFFICER)
def home(request):
    """Each role's starting page: the operations and meetings it may see; a field officer's
    is their TPS page."""
    if request.access.is_field_only:
        return redirect("election_day:field")
    return render(
        request,
        "operations/home.html",
        {
            "operations": selectors.operations_for_home(user=request.user),
            "upcoming_meetings": selectors.upcoming_meetings_for_home(user=request.user),
            "recent_meetings": selectors.recent_meetings_for_home(user=request.user),
        },
    )


# --- Readiness reports and the commander's dashboard -----------------------------------


@allow(OPERATOR, COMMANDER)
def readiness_index(request, target: str = "report"):
    """The operations and units the user may open a report or a dashboard for."""
    return render(
        request,
        "operations/readiness_index.html",
        {"pairs": selectors.readiness_pairs(user=request.user), "target": target},
    )


@allow(OPERATOR, COMMANDER)
@transaction.non_atomic_requests
def readiness_reports(request, operation_slug):
    """The unit's reports: request one (POST), watch it, download finished ones."""
    unit_slug = request.POST.get("unit") or request.GET.get("unit")
    if not unit_slug:
        units = selectors.readiness_units_for(user=request.user)
        unit_slug = units[0].slug if units else None
    operation, unit = operation_and_unit_or_404(
        request, operation_slug=operation_slug, unit_slug=unit_slug
    )
    url = f"{reverse('operations:readiness_reports', args=[operation.slug])}?unit={unit.slug}"
    if request.method == "POST":
        try:
            services.request_readiness_report(operation=operation, unit=unit, user=request.user)
        except DocumentQueueUnavailable as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Permintaan laporan diterima dan sedang diantrekan."))
        return redirect(url)
    return render(
        request,
        "operations/readiness_reports.html",
        {
            "operation": operation,
            "unit": unit,
            "reports": selectors.finished_reports(
                operation=operation, unit=unit, user=request.user
            ),
        },
    )


def _visible_report(request, operation_slug, report_pk) -> ReadinessReport:
    return get_object_or_404(
        ReadinessReport.objects.visible_to(request.user).select_related(
            "operation", "unit__seat", "unit__parent", "requested_by"
        ),
        pk=report_pk,
        operation__slug=operation_slug,
    )


@allow(OPERATOR, COMMANDER)
def readiness_report_status(request, operation_slug, report_pk):
    """The report's row, polled by htmx until it is done or failed."""
    return render(
        request,
        "operations/_report_row.html",
        {"report": _visible_report(request, operation_slug, report_pk)},
    )


@allow(OPERATOR, COMMANDER)
def readiness_report_download(request, operation_slug, report_pk):
    report = _visible_report(request, operation_slug, report_pk)
    if report.status != ReadinessReport.Status.DONE or not report.file:
        raise Http404(_("Laporan belum selesai."))
    return FileResponse(
        report.file.open("rb"),
        as_attachment=True,
        filename=report.filename,
        content_type="application/pdf",
    )


@allow(OPERATOR, COMMANDER)
def commander_dashboard(request, operation_slug, unit_slug):
    operation, unit = operation_and_unit_or_404(
        request, operation_slug=operation_slug, unit_slug=unit_slug
    )
    context = selectors.commander_dashboard(operation=operation, unit=unit)
    return render(
        request, "operations/dashboard.html", {"operation": operation, "unit": unit, **context}
    )
