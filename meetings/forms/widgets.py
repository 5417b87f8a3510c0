"""How the meeting editors write their <select>s and formset rows cheaply."""

from html import escape

from django import forms
from django.db.models import QuerySet
from django.forms import BaseFormSet
from django.forms.renderers import DjangoTemplates
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from agencies.models import Official


def _escape(value) -> str:
    # What the templates' autoescape does: safe strings as they are, the rest escaped
    # (the standard library's escape writes what Django's does, without its overhead).
    if hasattr(value, "__html__"):
        return value.__html__()
    return escape(str(value))


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html"""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {_escape(name)}")
        else:
            parts.append(f' {_escape(name)}="{_escape(value)}"')
    return "".join(parts)


def _input(widget: dict) -> str:
    """django/forms/widgets/input.html"""
    value = "" if widget["value"] is None else f' value="{_escape(widget["value"])}"'
    return (
        f'<input type="{_escape(widget["type"])}" name="{_escape(widget["name"])}"'
        f"{value}{_attrs(widget['attrs'])}>"
    )


def _textarea(widget: dict) -> str:
    """django/forms/widgets/textarea.html"""
    value = _escape(widget["value"]) if widget["value"] else ""
    name = _escape(widget["name"])
    return f'<textarea name="{name}"{_attrs(widget["attrs"])}>\n{value}</textarea>'


def _select(widget: dict) -> str:
    """django/forms/widgets/select.html with select_option.html"""
    parts = [f'<select name="{_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'<optgroup label="{_escape(group_name)}">')
        parts.extend(
            f'<option value="{_escape(option["value"])}"{_attrs(option["attrs"])}>'
            f"{_escape(option['label'])}</option>"
            for option in options
        )
        if group_name:
            parts.append("</optgroup>")
    parts.append("</select>")
    return "\n".join(parts)


_INPUTS = ("checkbox", "date", "datetime", "email", "hidden", "number", "text", "time", "url")
_WRITERS = {f"django/forms/widgets/{name}.html": _input for name in _INPUTS} | {
    "django/forms/widgets/textarea.html": _textarea,
    "django/forms/widgets/select.html": _select,
}


class QuickRenderer(DjangoTemplates):
    """Writes the plain widgets (inputs, textareas, selects) in Python, as Django's
    templates write them; everything else (forms, errors) through the templates. A
    template per widget cost more than anything else on the editors' pages: the outcome
    page has some 160 widgets."""

    def render(self, template_name, context, request=None):
        writer = _WRITERS.get(template_name)
        if writer is None or "widget" not in context:
            return super().render(template_name, context, request=request)
        return writer(context["widget"])


QUICK_RENDERER = QuickRenderer()


class QuickRendering:
    """Mixin for the editors' forms: their widgets are written by ``QuickRenderer``."""

    default_renderer = QUICK_RENDERER


class _QuickOptions:
    """Writes a <select>'s options in Python: Django renders every <option> through a
    template of its own (the ~190 invitable agencies, the parties in every outcome row).
    Rows of a formset that offer the same choices share ``shared``: the options are
    written once, and each row only marks its own choice."""

    shared: dict | None = None

    def _write(self, values: list[str]) -> str:
        # Straight from the choices, as Select.optgroups() and its template would write
        # them (one option selected unless the select is multiple): building Django's
        # option dicts cost more than writing the options.
        parts = []
        chosen = set(values)
        multiple = self.allow_multiple_selected  # type: ignore[attr-defined]
        has_selected = False
        for value, label in self.choices:  # type: ignore[attr-defined]
            group = isinstance(label, (list, tuple))
            if group:
                parts.append(f'<optgroup label="{_escape(value)}">')
            for option_value, option_label in label if group else [(value, label)]:
                option_value = "" if option_value is None else str(option_value)
                selected = (multiple or not has_selected) and option_value in chosen
                has_selected |= selected
                parts.append(
                    f'<option value="{_escape(option_value)}"{" selected" if selected else ""}>'
                    f"{_escape(option_label)}</option>"
                )
            if group:
                parts.append("</optgroup>")
        return "\n".join(parts)

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, attrs)  # type: ignore[attr-defined]
        if self.allow_multiple_selected:  # type: ignore[attr-defined]
            final_attrs["multiple"] = True
        values = self.format_value(value)  # type: ignore[attr-defined]
        if self.shared is None:
            options = self._write(values)
        else:
            if "options" not in self.shared:
                self.shared["options"] = self._write([])
            options = self.shared["options"]
            for chosen in values:
                option = f'<option value="{escape(str(chosen))}">'
                options = options.replace(option, option[:-1] + " selected>", 1)
        opening = format_html('<select name="{}"{}>', name, flatatt(final_attrs))
        return mark_safe(f"{opening}\n{options}\n</select>")


class QuickSelect(_QuickOptions, forms.Select):
    pass


