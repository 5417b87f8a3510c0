"""Widgets written in Python (config.widgets) read as Django's templates write them."""

import datetime
import re

import pytest
from django import forms as django_forms
from django.forms.renderers import DjangoTemplates
from django.template import Context, Template

from config.widgets import QUICK_RENDERER, QuickRendering, QuickSelect, QuickSelectMultiple


@pytest.mark.parametrize(
    ("django_widget", "quick_widget", "value"),
    [
        (django_forms.Select, QuickSelect, 2),
        (django_forms.SelectMultiple, QuickSelectMultiple, [1, 3]),
    ],
)
def test_the_quick_select_writes_what_djangos_template_writes(django_widget, quick_widget, value):
    choices = [("", "---------"), ("Grup <A>", [(1, "A & b"), (2, 'B "q"')]), (3, "C'")]
    attrs = {"class": "form-select", "id": "id_f"}

    def tidy(html):
        return " ".join(html.split()).replace("> <", "><")

    assert tidy(quick_widget(choices=choices, attrs=attrs).render("f", value)) == tidy(
        django_widget(choices=choices, attrs=attrs).render("f", value)
    )


def test_rows_sharing_written_options_each_mark_only_their_own_choice():
    choices = [("", "---------"), (1, "A"), (2, "B")]
    shared: dict = {}
    first, second = QuickSelect(choices=choices), QuickSelect(choices=choices)
    first.shared = second.shared = shared

    one, two = first.render("a", 1), second.render("b", 2)

    assert '<option value="1" selected>' in one and '<option value="2">' in one
    assert '<option value="2" selected>' in two and '<option value="1">' in two


def test_the_quick_renderer_writes_what_djangos_templates_write():
    cases = [
        (
            django_forms.TextInput(attrs={"maxlength": 160, "required": True, "data-x": ""}),
            'Tom & "Jerry" <i>',
        ),
        (django_forms.NumberInput(attrs={"min": 1}), 5),
        (django_forms.HiddenInput(attrs={"data-order": ""}), 3),
        (django_forms.CheckboxInput(), True),
        (django_forms.CheckboxInput(), False),
        (django_forms.DateInput(format="%Y-%m-%d"), datetime.date(2024, 8, 1)),
        (django_forms.Textarea(attrs={"rows": 2}), "a\nb <c>"),
        (django_forms.Textarea(), ""),
        (django_forms.NullBooleanSelect(), True),
        (django_forms.Select(choices=[("", "-"), ("G <1>", [(1, "A & b")]), (3, "C'")]), 1),
    ]
    templates = DjangoTemplates()

    def tidy(html):
        return " ".join(html.split()).replace("> <", "><")

    for widget, value in cases:
        attrs = {"id": "id_f", "aria-label": 'Nama "lengkap"'}
        assert tidy(widget.render("f", value, attrs, renderer=QUICK_RENDERER)) == tidy(
            widget.render("f", value, attrs, renderer=templates)
        )


class _Fields(QuickRendering, django_forms.Form):
    title = django_forms.CharField(label='Judul <"rapat">', max_length=20)
    kind = django_forms.ChoiceField(choices=[("a", "A"), ("b", "B")], required=False)
    starts_at = django_forms.DateTimeField(help_text="Zona <b>WIB</b>")
    note = django_forms.CharField(widget=django_forms.Textarea, required=False)
    tags = django_forms.MultipleChoiceField(choices=[("x", "X")], required=False)
    version = django_forms.IntegerField(widget=django_forms.HiddenInput, required=False)


def _sorted_attrs(tag) -> str:
    attrs = sorted(re.findall(r'[\w-]+(?:="[^"]*")?', tag[2]))
    return f"<{tag[1]} {' '.join(attrs)}>"


@pytest.mark.parametrize("data", [None, {"title": "x" * 30, "kind": "z", "starts_at": "kemarin"}])
def test_bootstrap_field_writes_what_crispy_writes(data):
    crispy = Template("{% load crispy_forms_tags %}{{ field|as_crispy_field }}")

    def tidy(html):
        html = re.sub(r"\s+", " ", html)
        html = re.sub(r">\s+<", "><", html)
        html = re.sub(r">\s+", ">", re.sub(r"\s+<", "<", html))
        # Attributes in any order: Django's templates and flatatt sort them differently.
        return re.sub(r"<(input|select|textarea)([^>]*)>", _sorted_attrs, html)

    ours, theirs = _Fields(data), _Fields(data)
    for name in ours.fields:
        expected = tidy(crispy.render(Context({"field": theirs[name]})))
        assert tidy(ours.bootstrap[name]) == expected, name
