"""Forms of the operations pages: choosing the operation and unit of a readiness report."""

from django import forms
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from config.forms import TextRules
from config.widgets import QuickSelect

from .models import Operation


class ReadinessTargetForm(TextRules, forms.Form):
    """An operation the user may see and a police unit of their own or below it."""

    operation = forms.ModelChoiceField(
        label=_("Operasi"),
        queryset=Operation.objects.none(),
        to_field_name="slug",
        empty_label=None,
        widget=QuickSelect(attrs={"class": "form-select"}),
        error_messages={"invalid_choice": _("Operasi tidak ditemukan atau bukan wewenang Anda.")},
    )
    unit = forms.ModelChoiceField(
        label=_("Satuan"),
        queryset=Agency.objects.none(),
        to_field_name="slug",
        empty_label=None,
        widget=QuickSelect(attrs={"class": "form-select"}),
        error_messages={"invalid_choice": _("Satuan tidak ditemukan atau bukan wewenang Anda.")},
    )

    def __init__(self, *args, operations, units, unit_options, **kwargs):
        """``unit_options``: the (slug, label) options of ``units``, in their order (see
        ``selectors.report_unit_options``); a submitted value is still checked against
        the querysets."""
        super().__init__(*args, **kwargs)
        self.fields["operation"].queryset = operations
        self.fields["unit"].queryset = units
        # The options are read once, here: a model choice field would read its queryset
        # again for every rendering, through a server-side cursor.
        self.fields["operation"].choices = [
            (operation.slug, str(operation))
            for operation in operations.only("pk", "slug", "name", "starts_on")
        ]
        self.fields["unit"].choices = unit_options
