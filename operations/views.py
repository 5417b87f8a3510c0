from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.access import AUTHENTICATED, COMMANDER, FIELD_OFFICER, OPERATOR, allow
from agencies.audit.models import AccessRecord
from agencies.audit.services import record_access
from config import documents
from config.documents import DocumentQueueUnavailable

from . import selectors, services
from .access import operation_and_unit_or_404
from .forms import ReadinessTargetForm
from .models import Operation, ReadinessReport


@allow(AUTHENTICATED, FIELD_OFFICER)
def home(request):
    """Each role's starting page: the operations and meetings it may see; a field officer's
    is their TPS page."""
    if request.access.is_field_only:
        return redirect("election_day:field")
    upcoming, recent = selectors.home_meetings(user=request.user)
    return render(
        request,
        "operations/home.html",
        {
            "operations": selectors.operations_for_home(user=request.user),
            "upcoming_meetings": upcoming,
            "recent_meetings": recent,
        },
    )


# --- Readiness reports and the commander's dashboard -----------------------------------


def _target_form(request, data=None, initial=None) -> ReadinessTargetForm:
    return ReadinessTargetForm(
        data,
        initial=initial,
        operations=Operation.objects.visible_to(request.user).order_by("-starts_on", "name"),
        units=selectors.report_unit_choices(user=request.user),
        unit_options=selectors.report_unit_options(user=request.user),
    )


@allow(OPERATOR, COMMANDER)
def readiness_index(request, target: str = "report"):
    """The operations and units the user may open a report or a dashboard for; a chosen
    operation and unit (own or below) opens that unit's reports."""
    form = None
    if target == "report":
        chosen = "operation" in request.GET or "unit" in request.GET
        form = _target_form(request, request.GET if chosen else None)
        if chosen and form.is_valid():
            operation, unit = form.cleaned_data["operation"], form.cleaned_data["unit"]
            url = reverse("operations:readiness_reports", args=[operation.slug])
            return redirect(f"{url}?unit={unit.slug}")
    return render(
        request,
        "operations/readiness_index.html",
        {"pairs": selectors.readiness_pairs(user=request.user), "target": target, "form": form},
    )


def _request_message(request, report: ReadinessReport, asked_at) -> None:
    """Says what actually happened to the request, read from the report's state."""
    if report.status == ReadinessReport.Status.DONE:
        messages.success(request, _("Laporan selesai dibuat dan siap diunduh."))
    elif report.status == ReadinessReport.Status.FAILED:
        messages.error(request, _("Laporan gagal dibuat: %(reason)s") % {"reason": report.error})
    elif report.requested_at < asked_at:
        messages.info(
            request,
            _(
                "Permintaan sebelumnya untuk satuan ini masih diproses; "
                "statusnya tampil di bawah, tidak dibuat permintaan kedua."
            ),
        )
    elif report.status == ReadinessReport.Status.RUNNING:
        messages.info(request, _("Laporan sedang dibuat; statusnya tampil di bawah."))
    else:
        messages.info(request, _("Permintaan laporan diterima dan masuk antrean."))


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
        asked_at = timezone.now()
        try:
            report = services.request_readiness_report(
                operation=operation, unit=unit, user=request.user
            )
        except DocumentQueueUnavailable as exc:
            messages.error(request, str(exc))
        else:
            report.refresh_from_db()
            _request_message(request, report, asked_at)
        return redirect(url)
    return render(
        request,
        "operations/readiness_reports.html",
        {
            "operation": operation,
            "unit": unit,
            "form": _target_form(request, initial={"operation": operation, "unit": unit}),
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
        "documents/_request_row.html",
        {
            "document": _visible_report(request, operation_slug, report_pk),
            "finished_column": True,
            "checksum_column": True,
        },
    )


@allow(OPERATOR, COMMANDER)
def readiness_report_download(request, operation_slug, report_pk):
    report = _visible_report(request, operation_slug, report_pk)
    response = documents.download(report, not_ready=_("Laporan belum selesai."))
    record_access(
        request,
        kind=AccessRecord.Kind.READINESS_REPORT,
        unit=report.unit,
        subject=f"{report.operation} #{report.pk}",
    )
    return response


@allow(OPERATOR, COMMANDER)
def commander_dashboard(request, operation_slug, unit_slug):
    operation, unit = operation_and_unit_or_404(
        request, operation_slug=operation_slug, unit_slug=unit_slug
    )
    context = selectors.commander_dashboard(operation=operation, unit=unit)
    # One reverse for every unit below, not one per row: the unit's slug completes it.
    child_url_prefix = reverse("operations:dashboard", args=[operation.slug, "0"])
    return render(
        request,
        "operations/dashboard.html",
        {
            "operation": operation,
            "unit": unit,
            "child_url_prefix": child_url_prefix.removesuffix("0/"),
            **context,
        },
    )
