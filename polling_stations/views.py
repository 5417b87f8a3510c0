"""Polling-station pages."""

import csv
import tempfile

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agencies.access import COMMANDER, OPERATOR, allow
from agencies.models import Agency
from config.documents import DocumentQueueUnavailable
from operations.access import operation_and_unit_or_404
from operations.models import Election, Operation

from . import forms, selectors, services
from .forms import TpsImportForm
from .models import PlottingDocument, PlottingGroup, PollingStation, TpsImport
from .plotting_pdf import plotting_sections

# --- TPS import ---------------------------------------------------------------------------


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


PAGE_SIZE = 50
EXPORT_COLUMNS = [
    "kode_desa",
    "no_tps",
    "alamat",
    "dpt",
    "latitude",
    "longitude",
    "jenis",
    "lokasi_khusus",
    "kategori",
    "kategori_usulan",
    "desa",
    "kecamatan",
    "polsek",
]


def _filter_context(request):
    """Parses the TPS filters shared by the list, the map, the exports and the JSON.

    Choices are scoped to the user: elections, the region tree under the chosen
    levels, the Polsek of their subtree, the active indicators of the election.
    """
    elections = list(Election.objects.order_by("-voting_day"))
    if not elections:
        return None
    chosen = request.GET.get("election")
    election = next((e for e in elections if str(e.pk) == chosen), elections[0])
    selected_region = ""
    for level in ("provinsi", "kabupaten", "kecamatan", "desa"):
        code = request.GET.get(level, "")
        if code and (not selected_region or code.startswith(selected_region + ".")):
            selected_region = code
    regions = selectors.region_options(selected=selected_region)
    polseks = selectors.police_units_for(user=request.user).filter(kind=Agency.Kind.POLSEK)
    if len(selected_region) >= 5:
        polseks = polseks.filter(regions__code__startswith=selected_region[:5]).distinct()
    elif request.access.is_admin:
        # Thousands of Polsek nationwide: offered once a kabupaten is chosen.
        polseks = polseks.none()
    indicators = selectors.active_indicators(election=election)
    data = request.GET.copy()
    data.setdefault("election", str(election.pk))
    form = forms.TpsFilterForm(
        data,
        elections=elections,
        regions=regions,
        polseks=list(polseks.only("pk", "short_name").order_by("short_name")),
        indicators=indicators,
    )
    filters = form.filters()
    stations = selectors.polling_station_list(user=request.user, election=election, filters=filters)
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "form": form,
        "election": election,
        "filters": filters,
        "stations": stations,
        "querystring": query.urlencode(),
    }


def _no_election(request):
    return render(request, "polling_stations/no_election.html")


@allow(OPERATOR, COMMANDER)
def tps_list(request):
    context = _filter_context(request)
    if context is None:
        return _no_election(request)
    page = selectors.paginate_stations(context["stations"], request.GET.get("page"), PAGE_SIZE)
    context["page"] = page
    return render(request, "polling_stations/tps_list.html", context)


def _export_rows(stations):
    rows = stations.order_by("village_id", "number").values_list(
        "village_id",
        "number",
        "address",
        "registered_voters",
        "latitude",
        "longitude",
        "kind",
        "special_location",
        "category",
        "suggested_category",
        "village__name",
        "village__parent__name",
        "polsek__short_name",
    )
    for row in rows.iterator(chunk_size=5000):
        row = list(row)
        row[0] = row[0].replace(".", "")
        row[1] = f"{row[1]:03d}"
        yield ["" if value is None else value for value in row]


class _Echo:
    def write(self, value):
        return value


@allow(OPERATOR, COMMANDER)
def export_csv(request):
    """Streams the filtered TPS as CSV, in the import's column order (re-importable)."""
    context = _filter_context(request)
    if context is None:
        return _no_election(request)
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff"  # Excel reads UTF-8 only with a BOM.
        yield writer.writerow(EXPORT_COLUMNS)
        for row in _export_rows(context["stations"]):
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="tps-{context["election"].slug}.csv"'
    return response


