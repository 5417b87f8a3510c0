"""One row per view or export of sensitive data: who, when, what, from where."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from agencies.roles import access_for


class AccessRecordQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Admins read every row; commanders the rows about their units and those below."""
        access = access_for(user)
        if access.is_admin:
            return self.all()
        return self.filter(access.subtree_q("unit", access.commanded))


class AccessRecord(models.Model):
    class Kind(models.TextChoices):
        TPS_LIST = "tps_list", _("Daftar TPS")
        TPS_EXPORT_CSV = "tps_export_csv", _("Ekspor TPS (CSV)")
        TPS_EXPORT_XLSX = "tps_export_xlsx", _("Ekspor TPS (XLSX)")
        TPS_MAP_DATA = "tps_map_data", _("Data peta TPS")
        PLOTTING = "plotting", _("Plotting personel")
        PLOTTING_DOCUMENT = "plotting_document", _("Unduh Daftar Plotting (PDF)")
        READINESS_REPORT = "readiness_report", _("Unduh laporan kesiapan (PDF)")
        ELECTION_DAY_REPORT = "election_day_report", _("Unduh laporan hasil pengamanan (PDF)")

    at = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pengguna"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="access_records",
    )
    # Kept apart from the user row so the trail still names someone whose account is gone.
    username = models.CharField(_("nama pengguna"), max_length=150)
    kind = models.CharField(_("jenis"), max_length=32, choices=Kind.choices)
    unit = models.ForeignKey(
        Agency,
        verbose_name=_("satuan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    subject = models.CharField(_("objek"), max_length=255, blank=True)
    filters = models.JSONField(_("filter"), default=dict, blank=True)
    address = models.GenericIPAddressField(_("alamat IP"), null=True, blank=True)

    objects = AccessRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("jejak akses")
        verbose_name_plural = _("jejak akses")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["unit", "-at"], name="audit_unit_at")]

    def __str__(self):
        return f"{self.username} {self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"
