"""Plotting pages and the Daftar Plotting PDF requests."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agencies.access import COMMANDER, OPERATOR, allow
from agencies.audit.models import AccessRecord
from agencies.audit.services import record_access
from config import documents
from config.documents import DocumentQueueUnavailable
from config.errors import InvalidInput
from operations.access import operation_and_unit_or_404
from operations.models import Operation

from .. import forms, selectors, services
from ..models import PlottingDocument, PlottingGroup, PollingStation
from .personnel import _operated


@allow(OPERATOR, COMMANDER)
def plotting(request, operation_slug, unit_slug):
    operation, unit = operation_and_unit_or_404(
        request, operation_slug=operation_slug, unit_slug=unit_slug
    )
    record_access(request, kind=AccessRecord.Kind.PLOTTING, unit=unit, subject=str(operation))
    return render(
        request,
        "polling_stations/plotting.html",
        {
            "operation": operation,
            "unit": unit,
            "table": selectors.plotting_table(
                operation=operation, unit=unit, polsek_slug=request.GET.get("polsek", "")
            ),
            "can_edit": request.access.can_operate(unit),
            # One reverse, not one per group row: the group's id completes the address.
            "group_url_prefix": reverse(
                "polling_stations:plotting_group", args=[operation.slug, 0]
            ).removesuffix("0/"),
            "documents": selectors.plotting_documents(operation=operation, unit=unit),
        },
    )


@allow(OPERATOR)
@require_POST
def plotting_propose(request, operation_slug, unit_slug):
    operation, unit = _operated(request, operation_slug, unit_slug)
    total = services.propose_plotting_for_unit(operation=operation, unit=unit)
    messages.success(
        request, _("%(count)s kelompok plotting diusulkan dari pola pengamanan.") % {"count": total}
    )
    return redirect("polling_stations:plotting", operation_slug=operation.slug, unit_slug=unit.slug)


@allow(OPERATOR, COMMANDER)
@require_POST
@transaction.non_atomic_requests
def plotting_document_request(request, operation_slug, unit_slug):
    """Queue the Daftar Plotting PDF; the plotting page shows its progress."""
    operation, unit = operation_and_unit_or_404(
        request, operation_slug=operation_slug, unit_slug=unit_slug
    )
    try:
        services.request_plotting_document(operation=operation, unit=unit, user=request.user)
    except DocumentQueueUnavailable as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Permintaan Daftar Plotting diterima dan sedang diantrekan."))
    return redirect("polling_stations:plotting", operation_slug=operation.slug, unit_slug=unit.slug)


def _plotting_document(request, operation_slug, unit_slug, document_pk) -> PlottingDocument:
    """The document, found only through the plotting page's own scoping."""
    operation, unit = operation_and_unit_or_404(
        request, operation_slug=operation_slug, unit_slug=unit_slug
    )
    document = get_object_or_404(
        PlottingDocument.objects.select_related("requested_by"),
        operation=operation,
        unit=unit,
        pk=document_pk,
    )
    # Already read and scoped: no second query per relation when rendering.
    document.operation, document.unit = operation, unit
    return document


@allow(OPERATOR, COMMANDER)
def plotting_document_status(request, operation_slug, unit_slug, document_pk):
    """The document's row, polled by htmx until it is done or failed."""
    return render(
        request,
        "documents/_request_row.html",
        {
            "document": _plotting_document(request, operation_slug, unit_slug, document_pk),
            "testid": "plotting-document",
            "finished_column": True,
        },
    )


@allow(OPERATOR, COMMANDER)
def plotting_document_download(request, operation_slug, unit_slug, document_pk):
    document = _plotting_document(request, operation_slug, unit_slug, document_pk)
    response = documents.download(document, not_ready=_("Daftar Plotting belum selesai."))
    record_access(
        request,
        kind=AccessRecord.Kind.PLOTTING_DOCUMENT,
        unit=document.unit,
        subject=f"{document.operation} #{document.pk}",
    )
    return response


@allow(OPERATOR)
def plotting_group(request, operation_slug, group_pk):
    operation = get_object_or_404(Operation.objects.visible_to(request.user), slug=operation_slug)
    group = get_object_or_404(
        PlottingGroup.objects.select_related("polsek").prefetch_related("officers"),
        operation=operation,
        pk=group_pk,
    )
    if not request.access.can_operate(group.polsek):
        raise Http404
    if request.method == "POST" and request.POST.get("move_tps"):
        if not request.POST["move_tps"].isdigit():
            raise InvalidInput(
                _("TPS yang akan dipindahkan tidak dikenali (move_tps=%(value)s).")
                % {"value": request.POST["move_tps"][:40]}
            )
        station = get_object_or_404(
            PollingStation.objects.filter(
                election__in=operation.elections.all(), polsek=group.polsek
            ),
            pk=request.POST["move_tps"],
        )
        services.move_station_to_group(polling_station=station, group=group)
        messages.success(
            request,
            _("%(tps)s dipindahkan ke %(group)s.")
            % {
                "tps": station.label,
                "group": group,
            },
        )
        return redirect(
            "polling_stations:plotting_group", operation_slug=operation.slug, group_pk=group.pk
        )
    form = forms.PlottingGroupForm(
        request.POST or None,
        polsek=group.polsek,
        initial={
            "name": group.name,
            "officer_count": group.officer_count,
            "officers": list(group.officers.all()),
            "note": group.note,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_plotting_group(group=group, **form.cleaned_data)
            messages.success(request, _("Kelompok plotting disimpan."))
            return redirect(
                "polling_stations:plotting",
                operation_slug=operation.slug,
                unit_slug=group.polsek.slug,
            )
        except ValidationError as error:
            form.add_error(None, error)
    if request.method == "GET":
        record_access(
            request, kind=AccessRecord.Kind.PLOTTING, unit=group.polsek, subject=str(group)
        )
    members = list(
        group.polling_stations.select_related("village").order_by("village_id", "number")
    )
    others = list(
        PollingStation.objects.filter(election__in=operation.elections.all(), polsek=group.polsek)
        .exclude(pk__in=[s.pk for s in members])
        .select_related("village")
        .order_by("village_id", "number")
    )
    return render(
        request,
        "polling_stations/plotting_group.html",
        {
            "operation": operation,
            "group": group,
            "form": form,
            "members": members,
            "others": others,
        },
    )
