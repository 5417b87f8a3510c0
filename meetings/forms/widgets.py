"""The meeting editors' official pickers: only the chosen officials are written, the browser
asks the server for the rest."""

from django import forms
from django.db.models import QuerySet
from django.forms import BaseFormSet
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from agencies.models import Official
from config.widgets import bootstrap_classes, escape_text


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
                    f'<option value="{escape_text(chosen)}" selected>{escape_text(label)}</option>'
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


class RowClasses:
    """Bootstrap's classes and labels for the rows of a formset (``bootstrap_classes``,
    small), worked out on its first row and copied to the others: every row has the same
    fields, and working them out (a translated label each) cost more than the rows'
    widgets took to write."""

    NAMES = ("class", "aria-label")

    def __init__(self) -> None:
        self._attrs: dict[str, dict[str, str]] = {}

    def apply(self, form: forms.BaseForm) -> None:
        if any(name not in self._attrs for name in form.fields):
            bootstrap_classes(form, small=True)
            for name, field in form.fields.items():
                attrs = field.widget.attrs
                self._attrs[name] = {key: attrs[key] for key in self.NAMES if key in attrs}
            return
        for name, field in form.fields.items():
            field.widget.attrs.update(self._attrs[name])
