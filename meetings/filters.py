"""Search and filters of the meeting list (police users)."""

import datetime

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from agencies.zones import WIB, zone_for_tz_name
from config.filtersets import FilterSet
from config.forms import TextRules, search_field_options
from config.widgets import QUICK_RENDERER, bootstrap_classes
from operations.models import Operation

from . import selectors
from .models import ActionItem, Invitation, Meeting


def _date_widget():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AgencySearchSelect(forms.Select):
    """An agency filter that renders only its chosen option: the browser asks the server
    for the others as the user types (Tom Select, static/meetings/agency_picker.js), so a
    list page does not carry ~190 agencies in every filter form."""

    def __init__(self, choices: str, attrs=None):
        url = reverse_lazy("meetings:agency_choices", args=[choices])
        super().__init__(attrs={"data-agency-picker": "", "data-search-url": url, **(attrs or {})})

    def optgroups(self, name, value, attrs=None):
        everything = self.choices
        chosen = [v for v in value if v and str(v).isdigit() and len(str(v)) < 19]
        queryset = getattr(everything, "queryset", None)
        if queryset is None:
            return super().optgroups(name, value, attrs)
        field = everything.field
        rows = list(queryset.filter(pk__in=chosen)) if chosen else []
        self.choices = [("", field.empty_label or "")] + [
            (field.prepare_value(row), field.label_from_instance(row)) for row in rows
        ]
        try:
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = everything


class BootstrapFields:
    """Bootstrap's classes on a filter bar's widgets (templates/meetings/_filter_field.html
    renders them without crispy), written by ``QuickRenderer``: a filter bar is on every
    list page."""

    default_renderer = QUICK_RENDERER

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap_classes(self)  # type: ignore[arg-type]


class FilterForm(BootstrapFields, TextRules, forms.Form):
    """The form behind a filter bar: its text follows the project's text rules."""


class MeetingFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Cari"), method="search", **search_field_options())
    operation = django_filters.ModelChoiceFilter(
        label=_("Operasi"), queryset=Operation.objects.none()
    )
    host = django_filters.ModelChoiceFilter(
        label=_("Penyelenggara"),
        queryset=Agency.objects.none(),
        method="filter_host",
        widget=AgencySearchSelect("penyelenggara"),
    )
    invited = django_filters.ModelChoiceFilter(
        label=_("Instansi diundang"),
        queryset=Agency.objects.none(),
        method="filter_invited",
        widget=AgencySearchSelect("diundang"),
    )
    starts_from = django_filters.DateFilter(
        label=_("Dari tanggal"), method="filter_from", widget=_date_widget()
    )
    starts_until = django_filters.DateFilter(
        label=_("Sampai tanggal"), method="filter_until", widget=_date_widget()
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Meeting.Status.choices)
    kind = django_filters.ChoiceFilter(label=_("Jenis"), choices=Meeting.Kind.choices)

    class Meta:
        model = Meeting
        form = FilterForm
        fields = [
            "q",
            "operation",
            "host",
            "invited",
            "starts_from",
            "starts_until",
            "status",
            "kind",
        ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["host"].queryset = selectors.meeting_list_hosts(user=user)
        # An option shows the name: the descriptions are not read for every operation.
        self.filters["operation"].queryset = Operation.objects.visible_to(user).only(
            "name", "starts_on"
        )
        self.filters["invited"].queryset = selectors.invitable_agencies(user=user)

    def search(self, queryset, name, value):
        query = Q()
        for word in value.split():
            query &= (
                Q(title__icontains=word)
                | Q(venue__icontains=word)
                | Q(description__icontains=word)
                | Q(host__short_name__icontains=word)
            )
        return queryset.filter(query)

    def filter_host(self, queryset, name, value):
        """A unit and the units below it: Polda Sumbar finds its Polres' rakor too."""
        return queryset.filter(host__path__startswith=value.path)

    def filter_invited(self, queryset, name, value):
        return queryset.filter(pk__in=Invitation.objects.filter(agency=value).values("meeting_id"))

    # Dates are whole days in WIB, the server's zone: the hosts' zones differ by at
    # most two hours, which the list shows next to every time.
    def filter_from(self, queryset, name, value: datetime.date):
        start = datetime.datetime.combine(value, datetime.time.min)
        return queryset.filter(starts_at__gte=timezone.make_aware(start))

    def filter_until(self, queryset, name, value: datetime.date):
        end = datetime.datetime.combine(value + datetime.timedelta(days=1), datetime.time.min)
        return queryset.filter(starts_at__lt=timezone.make_aware(end))


DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _operations(request):
    if request is None:
        return Operation.objects.none()
    # An option shows the name: the descriptions are not read for every operation.
    return (
        Operation.objects.visible_to(request.user)
        .only("name", "starts_on")
        .order_by("-starts_on", "name")
    )


def operations_of(*, meetings) -> "QuerySet[Operation]":
    """The operations of any of ``meetings`` (a subquery), as a filter's options name them."""
    return (
        Operation.objects.filter(pk__in=meetings.order_by().values("operation_id"))
        .only("name", "starts_on")
        .order_by("-starts_on", "name")
    )


def _hosts(request):
    if request is None:
        return Agency.objects.none()
    return selectors.shared_meeting_hosts(user=request.user)


def _owner_agencies(request):
    if request is None:
        return Agency.objects.none()
    return selectors.action_item_owner_agencies(user=request.user)


class SharedAgendaFilterForm(BootstrapFields, TextRules, forms.Form):
    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_to < date_from:
            self.add_error("date_to", _("Tanggal akhir tidak boleh sebelum tanggal awal."))
        return cleaned


class SharedAgendaFilter(FilterSet):
    q = django_filters.CharFilter(label=_("Cari"), method="filter_text", **search_field_options())
    operation = django_filters.ModelChoiceFilter(
        label=_("Operasi"), queryset=_operations, empty_label=_("Semua operasi")
    )
    host = django_filters.ModelChoiceFilter(
        label=_("Penyelenggara"),
        queryset=_hosts,
        empty_label=_("Semua penyelenggara"),
        widget=AgencySearchSelect("penyelenggara-bersama"),
    )
    date_from = django_filters.DateFilter(
        label=_("Dari tanggal"), method="filter_date_from", widget=DATE_WIDGET
    )
    date_to = django_filters.DateFilter(
        label=_("Sampai tanggal"), method="filter_date_to", widget=DATE_WIDGET
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Meeting.Status.choices, empty_label=_("Semua status")
    )

    class Meta:
        model = Meeting
        form = SharedAgendaFilterForm
        fields = ["q", "operation", "host", "date_from", "date_to", "status"]

    def __init__(self, *args, zone_name: str = WIB.tz_name, **kwargs):
        super().__init__(*args, **kwargs)
        # Dates are days in the reader's own zone.
        self.tz = zone_for_tz_name(zone_name).tzinfo
        if self.request is not None:
            # The hosts of the meetings this filter lists: a subquery of the page's own
            # queryset, whose visibility rule is already built, rather than building it
            # again for the choices. Only a chosen host reads them (the widget shows
            # the chosen one alone): without one, none are built.
            self.filters["host"].queryset = (
                selectors.hosts_of(meetings=self.queryset)
                if self.data.get("host")
                else Agency.objects.none()
            )
            # Likewise the operations: those of the meetings listed.
            self.filters["operation"].queryset = operations_of(meetings=self.queryset)

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value) | Q(venue__icontains=value) | Q(description__icontains=value)
        )

    def _midnight(self, day: datetime.date) -> datetime.datetime:
        return datetime.datetime.combine(day, datetime.time.min, self.tz)

    def filter_date_from(self, queryset, name, value):
        return queryset.filter(ends_at__gt=self._midnight(value))

    def filter_date_to(self, queryset, name, value):
        return queryset.filter(starts_at__lt=self._midnight(value + datetime.timedelta(days=1)))


class ActionItemFilter(FilterSet):
    q = django_filters.CharFilter(label=_("Cari"), method="filter_text", **search_field_options())
    owner_agency = django_filters.ModelChoiceFilter(
        label=_("Instansi penanggung jawab"),
        queryset=_owner_agencies,
        empty_label=_("Semua instansi"),
        widget=AgencySearchSelect("penanggung-jawab"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=ActionItem.Status.choices, empty_label=_("Semua status")
    )
    overdue = django_filters.BooleanFilter(
        label=_("Hanya yang terlambat"),
        method="filter_overdue",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = ActionItem
        form = FilterForm
        fields = ["q", "owner_agency", "status", "overdue"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.request is not None:
            # As the shared agenda's hosts: a subquery of the page's own queryset, built
            # only when an agency was chosen.
            self.filters["owner_agency"].queryset = (
                selectors.owners_of(action_items=self.queryset)
                if self.data.get("owner_agency")
                else Agency.objects.none()
            )

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(text__icontains=value) | Q(meeting__title__icontains=value))

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue() if value else queryset
