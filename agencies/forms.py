from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from config.forms import TextRules


class LoginForm(TextRules, AuthenticationForm):
    # Django's own Indonesian catalogue leaves these messages untranslated.
    error_messages = {
        "invalid_login": _(
            "Nama pengguna atau kata sandi salah. Perhatikan huruf besar dan kecil pada keduanya."
        ),
        "inactive": _("Akun ini tidak aktif. Hubungi administrator satuan Anda."),
    }
