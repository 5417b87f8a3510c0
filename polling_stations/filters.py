"""The filters of the TPS list, map and exports (django-filter), with choices scoped to the user."""

from html import escape

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from config.forms import TextRules
from operations.models import Election

from . import selectors
from .models import IndicatorReport, PollingStation

REGION_LEVELS = ("provinsi", "kabupaten", "kecamatan", "desa")
ALL = _("Semua")


def chosen_region(data) -> str:
    """The deepest chosen region code; a lower level that does not lie under the higher
    one is ignored."""
    region = ""
    for level in REGION_LEVELS:
        code = data.get(level) or ""
        if code and (not region or code.startswith(region + ".")):
            region = code
    return region


class TpsFilterForm(TextRules, forms.Form):
    def select_fields(self):
        """Each field with its options drawn as HTML here, once, rather than by a template
        loop (the list page draws about a hundred options: Polsek, indicators, regions)."""
        for field in self:
            current = "" if field.value() is None else str(field.value())
            yield field, _options(field.field.choices, current)


def _options(choices, current: str) -> str:
    # html.escape is what django.utils.html.escape calls, without its lazy-string wrapper
    # (a few microseconds per call, hundreds of calls).
    html = []
    for value, label in choices:
        value = str(value)
        selected = " selected" if value == current else ""
        html.append(f'<option value="{escape(value)}"{selected}>{escape(str(label))}</option>')
    return mark_safe("".join(html))  # noqa: S308 (every value and label escaped above)


class TpsFilter(django_filters.FilterSet):
    """Filters an election's TPS. The queryset given is already the election's TPS the
    user may see, so the election select only chooses which election that is."""

    election = django_filters.ChoiceFilter(
        label=_("Pemilihan"), method="already_scoped", empty_label=None
    )
    provinsi = django_filters.ChoiceFilter(
        label=_("Provinsi"), method="filter_region", empty_label=ALL
    )
    kabupaten = django_filters.ChoiceFilter(
        label=_("Kabupaten/kota"), method="filter_region", empty_label=ALL
    )
    kecamatan = django_filters.ChoiceFilter(
        label=_("Kecamatan"), method="filter_region", empty_label=ALL
    )
    desa = django_filters.ChoiceFilter(
        label=_("Desa/kelurahan"), method="filter_region", empty_label=ALL
    )
    category = django_filters.ChoiceFilter(
        label=_("Kategori"), choices=PollingStation.Category.choices, empty_label=ALL
    )
    kind = django_filters.ChoiceFilter(
        label=_("Jenis"), choices=PollingStation.Kind.choices, empty_label=ALL
    )
    polsek = django_filters.ChoiceFilter(label=_("Polsek"), empty_label=ALL)
    indicator = django_filters.ChoiceFilter(
        label=_("Indikator Bawaslu"), method="filter_indicator", empty_label=ALL
    )

    class Meta:
        model = PollingStation
        fields: list[str] = []
        form = TpsFilterForm

    def __init__(self, data, *, queryset, request, election: Election, elections):
        data = data.copy()
        data["election"] = str(election.pk)
        super().__init__(data, queryset=queryset, request=request)
        region = chosen_region(data)
        self.filters["election"].extra["choices"] = [(str(e.pk), e.name) for e in elections]
        for level, options in selectors.region_options(selected=region).items():
            self.filters[level].extra["choices"] = [
                (code, f"{name} ({code})") for code, name in options
            ]
        self.filters["polsek"].extra["choices"] = selectors.polsek_choices(
            user=request.user, region=region
        )
        self.filters["indicator"].extra["choices"] = selectors.indicator_choices(election=election)

    @property
    def only_area_chosen(self) -> bool:
        """Whether the TPS are all of the election's in the chosen area: a valid form
        whose only choices are the election and the region."""
        if not self.form.is_valid():
            return False
        narrowing = set(self.filters) - {"election", *REGION_LEVELS}
        return not any(self.form.cleaned_data.get(name) for name in narrowing)

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        self.region = chosen_region(self.form.cleaned_data)
        return super().filter_queryset(queryset)

    def already_scoped(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset

    def filter_region(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value != self.region:
            return queryset  # a higher level, or one not under it: the deepest one filters
        if value.count(".") == 3:
            return queryset.filter(village_id=value)
        return queryset.filter(village__code__startswith=value + ".")

    def filter_indicator(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        reports = IndicatorReport.objects.filter(polling_station=OuterRef("pk"), indicator=value)
        return queryset.filter(Exists(reports))
