"""TPS import pages: upload, progress and rejected rows."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render

from agencies.access import OPERATOR, allow

from .. import selectors, services
from ..forms import TpsImportForm
from ..models import TpsImport


@allow(OPERATOR)
def tps_import_create(request):
    """Upload a TPS file for the operator's unit; the import runs in the background."""
    form = TpsImportForm(request.POST or None, request.FILES or None, access=request.access)
    if request.method == "POST" and form.is_valid():
        tps_import = services.create_tps_import(
            upload=form.cleaned_data["file"],
            election=form.cleaned_data["election"],
            unit=form.cleaned_data["unit"],
            user=request.user,
            skip_invalid=form.cleaned_data["skip_invalid"],
        )
        return redirect("polling_stations:tps_import_detail", import_pk=tps_import.pk)
    return render(
        request,
        "polling_stations/tps_import_form.html",
        {"form": form, "imports": selectors.tps_imports_for(user=request.user)},
    )


def _visible_import(request, import_pk: int) -> TpsImport:
    return get_object_or_404(
        TpsImport.objects.visible_to(request.user).select_related("election", "unit"), pk=import_pk
    )


@allow(OPERATOR)
def tps_import_detail(request, import_pk: int):
    return render(
        request,
        "polling_stations/tps_import_detail.html",
        {"tps_import": _visible_import(request, import_pk)},
    )


@allow(OPERATOR)
def tps_import_progress(request, import_pk: int):
    """The progress panel alone, polled by htmx every second until the import finishes."""
    return render(
        request,
        "polling_stations/_tps_import_progress.html",
        {"tps_import": _visible_import(request, import_pk)},
    )


@allow(OPERATOR)
def tps_import_rejects(request, import_pk: int):
    tps_import = _visible_import(request, import_pk)
    if not tps_import.rejects_file:
        raise Http404
    return FileResponse(
        tps_import.rejects_file.open("rb"),
        as_attachment=True,
        filename=tps_import.rejects_file.name.rsplit("/", 1)[-1],
        content_type="text/csv; charset=utf-8",
    )
