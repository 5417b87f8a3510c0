"""The TPS list, its exports and one TPS's page (indicators, category override)."""

import csv
import datetime
import tempfile

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_form
from django import forms as django_forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agencies.access import COMMANDER, OPERATOR, allow
from agencies.audit.models import AccessRecord
from agencies.audit.services import record_access
from agencies.choice_lists import cached_list
from config.errors import InvalidInput
from config.exports import safe_row, xlsx_row

from .. import forms, selectors, services
from ..filters import TpsFilter
from ..models import PollingStation
from ..tps_file.reading import COLUMN_FIELDS, COLUMNS

PAGE_SIZE = 50
EXPORT_COLUMNS = [
    *COLUMNS,
    "kategori_usulan",
    "desa",
    "kecamatan",
    "polsek",
]


# What narrows the TPS beyond the election (the election is chosen before filtering).
NARROWING_PARAMETERS = frozenset(TpsFilter.base_filters) - {"election"}


def _filter_context(request, *, form: bool = True):
    """The TPS filters shared by the list, the map, the exports and the JSON. Without
    ``form`` (the map's data, the exports: nothing draws the form) and with no filter
    chosen, the filter's choices (regions, Polsek, indicators) are not read at all; with
    ``form`` and no filter chosen, the form's fields come drawn from the cache."""
    elections = selectors.elections()
    if not elections:
        return None
    chosen = request.GET.get("election")
    election = next((e for e in elections if str(e.pk) == chosen), elections[0])
    stations = selectors.polling_station_list(user=request.user, election=election)
    query = request.GET.copy()
    query.pop("page", None)
    if not any(request.GET.get(name) for name in NARROWING_PARAMETERS):
        context = {
            "election": election,
            "stations": stations,
            "only_area_chosen": True,
            "querystring": query.urlencode(),
        }
        if form:
            context["filter_fields"] = _unnarrowed_filter_fields(request, election, elections)
        return context
    tps_filter = _tps_filter(request, stations, election, elections)
    context = {
        "election": election,
        "stations": tps_filter.qs,
        "only_area_chosen": tps_filter.only_area_chosen,
        "querystring": query.urlencode(),
    }
    if form:
        context["filter_fields"] = _filter_fields(tps_filter.form)
    return context


def _tps_filter(request, stations, election, elections) -> TpsFilter:
    return TpsFilter(
        request.GET, queryset=stations, request=request, election=election, elections=elections
    )


def _filter_fields(form) -> str:
    return render_to_string("polling_stations/_filter_fields.html", {"form": form})


def _unnarrowed_filter_fields(request, election, elections) -> str:
    """The filter's fields with nothing chosen but the election: the same for every user
    of the same units (their Polsek are among the choices), kept among the choice lists
    (stale on every write to regions, units, elections or indicators)."""
    key = ":".join(
        [
            "tps-filter-fields",
            str(election.pk),
            translation.get_language() or "",
            selectors.unit_scope(user=request.user),
        ]
    )
    html = cached_list(
        key,
        lambda: _filter_fields(
            _tps_filter(request, PollingStation.objects.none(), election, elections).form
        ),
    )
    return mark_safe(html)  # noqa: S308 (drawn by the template, escaped there)


def _no_election(request):
    return render(request, "polling_stations/no_election.html")


@allow(OPERATOR, COMMANDER)
def tps_list(request):
    context = _filter_context(request)
    if context is None:
        return _no_election(request)
    page = selectors.paginate_stations(context["stations"], request.GET.get("page"), PAGE_SIZE)
    context["page"] = page
    context["rows_key"] = selectors.list_rows_key(page.object_list)
    record_access(request, kind=AccessRecord.Kind.TPS_LIST, subject=str(context["election"]))
    return render(request, "polling_stations/tps_list.html", context)


def _export_rows(stations):
    rows = stations.order_by("village_id", "number").values_list(
        *COLUMN_FIELDS,
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
    context = _filter_context(request, form=False)
    if context is None:
        return _no_election(request)
    record_access(request, kind=AccessRecord.Kind.TPS_EXPORT_CSV, subject=str(context["election"]))
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff"  # Excel reads UTF-8 only with a BOM.
        yield writer.writerow(EXPORT_COLUMNS)
        for row in _export_rows(context["stations"]):
            yield writer.writerow(safe_row(row))

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="tps-{context["election"].slug}.csv"'
    return response


@allow(OPERATOR, COMMANDER)
def export_xlsx(request):
    from openpyxl import Workbook

    context = _filter_context(request, form=False)
    if context is None:
        return _no_election(request)
    record_access(request, kind=AccessRecord.Kind.TPS_EXPORT_XLSX, subject=str(context["election"]))
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("TPS")
    sheet.append(xlsx_row(sheet, EXPORT_COLUMNS))
    for row in _export_rows(context["stations"]):
        sheet.append(xlsx_row(sheet, [float(v) if hasattr(v, "as_tuple") else v for v in row]))
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


def _unbound_forms(station) -> dict[str, django_forms.Form]:
    indicators = selectors.active_indicators(election=station.election)
    return {
        "override_form": forms.CategoryOverrideForm(initial={"category": station.category}),
        "lift_form": forms.LiftOverrideForm(),
        "report_form": forms.IndicatorReportForm(indicators=indicators),
    }


def _forms_html(station, bound: dict[str, django_forms.Form]) -> dict[str, str]:
    """The page's three forms as HTML. Unbound, they are the same for every TPS of an
    election with the same category (the indicators and partner agencies as choices,
    today as the report's date), and drawing them (hundreds of options through the
    widget templates) cost most of the page: kept among the choice lists, which every
    write to indicators or agencies makes stale. A form sent back with errors is drawn
    afresh."""
    key = ":".join(
        [
            "tps-forms",
            str(station.election_id),
            station.category,
            translation.get_language() or "",
            datetime.date.today().isoformat(),
        ]
    )
    drawn = {name: str(as_crispy_form(form)) for name, form in bound.items()}
    if len(drawn) < 3:
        cached = cached_list(
            key,
            lambda: {
                name: str(as_crispy_form(form)) for name, form in _unbound_forms(station).items()
            },
        )
        drawn = {**cached, **drawn}
    return {name: mark_safe(html) for name, html in drawn.items()}  # noqa: S308 (crispy's)


def _detail_context(request, station, **bound):
    editable = selectors.is_editable(user=request.user, station=station)
    return {
        "station": station,
        "editable": editable,
        "forms": _forms_html(station, bound) if editable else {},
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
    remove = request.POST.get("remove", "")
    if remove and not remove.isdigit():
        raise InvalidInput(
            _("Laporan indikator yang akan dihapus tidak dikenali (remove=%(value)s).")
            % {"value": remove[:40]}
        )
    if remove:
        services.remove_indicator_report(polling_station=station, report_pk=int(remove))
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
