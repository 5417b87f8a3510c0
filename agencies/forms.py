from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from config.forms import TextRules

from .models import Agency


class LoginForm(TextRules, AuthenticationForm):
    # Django's own Indonesian catalogue leaves these messages untranslated.
    error_messages = {
        "invalid_login": _(
            "Nama pengguna atau kata sandi salah. Perhatikan huruf besar dan kecil pada keduanya."
        ),
        "inactive": _("Akun ini tidak aktif. Hubungi administrator satuan Anda."),
    }


class RosterImportForm(TextRules, forms.Form):
    """A roster CSV for one of the units the operator runs (or one below it)."""

    unit = forms.ModelChoiceField(label=_("Satuan"), queryset=Agency.objects.none())
    file = forms.FileField(
        label=_("Berkas CSV"),
        help_text=_("Kolom nrp, nama, pangkat, jabatan; satuan boleh diisi (mis. Polsek Kinali)."),
    )

    MAX_BYTES = 2 * 1024 * 1024

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = (
            Agency.objects.police().subtrees_of(units).exclude(kind=Agency.Kind.POLSEK)
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(
                _("Berkas %(size)d KB; paling besar 2.048 KB.") % {"size": upload.size // 1024}
            )
        return upload
