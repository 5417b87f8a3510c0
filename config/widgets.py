"""Forms written cheaply: widgets and <select> options in Python instead of a template
per widget and per option, and Bootstrap's classes for forms rendered field by field."""

from html import escape

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms
from django.forms.renderers import DjangoTemplates
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe


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


def bootstrap_field(field: forms.BoundField) -> SafeString:
    """A field with its label, help text and errors, as crispy-bootstrap5's field.html
    writes it (tests/config/test_widgets.py compares the two), without its dozen
    templates per field. Widgets crispy writes otherwise (checkboxes, radios, files)
    still go through crispy."""
    widget = field.field.widget
    if field.is_hidden:
        return mark_safe(str(field))
    if isinstance(widget, _CRISPY_ONLY) or field.use_fieldset:
        return as_crispy_field(field)
    # The widget's own classes, its class name and Bootstrap's, as crispy_field adds them
    # (crispy writes them into the widget's attrs; here they only go to this rendering).
    name = type(widget).__name__.lower()
    css = widget.attrs.get("class", "")
    css = (f"{css} {name}" if name not in css else css) if css else name
    errors = field.errors
    bootstrap = "form-select" if isinstance(widget, forms.Select) else "form-control"
    for extra in (bootstrap, "is-invalid") if errors else (bootstrap,):
        if extra not in css.split():
            css += f" {extra}"
    auto_id = field.auto_id
    required = field.field.required
    wrapper = f"mb-3 {field.css_classes()}".strip()
    parts = [f'<div id="div_{auto_id}" class="{wrapper}">']
    if field.label:
        label_for = f'for="{field.id_for_label}" ' if field.id_for_label else ""
        asterisk = '<span class="asteriskField">*</span>' if required else ""
        parts.append(
            f'<label {label_for}class="form-label{" requiredField" if required else ""}">'
            f"{escape_text(field.label)}{asterisk}</label>"
        )
    parts.append(field.as_widget(attrs={"class": css}))
    if errors:
        parts.append(f'<div id="{errors.field_id}_error" class="invalid-feedback">')
        parts.extend(
            f'<p id="error_{number}_{auto_id}"><strong>{escape_text(error)}</strong></p>'
            for number, error in enumerate(errors, 1)
        )
        parts.append("</div>")
    if field.help_text:
        help_id = f'id="{auto_id}_helptext" ' if auto_id else ""
        parts.append(f'<div {help_id}class="form-text">{field.help_text}</div>')
    parts.append("</div>")
    return mark_safe("\n".join(parts))


_CRISPY_ONLY = (
    forms.CheckboxInput,
    forms.CheckboxSelectMultiple,
    forms.RadioSelect,
    forms.FileInput,
)


class _BootstrapFields:
    def __init__(self, form: forms.BaseForm):
        self.form = form

    def __getitem__(self, name: str) -> SafeString:
        return bootstrap_field(self.form[name])


class QuickRendering:
    """Mixin for a form whose widgets ``QuickRenderer`` writes; ``form.bootstrap.<name>``
    in a template writes a field with its label, help and errors (``bootstrap_field``)."""

    default_renderer = QUICK_RENDERER

    @property
    def bootstrap(self) -> _BootstrapFields:
        return _BootstrapFields(self)  # type: ignore[arg-type]


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