@allow(OPERATOR, COMMANDER)
def export_xlsx(request):
    from openpyxl import Workbook

    context = _filter_context(request)
    if context is None:
        return _no_election(request)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("TPS")
    sheet.append(EXPORT_COLUMNS)
    for row in _export_rows(context["stations"]):
        sheet.append([float(v) if hasattr(v, "as_tuple") else v for v in row])
    # FileResponse closes (and so deletes) the file once it is sent.
    handle = tempfile.TemporaryFile()  # noqa: SIM115
    workbook.save(handle)
    handle.seek(0)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"tps-{context['election'].slug}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


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
    data = selectors.map_data(stations=context["stations"], limit=selectors.MAP_MARKER_LIMIT)
    data["labels"] = dict(PollingStation.Category.choices)
    data["detail_url"] = reverse("polling_stations:detail", kwargs={"tps_pk": 0})
    return JsonResponse(data)


# ---- One TPS: indicators and category override ------------------------------------------------


def _detail_context(request, station, **extra):
    indicators = selectors.active_indicators(election=station.election)
    editable = PollingStation.objects.editable_by(request.user).filter(pk=station.pk).exists()
    return {
        "station": station,
        "editable": editable,
        "override_form": forms.CategoryOverrideForm(initial={"category": station.category}),
        "lift_form": forms.LiftOverrideForm(),
        "report_form": forms.IndicatorReportForm(indicators=indicators),
        **extra,
    }


@allow(OPERATOR, COMMANDER)
def tps_detail(request, tps_pk):
    station = selectors.polling_station_detail(user=request.user, pk=tps_pk)
    return render(request, "polling_stations/tps_detail.html", _detail_context(request, station))


@allow(OPERATOR)
@require_POST
def tps_category(request, tps_pk):
    station = get_object_or_404(PollingStation.objects.editable_by(request.user), pk=tps_pk)
    lifting = request.POST.get("action") == "lift"
    form = (forms.LiftOverrideForm if lifting else forms.CategoryOverrideForm)(request.POST)
    if form.is_valid():
        try:
            if lifting:
                services.lift_category_override(
                    polling_station=station, reason=form.cleaned_data["reason"], user=request.user
                )
                messages.success(request, _("Penetapan dicabut; kategori mengikuti aturan."))
            else:
                services.override_category(
                    polling_station=station,
                    category=form.cleaned_data["category"],
                    reason=form.cleaned_data["reason"],
                    user=request.user,
                )
                messages.success(request, _("Kategori TPS ditetapkan."))
            return redirect("polling_stations:detail", tps_pk=station.pk)
        except ValidationError as error:
            form.add_error(None, error)
    station = selectors.polling_station_detail(user=request.user, pk=tps_pk)
    key = "lift_form" if lifting else "override_form"
    return render(
        request,
        "polling_stations/tps_detail.html",
        _detail_context(request, station, **{key: form}),
        status=400,
    )


@allow(OPERATOR)
@require_POST
def tps_indicator(request, tps_pk):
    station = get_object_or_404(
        PollingStation.objects.editable_by(request.user).select_related("election"), pk=tps_pk
    )
    indicators = selectors.active_indicators(election=station.election)
    if request.POST.get("remove"):
        station.indicator_reports.filter(pk=request.POST["remove"]).delete()
        messages.success(request, _("Laporan indikator dihapus."))
        return redirect("polling_stations:detail", tps_pk=station.pk)
    form = forms.IndicatorReportForm(request.POST, indicators=indicators)
    if form.is_valid():
        try:
            services.report_indicator(
                polling_station=station,
                indicator=form.cleaned_data["indicator"],
                user=request.user,
                source_agency=form.cleaned_data["source_agency"],
                reported_on=form.cleaned_data["reported_on"],
                note=form.cleaned_data["note"],
            )
            messages.success(request, _("Indikator dicatat."))
            return redirect("polling_stations:detail", tps_pk=station.pk)
        except ValidationError as error:
            form.add_error(None, error)
    station = selectors.polling_station_detail(user=request.user, pk=tps_pk)
    return render(
        request,
        "polling_stations/tps_detail.html",
        _detail_context(request, station, report_form=form),
        status=400,
    )


