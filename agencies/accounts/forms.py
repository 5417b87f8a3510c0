from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from config.forms import TextRules


class TokenForm(TextRules, forms.Form):
    token = forms.CharField(
        label=_("Kode dari aplikasi autentikator"),
        min_length=6,
        max_length=6,
        validators=[RegexValidator(r"^\d{6}$", _("Kode terdiri atas 6 angka."))],
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}
        ),
    )
