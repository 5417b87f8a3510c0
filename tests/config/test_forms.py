"""Every form of the project refuses NUL bytes and control characters in its text."""

import importlib
import inspect
import pkgutil

import django_filters
import pytest
from django import forms

from config.forms import NoControlCharacters, TextRules

APPS = ("agencies", "meetings", "operations", "polling_stations")


def project_modules():
    for app in APPS:
        package = importlib.import_module(app)
        yield package
        for info in pkgutil.walk_packages(package.__path__, f"{app}."):
            if ".migrations" in info.name or ".management" in info.name:
                continue
            yield importlib.import_module(info.name)


def project_classes(base):
    seen = {}
    for module in project_modules():
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, base) and cls.__module__.split(".")[0] in APPS:
                seen[f"{cls.__module__}.{cls.__qualname__}"] = cls
    return seen


def test_it_finds_the_projects_forms():
    assert "meetings.forms.meeting.MeetingForm" in project_classes(forms.BaseForm)


def test_every_form_of_the_project_takes_the_text_rules():
    forms_without = sorted(
        name for name, cls in project_classes(forms.BaseForm).items() if TextRules not in cls.mro()
    )
    assert not forms_without, f"forms without config.forms.TextRules: {forms_without}"


def test_every_filter_bar_of_the_project_takes_the_text_rules():
    filters_without = sorted(
        name
        for name, cls in project_classes(django_filters.FilterSet).items()
        if TextRules not in cls._meta.form.mro()
    )
    assert not filters_without, f"filters without a TextRules form: {filters_without}"


class Sample(TextRules, forms.Form):
    title = forms.CharField()
    notes = forms.CharField(widget=forms.Textarea, required=False)


@pytest.mark.parametrize("value", ["Rakor\x00", "Rakor\x07", "Rakor\x1b[31m", "Rakor\r\nBcc: x"])
def test_it_refuses_a_nul_or_control_character_in_a_single_line_field(value):
    form = Sample({"title": value})

    assert not form.is_valid()
    assert any("karakter" in message for message in form.errors["title"])


def test_it_names_the_character_and_where_it_is():
    form = Sample({"title": "Rakor\x07"})

    form.is_valid()

    assert "U+0007" in form.errors["title"][-1]
    assert "karakter ke-6" in form.errors["title"][-1]


def test_it_keeps_line_breaks_and_tabs_in_a_multi_line_field():
    form = Sample({"title": "Rakor", "notes": "Baris satu\r\n\tBaris dua"})

    assert form.is_valid(), form.errors


def test_it_refuses_a_nul_in_a_multi_line_field():
    form = Sample({"title": "Rakor", "notes": "Baris\x00"})

    assert not form.is_valid()


def test_the_rule_is_added_once():
    form = Sample()

    assert sum(isinstance(v, NoControlCharacters) for v in form.fields["title"].validators) == 1
