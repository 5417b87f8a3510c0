"""The sign-in log: every successful and failed sign-in, kept for admins to read."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SignIn(models.Model):
    at = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)
    username = models.CharField(_("nama pengguna"), max_length=150, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pengguna"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sign_ins",
    )
    succeeded = models.BooleanField(_("berhasil"))
    address = models.GenericIPAddressField(_("alamat IP"), null=True, blank=True)
    user_agent = models.CharField(_("peramban"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("catatan masuk")
        verbose_name_plural = _("catatan masuk")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.username} {self.at:%Y-%m-%d %H:%M}"
