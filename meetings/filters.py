"""Search and filters of the meeting list (police users)."""

import datetime

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from agencies.roles import access_for
from operations.models import Operation

from .models import Invitation, Meeting


def _date_widget():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MeetingFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Cari"), method="search")
    operation = django_filters.ModelChoiceFilter(
        label=_("Operasi"), queryset=Operation.objects.none()
    )
    host = django_filters.ModelChoiceFilter(
        label=_("Penyelenggara"), queryset=Agency.objects.none(), method="filter_host"
    )
    invited = django_filters.ModelChoiceFilter(
        label=_("Instansi diundang"), queryset=Agency.objects.none(), method="filter_invited"
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
        access = access_for(user)
        police = Agency.objects.police()
        if not access.is_admin:
            police = police.subtrees_of(access.police_units)
        self.filters["host"].queryset = police
        self.filters["operation"].queryset = Operation.objects.visible_to(user)
        self.filters["invited"].queryset = Agency.objects.all()

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
