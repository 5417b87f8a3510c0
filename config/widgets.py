"""Forms written cheaply: widgets and <select> options in Python instead of a template
per widget and per option, and Bootstrap's classes for forms rendered field by field."""

from html import escape

from django import forms
from django.forms.renderers import DjangoTemplates
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe


def escape_text(value) -> str:
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
            parts.append(f" {escape_text(name)}")
        else:
            parts.append(f' {escape_text(name)}="{escape_text(value)}"')
    return "".join(parts)


def _input(widget: dict) -> str:
    """django/forms/widgets/input.html"""
    value = "" if widget["value"] is None else f' value="{escape_text(widget["value"])}"'
    return (
        f'<input type="{escape_text(widget["type"])}" name="{escape_text(widget["name"])}"'
        f"{value}{_attrs(widget['attrs'])}>"
    )


def _textarea(widget: dict) -> str:
    """django/forms/widgets/textarea.html"""
    value = escape_text(widget["value"]) if widget["value"] else ""
    name = escape_text(widget["name"])
    return f'<textarea name="{name}"{_attrs(widget["attrs"])}>\n{value}</textarea>'


def _select(widget: dict) -> str:
    """django/forms/widgets/select.html with select_option.html, whitespace included"""
    parts = [f'<select name="{escape_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{escape_text(group_name)}">')
        parts.extend(
            f'\n  <option value="{escape_text(option["value"])}"{_attrs(option["attrs"])}>'
            f"{escape_text(option['label'])}</option>\n"
            for option in options
        )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


_INPUTS = (
    "checkbox",
    "date",
    "datetime",
    "email",
    "hidden",
    "number",
    "search",
    "text",
    "time",
    "url",
)
_WRITERS = {f"django/forms/widgets/{name}.html": _input for name in _INPUTS} | {
    "django/forms/widgets/textarea.html": _textarea,
    "django/forms/widgets/select.html": _select,
}


class QuickRenderer(DjangoTemplates):
    """Writes the plain widgets (inputs, textareas, selects) in Python, as Django's
    templates write them (tests/config/test_widgets.py compares the two); everything else
    (forms, errors) through the templates. A template per widget and per option cost more
    than anything else on the editors' pages (the outcome page has some 160 widgets) and
    on every list page's filter bar."""

    def render(self, template_name, context, request=None):
        writer = _WRITERS.get(template_name)
        if writer is None or "widget" not in context:
            return super().render(template_name, context, request=request)
        return writer(context["widget"])


QUICK_RENDERER = QuickRenderer()


class QuickRendering:
    """Mixin for a form whose widgets ``QuickRenderer`` writes."""

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
                parts.append(f'<optgroup label="{escape_text(value)}">')
            for option_value, option_label in label if group else [(value, label)]:
                option_value = "" if option_value is None else str(option_value)
                selected = (multiple or not has_selected) and option_value in chosen
                has_selected |= selected
                parts.append(
                    f'<option value="{escape_text(option_value)}"{" selected" if selected else ""}>'
                    f"{escape_text(option_label)}</option>"
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


def bootstrap_classes(form: forms.BaseForm, *, small: bool = False) -> None:
    """Bootstrap's classes on a form's widgets, for forms rendered field by field rather
    than by crispy (filter bars; formset rows, ``small``, whose column header is the only
    visible label: screen readers get it as aria-label)."""
    size = " form-select-sm" if small else ""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.HiddenInput):
            continue
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = f"form-select{size}"
        else:
            css = "form-control form-control-sm" if small else "form-control"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
        if small and field.label:
            widget.attrs.setdefault("aria-label", str(field.label))
