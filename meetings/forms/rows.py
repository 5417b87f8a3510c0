"""The agenda editor's rows written in Python: a template per row, with a lookup per
field and per error, cost more than the rest of the editor's page."""

from django import forms
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from config.widgets import escape_text


def _errors(errors) -> str:
    return "".join(f'<div class="invalid-feedback d-block">{escape_text(e)}</div>' for e in errors)


def _field(form: forms.BaseForm, name: str) -> str:
    field = form[name]
    return f"{field}{_errors(field.errors)}"


def _button(action: str, label: str, icon: str, tone: str) -> str:
    label = escape_text(label)
    return (
        f'<button type="button" class="btn btn-sm btn-outline-{tone}" data-row-action="{action}"'
        f' title="{label}" aria-label="{label}"><i class="bi bi-{icon}"></i></button>'
    )


def agenda_row(form: forms.BaseForm) -> SafeString:
    """One row of the agenda formset, as templates/meetings/meeting_form.html shows it."""
    order = form["order"].value()
    hidden = "".join(str(field) for field in form.hidden_fields())
    drag = escape_text(gettext("Seret untuk mengubah urutan"))
    return mark_safe(
        "<tr data-formset-row>\n"
        '  <td class="text-nowrap">\n'
        f'    <span class="btn btn-sm btn-light" data-drag-handle title="{drag}">'
        '<i class="bi bi-grip-vertical"></i></span>\n'
        f'    <span class="fw-semibold" data-order-label>{escape_text(order or "")}</span>\n'
        "  </td>\n"
        '  <td class="text-nowrap small" data-start-time>–</td>\n'
        f"  <td>{_field(form, 'title')}</td>\n"
        f"  <td>{_field(form, 'presenter')}</td>\n"
        f"  <td>{_field(form, 'presenter_name')}\n"
        f"    {_field(form, 'presenter_position')}</td>\n"
        f'  <td class="agenda-duration">{_field(form, "duration_minutes")}</td>\n'
        f'  <td class="text-center">{form["is_internal"]}</td>\n'
        '  <td class="text-nowrap">\n'
        f"    {hidden}\n"
        f'    <span class="d-none">{form["DELETE"]}</span>\n'
        f"    {_errors(form.non_field_errors())}\n"
        f"    {_button('up', gettext('Naikkan'), 'arrow-up', 'secondary')}\n"
        f"    {_button('down', gettext('Turunkan'), 'arrow-down', 'secondary')}\n"
        f"    {_button('remove', gettext('Hapus acara'), 'trash', 'danger')}\n"
        "  </td>\n"
        "</tr>"
    )


def table_row(form: forms.BaseForm) -> SafeString:
    """One row of an outcome formset (attendees, decisions, follow-ups, risks): a cell per
    visible field, its hidden fields and remove button in the last."""
    cells = "".join(
        f"\n  <td>{field}{_errors(field.errors)}</td>\n"
        for field in form.visible_fields()
        if field.name != "DELETE"
    )
    hidden = "".join(str(field) for field in form.hidden_fields())
    delete = f'<span class="d-none">{form["DELETE"]}</span>' if "DELETE" in form.fields else ""
    remove = escape_text(gettext("Hapus baris"))
    return mark_safe(
        f"<tr data-formset-row>{cells}\n"
        '  <td class="text-nowrap">\n'
        f"    {hidden}\n"
        f"    {delete}\n"
        f"    {_errors(form.non_field_errors())}\n"
        '    <button type="button" class="btn btn-sm btn-outline-danger" data-row-action="remove"'
        f' aria-label="{remove}" title="{remove}"><i class="bi bi-trash"></i></button>\n'
        "  </td>\n"
        "</tr>"
    )


class TableRow:
    """Mixin for the forms of a formset written by templates/meetings/_formset_table.html."""

    def table_row(self) -> SafeString:
        return table_row(self)  # type: ignore[arg-type]