# ---- Summaries --------------------------------------------------------------------------------

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
    below them (Polsek are reached from their Polres)."""
    units = selectors.police_units_for(user=request.user).filter(
        kind__in=[Agency.Kind.MABES_POLRI, Agency.Kind.POLDA, Agency.Kind.POLRES]
    )
    own = [u.pk for u in request.access.police_units]
    return list(
        (units | Agency.objects.filter(pk__in=own))
        .distinct()
        .only("pk", "slug", "short_name", "path", "kind")
    )


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
    elections = list(Election.objects.order_by("-voting_day"))
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
    elections = list(Election.objects.order_by("-voting_day"))
    if not elections:
        return _no_election(request)
    election, units, unit = _summary_scope(request, elections)
    level = request.GET.get("level") or "kecamatan"
    if level not in dict(INDICATOR_LEVELS):
        level = "kecamatan"
    indicators, rows = selectors.indicator_rollup(election=election, unit=unit, level=level)
    for row in rows:
        row.cells = [row.per_indicator.get(indicator.pk, 0) for indicator in indicators]
    totals = [sum(row.cells[i] for row in rows) for i in range(len(indicators))]
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
            "indicators": indicators,
            "rows": rows,
            "totals": totals,
            "flagged_total": sum(row.stations_flagged for row in rows),
        },
    )


# ---- Personnel ---------------------------------------------------------------------------------


@allow(OPERATOR, COMMANDER)
def personnel_index(request):
    operations = list(Operation.objects.visible_to(request.user).order_by("-starts_on")[:20])
    units = _summary_units(request)
    if request.access.is_admin and not request.access.police_units:
        units = [u for u in units if u.kind in (Agency.Kind.MABES_POLRI, Agency.Kind.POLDA)]
    return render(
        request,
        "polling_stations/personnel_index.html",
        {"operations": operations, "units": sorted(units, key=lambda u: u.path)},
    )


@allow(OPERATOR, COMMANDER)
def personnel(request, operation_slug, unit_slug):
    operation, unit = operation_and_unit_or_404(
        request, operation_slug=operation_slug, unit_slug=unit_slug
    )
    requirement = selectors.personnel_requirement(operation=operation, unit=unit)
    can_edit = request.access.can_operate(unit)
    return render(
        request,
        "polling_stations/personnel.html",
        {
            "operation": operation,
            "unit": unit,
            "req": requirement,
            "can_edit": can_edit,
            "can_edit_pattern": can_edit and unit.kind in (Agency.Kind.POLDA, Agency.Kind.POLRES),
            "pattern_form": forms.SecurityPatternForm(),
            "strength_form": forms.UnitStrengthForm(
                initial={"personnel": requirement.totals.strength}
            ),
            "policy_form": forms.PersonnelPolicyForm(
                initial={
                    "reserve_platoons_per_polsek": requirement.reserve_platoons_per_polsek,
                    "reserve_platoon_size": requirement.reserve_platoon_size,
                }
            ),
        },
    )


def _operated(request, operation_slug, unit_slug):
    operation, unit = operation_and_unit_or_404(
        request, operation_slug=operation_slug, unit_slug=unit_slug
    )
    if not request.access.can_operate(unit):
        raise Http404
    return operation, unit


@allow(OPERATOR)
@require_POST
def personnel_pattern(request, operation_slug, unit_slug):
    operation, unit = _operated(request, operation_slug, unit_slug)
    if unit.kind not in (Agency.Kind.POLDA, Agency.Kind.POLRES):
        raise Http404
    form = forms.SecurityPatternForm(request.POST)
    if form.is_valid():
        try:
            services.set_security_pattern(
                operation=operation,
                unit=unit,
                category=form.cleaned_data["category"],
                police_per_group=form.cleaned_data["police_per_group"],
                tps_per_group=form.cleaned_data["tps_per_group"],
                linmas_per_group=form.cleaned_data["linmas_per_group"],
                source=form.cleaned_data["source"],
            )
            messages.success(request, _("Pola pengamanan %(unit)s disimpan.") % {"unit": unit})
        except ValidationError as error:
            messages.error(request, "; ".join(error.messages))
    else:
        messages.error(request, _("Pola tidak disimpan: %(errors)s") % {"errors": _errors(form)})
    return redirect(
        "polling_stations:personnel", operation_slug=operation.slug, unit_slug=unit.slug
    )


@allow(OPERATOR)
@require_POST
def personnel_strength(request, operation_slug, unit_slug):
    operation, unit = _operated(request, operation_slug, unit_slug)
    form = forms.UnitStrengthForm(request.POST)
    if form.is_valid():
        services.set_unit_strength(
            operation=operation,
            unit=unit,
            personnel=form.cleaned_data["personnel"],
            note=form.cleaned_data["note"],
        )
        messages.success(request, _("Kekuatan personel disimpan."))
    else:
        messages.error(
            request, _("Kekuatan tidak disimpan: %(errors)s") % {"errors": _errors(form)}
        )
    return redirect(
        "polling_stations:personnel", operation_slug=operation.slug, unit_slug=unit.slug
    )


@allow(OPERATOR)
@require_POST
def personnel_policy(request, operation_slug, unit_slug):
    operation, unit = _operated(request, operation_slug, unit_slug)
    if not request.access.can_operate(operation.commanding_unit):
        raise Http404
    form = forms.PersonnelPolicyForm(request.POST)
    if form.is_valid():
        services.set_personnel_policy(operation=operation, **form.cleaned_data)
        messages.success(request, _("Ketentuan peleton cadangan disimpan."))
    else:
        messages.error(
            request, _("Ketentuan tidak disimpan: %(errors)s") % {"errors": _errors(form)}
        )
    return redirect(
        "polling_stations:personnel", operation_slug=operation.slug, unit_slug=unit.slug
    )


@allow(OPERATOR)
@require_POST
def personnel_recompute(request, operation_slug, unit_slug):
    operation, unit = _operated(request, operation_slug, unit_slug)
    stations = PollingStation.objects.filter(election__in=operation.elections.all()).in_area_of(
        unit
    )
    count = services.recompute_categories(operation=operation, stations=stations)
    messages.success(request, _("Kategori usulan %(count)s TPS dihitung ulang.") % {"count": count})
    return redirect(
        "polling_stations:personnel", operation_slug=operation.slug, unit_slug=unit.slug
    )


def _errors(form) -> str:
    return "; ".join(
        f"{form.fields[name].label if name in form.fields else ''}: {' '.join(errors)}".lstrip(": ")
        for name, errors in form.errors.items()
    )


# ---- Plotting ----------------------------------------------------------------------------------


@allow(OPERATOR, COMMANDER)
def plotting(request, operation_slug, unit_slug):
    operation, unit = operation_and_unit_or_404(
        request, operation_slug=operation_slug, unit_slug=unit_slug
    )
    return render(
        request,
        "polling_stations/plotting.html",
        {
            "operation": operation,
            "unit": unit,
            "sections": plotting_sections(operation=operation, unit=unit),
            "can_edit": request.access.can_operate(unit),
            "documents": selectors.plotting_documents(operation=operation, unit=unit),
        },
    )


@allow(OPERATOR)
@require_POST
def plotting_propose(request, operation_slug, unit_slug):
    operation, unit = _operated(request, operation_slug, unit_slug)
    polseks = (
        [unit]
        if unit.kind == Agency.Kind.POLSEK
        else list(Agency.objects.subtree_of(unit).filter(kind=Agency.Kind.POLSEK))
    )
    total = 0
    for polsek in polseks:
        total += len(services.propose_plotting(operation=operation, polsek=polsek))
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
        "polling_stations/_plotting_document_row.html",
        {"document": _plotting_document(request, operation_slug, unit_slug, document_pk)},
    )


@allow(OPERATOR, COMMANDER)
def plotting_document_download(request, operation_slug, unit_slug, document_pk):
    document = _plotting_document(request, operation_slug, unit_slug, document_pk)
    if document.status != PlottingDocument.Status.DONE or not document.file:
        raise Http404(_("Daftar Plotting belum selesai."))
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.filename,
        content_type="application/pdf",
    )


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
