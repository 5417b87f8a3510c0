from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "agencies.accounts"
    label = "accounts"
    verbose_name = _("Akun dan masuk")

    def ready(self):
        # Connects the sign-in receivers.
        from . import signals  # noqa: F401
