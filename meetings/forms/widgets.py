"""How the meeting editors write their <select>s and formset rows cheaply."""

from html import escape

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe


class _QuickOptions:
    """Writes a <select>'s options in Python: Django renders every <option> through a
    template of its own, and the editor's ~500 officials per agenda row cost 0.4 s each.
    Rows of a formset that offer the same choices share ``shared``: the options are
    written once, and each row only marks its own choice."""

    shared: dict | None = None

    def _write(self, optgroups) -> str:
        # The standard library's escape: Django's (lazy-aware) one cost as much as the
        # templates it replaces, once per option.
        parts = []
        for group_name, options, _index in optgroups:
            if group_name:
                parts.append(f'<optgroup label="{escape(str(group_name))}">')
            parts.extend(
                f'<option value="{escape(str(option["value"]))}"{flatatt(option["attrs"])}>'
                f"{escape(str(option['label']))}</option>"
                for option in options
            )
            if group_name:
                parts.append("</optgroup>")
        return "\n".join(parts)

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, attrs)  # type: ignore[attr-defined]
        if self.allow_multiple_selected:  # type: ignore[attr-defined]
            final_attrs["multiple"] = True
        values = self.format_value(value)  # type: ignore[attr-defined]
        if self.shared is None:
            options = self._write(self.optgroups(name, values, final_attrs))  # type: ignore[attr-defined]
        else:
            if "options" not in self.shared:
                self.shared["options"] = self._write(self.optgroups(name, [], final_attrs))  # type: ignore[attr-defined]
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


class ServerFilledSelect(forms.Select):
    """A <select> of officials that holds only the blank and the chosen option: the
    hundreds of officials on offer would be written again in every row, so the browser
    asks the server for them once (static/meetings/speakers.js, /rapat/narasumber.json).
    The field's queryset, not this list, decides what may be saved. ``labels`` (value to
    label) is read once and shared by every row of a page."""

    def __init__(self, attrs=None, labels: dict[str, str] | None = None):
        super().__init__(attrs)
        self.labels = labels if labels is not None else {}

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, attrs)
        final_attrs["data-official-choices"] = ""
        options = ['<option value="">---------</option>']
        for chosen in self.format_value(value):
            if chosen in self.labels:
                options.append(
                    f'<option value="{escape(chosen)}" selected>'
                    f"{escape(self.labels[chosen])}</option>"
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


def official_labels(officials) -> dict[str, str]:
    return {str(official.pk): official_label(official) for official in officials}


def offer_officials_from_server(
    field: forms.ModelChoiceField, labels: dict[str, str], *, invalid: str
) -> None:
    """Renders ``field`` as a ServerFilledSelect; ``invalid`` says, in the user's words,
    why an official outside the field's queryset is refused."""
    old = field.widget
    field.widget = ServerFilledSelect(attrs=old.attrs, labels=labels)
    field.widget.is_required = old.is_required
    field.error_messages["invalid_choice"] = invalid
