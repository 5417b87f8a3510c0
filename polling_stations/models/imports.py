"""TPS file uploads (TpsImport) and their progress."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.roles import UnitScopedQuerySet
from config.storage import upload_path


def _import_upload_to(instance, filename):
    # The rejected rows download under the stored name, which echoes the uploaded one.
    return upload_path(
        "tps_impor", f"{instance.created_at:%Y/%m}", filename=filename, keep_name=True
    )


class TpsImport(models.Model):
    """One upload of a TPS file by a unit, and what became of it."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Menunggu")
        VALIDATING = "validating", _("Memeriksa berkas")
        IMPORTING = "importing", _("Menyimpan TPS")
        DONE = "done", _("Selesai")
        FAILED = "failed", _("Gagal")

    FINISHED = (Status.DONE, Status.FAILED)
    # Enough to list every bad line of any real correction round; the rejects file has them all.
    MAX_STORED_ERRORS = 5000

    election = models.ForeignKey(
        "operations.Election",
        verbose_name=_("pemilihan"),
        on_delete=models.PROTECT,
        related_name="tps_imports",
    )
    unit = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("satuan pengunggah"),
        help_text=_("Hanya desa di wilayah satuan ini yang boleh diimpor; kosong = tanpa batas."),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tps_imports",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diunggah oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source = models.FileField(_("berkas"), upload_to=_import_upload_to, max_length=255)
    original_name = models.CharField(_("nama berkas"), max_length=255)
    skip_invalid = models.BooleanField(_("lewati baris yang salah"), default=False)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.QUEUED
    )
    rows_total = models.PositiveIntegerField(_("jumlah baris"), null=True, blank=True)
    rows_done = models.PositiveIntegerField(_("baris diperiksa"), default=0)
    created_count = models.PositiveIntegerField(_("TPS baru"), default=0)
    updated_count = models.PositiveIntegerField(_("TPS diperbarui"), default=0)
    unchanged_count = models.PositiveIntegerField(_("TPS tidak berubah"), default=0)
    rejected_count = models.PositiveIntegerField(_("baris ditolak"), default=0)
    errors = models.JSONField(
        _("baris yang salah"),
        default=list,
        blank=True,
        help_text=_("Daftar [nomor baris, alasan]."),
    )
    failure = models.TextField(_("kesalahan berkas"), blank=True)
    rejects_file = models.FileField(
        _("berkas baris ditolak"), upload_to=_import_upload_to, max_length=255, blank=True
    )
    created_at = models.DateTimeField(_("diunggah"), default=timezone.now, editable=False)
    started_at = models.DateTimeField(_("mulai diproses"), null=True, blank=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("impor TPS")
        verbose_name_plural = _("impor TPS")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.original_name} ({self.get_status_display()})"

    @property
    def time_zone(self) -> str:
        """Shown in the uploading unit's zone (WIB/WITA/WIT)."""
        return self.unit.time_zone if self.unit_id else settings.TIME_ZONE

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED

    @property
    def percent(self) -> int:
        """Checking the rows is most of the work (up to 90 %); saving them is the rest."""
        if self.status == self.Status.DONE:
            return 100
        if self.status == self.Status.IMPORTING:
            return 95
        if not self.rows_total:
            return 0
        return min(90, round(90 * self.rows_done / self.rows_total))

    @property
    def error_lines_truncated(self) -> bool:
        return self.rejected_count > len(self.errors)
