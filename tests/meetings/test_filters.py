"""The filter bars' widgets, written in Python, read as Django's templates write them."""

import pytest
from django.forms.renderers import DjangoTemplates
from django.test import RequestFactory

from config.widgets import QUICK_RENDERER
from meetings.filters import ActionItemFilter, MeetingFilter, SharedAgendaFilter
from meetings.models import ActionItem

pytestmark = pytest.mark.django_db

ODD_TEXT = "Rakor <b>\"Pasbar\"</b> & 'KPU'"


def _request(user, data):
    request = RequestFactory().get("/", data)
    request.user = user
    return request


def _filter_bars(world, meeting):
    operation = meeting.operation
    kpu = world.kpu
    return [
        MeetingFilter(
            {
                "q": ODD_TEXT,
                "operation": operation.pk if operation else "",
                "host": world.polres.pk,
                "invited": kpu.pk,
                "starts_from": "2024-08-01",
                "status": "held",
            },
            queryset=meeting.__class__.objects.all(),
            user=world.operator,
        ),
        SharedAgendaFilter(
            {"q": ODD_TEXT, "host": world.polres.pk, "date_to": "2024-08-31"},
            queryset=meeting.__class__.objects.all(),
            request=_request(world.kpu_liaison, {}),
        ),
        ActionItemFilter(
            {"q": ODD_TEXT, "owner_agency": kpu.pk, "status": "open", "overdue": "on"},
            queryset=ActionItem.objects.all(),
            request=_request(world.kpu_liaison, {}),
        ),
        ActionItemFilter(None, queryset=ActionItem.objects.all(), request=None),
    ]


def test_it_writes_every_widget_of_the_filter_bars_as_djangos_templates_do(world, meeting):
    kinds = set()

    for filterset in _filter_bars(world, meeting):
        form = filterset.form
        data = form.data if form.is_bound else None
        twin = form.__class__(data, prefix=form.prefix, renderer=DjangoTemplates())
        assert form.renderer is QUICK_RENDERER
        for name in form.fields:
            assert str(form[name]) == str(twin[name]), name
            kinds.add(form.fields[name].widget.template_name.rsplit("/", 1)[-1])

    # Every kind of widget the bars use was compared, options chosen and not.
    assert kinds == {"text.html", "date.html", "checkbox.html", "select.html"}