class QuickSelectMultiple(_QuickOptions, forms.SelectMultiple):
    pass


def cache_choices(
    field: forms.ModelChoiceField, choices: list, *, blank: bool = True, shared: dict | None = None
) -> None:
    """Renders ``field`` from an already read list instead of a query per row, with its
    options written in Python (once for all rows given the same ``shared`` dict)."""
    old = field.widget
    quick = QuickSelectMultiple if isinstance(old, forms.SelectMultiple) else QuickSelect
    if isinstance(old, forms.Select) and not isinstance(old, _QuickOptions):
        field.widget = quick(attrs=old.attrs)
        field.widget.is_required = old.is_required
    field.widget.shared = shared
    field.choices = ([("", "---------")] if blank else []) + choices


def bootstrap_row(form) -> None:
    """Bootstrap's small controls for a formset row (rendered cell by cell, not by crispy)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.HiddenInput):
            continue
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select form-select-sm"
        else:
            css = "form-control form-control-sm"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
        # The column header is the only visible label; screen readers get it here.
        if field.label:
            widget.attrs.setdefault("aria-label", str(field.label))


class ChosenOfficials:
    """The labels of the officials chosen in a page's official pickers, read in one
    query from ``allowed`` (what the pickers' fields accept) when the first picker is
    written: the page never loads every official it offers. Forms and formsets say
    which of their fields are pickers with ``watch``."""

    def __init__(self, allowed: QuerySet):
        self.allowed = allowed
        self._sources: list[tuple[forms.BaseForm | BaseFormSet, tuple[str, ...]]] = []
        self._labels: dict[str, str] = {}
        self._asked: set[str] = set()

    def watch(self, source: forms.BaseForm | BaseFormSet, names: tuple[str, ...]) -> None:
        self._sources.append((source, names))

    def _chosen(self):
        sources, self._sources = self._sources, []
        for source, names in sources:
            forms_ = source.forms if isinstance(source, BaseFormSet) else [source]
            for form in forms_:
                for name in names:
                    if name in form.fields:
                        yield str(form[name].value() or "")

    def label(self, value: str) -> str | None:
        if value not in self._asked:
            wanted = {value, *self._chosen()} - self._asked
            self._asked |= wanted
            # A posted value that is no id at all (or out of range) names nobody.
            ids = [int(v) for v in wanted if v.isdigit() and 0 < int(v) < 2**63]
            if ids:
                for official in self.allowed.filter(pk__in=ids).select_related("agency"):
                    self._labels[str(official.pk)] = official_label(official)
        return self._labels.get(value)


class ServerFilledSelect(forms.Select):
    """A <select> of officials that holds only the blank and the chosen option: the
    hundreds of officials on offer would be written again in every row, so the browser
    asks the server for them once (static/meetings/speakers.js, /rapat/narasumber.json).
    The field's queryset, not this list, decides what may be saved."""

    def __init__(self, attrs=None, chosen: ChosenOfficials | None = None):
        super().__init__(attrs)
        self.chosen = chosen

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, attrs)
        final_attrs["data-official-choices"] = ""
        options = ['<option value="">---------</option>']
        for chosen in self.format_value(value):
            label = self.chosen.label(chosen) if chosen and self.chosen else None
            if label is not None:
                options.append(
                    f'<option value="{_escape(chosen)}" selected>{_escape(label)}</option>'
                )
        opening = format_html('<select name="{}"{}>', name, flatatt(final_attrs))
        return mark_safe(f"{opening}\n{''.join(options)}\n</select>")


def official_label(official) -> str:
    return f"{official.display_name}, {official.position}"


def official_choices(officials) -> list:
    """Officials grouped by agency, as "AKBP Agung Tribawanto, Kapolres"."""
    groups: dict[str, list] = {}
    for official in officials:
        groups.setdefault(official.agency.short_name, []).append(
            (official.pk, official_label(official))
        )
    return list(groups.items())


def chosen_officials(officials) -> ChosenOfficials:
    """``officials`` as a ChosenOfficials: one already made (shared by a page's forms),
    a queryset, or a list."""
    if isinstance(officials, ChosenOfficials):
        return officials
    if not isinstance(officials, QuerySet):
        officials = Official.objects.filter(pk__in=[official.pk for official in officials])
    return ChosenOfficials(officials)


def offer_officials_from_server(
    form: forms.BaseForm, names: tuple[str, ...], chosen: ChosenOfficials, *, invalid: str
) -> None:
    """Renders the fields ``names`` of ``form`` as ServerFilledSelects accepting
    ``chosen.allowed``; ``invalid`` says, in the user's words, why another official is
    refused."""
    for name in names:
        field = form.fields[name]
        field.queryset = chosen.allowed
        old = field.widget
        field.widget = ServerFilledSelect(attrs=old.attrs, chosen=chosen)
        field.widget.is_required = old.is_required
        field.error_messages["invalid_choice"] = invalid
