"""The error summary every form page shows above its content."""

from dataclasses import dataclass

from django import forms, template

register = template.Library()


@dataclass(frozen=True)
class FormError:
    label: str
    message: str
    target: str  # the id of the field to jump to; empty for a form-wide error


def _form_errors(form: forms.BaseForm, prefix_label: str = "") -> list[FormError]:
    found = []
    for name, errors in form.errors.items():
        if name == forms.forms.NON_FIELD_ERRORS or name not in form.fields:
            found += [FormError(prefix_label, str(message), "") for message in errors]
            continue
        field = form[name]
        label = str(field.label or name)
        if prefix_label:
            label = f"{prefix_label} · {label}"
        target = field.auto_id if not field.is_hidden else ""
        found += [FormError(label, str(message), target) for message in errors]
    return found


def collect_errors(values) -> list[FormError]:
    """Every error of the bound forms and formsets among ``values``, in page order."""
    found: list[FormError] = []
    seen: set[int] = set()
    for value in values:
        if id(value) in seen:
            continue
        seen.add(id(value))
        if isinstance(value, forms.BaseForm) and value.is_bound:
            found += _form_errors(value)
        elif isinstance(value, forms.BaseFormSet) and value.is_bound:
            found += [FormError("", str(m), "") for m in value.non_form_errors()]
            for index, form in enumerate(value.forms, start=1):
                if form.errors:
                    found += _form_errors(form, prefix_label=f"#{index}")
    return found


@register.inclusion_tag("form_error_summary.html", takes_context=True)
def error_summary(context):
    return {"errors": collect_errors(context.flatten().values())}
