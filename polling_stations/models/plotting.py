"""Plotting groups of TPS, their assignments and the Daftar Plotting PDF."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from agencies.models import UnitScopedQuerySet

from .tps import PollingStation


class PlottingGroup(models.Model):
    """A group of TPS guarded together by a team of officers, within one Polsek."""

    operation = models.ForeignKey(
        "operations.Operation",
        verbose_name=_("operasi"),
        on_delete=models.CASCADE,
        related_name="plotting_groups",
    )
    polsek = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("Polsek"),
        on_delete=models.CASCADE,
        related_name="plotting_groups",
    )
    number = models.PositiveIntegerField(_("nomor kelompok"))
    name = models.CharField(_("nama kelompok"), max_length=160, blank=True)
    category = models.CharField(
        _("kategori"), max_length=12, choices=PollingStation.Category.choices
    )
    officer_count = models.PositiveSmallIntegerField(_("jumlah personel"), default=2)
    officers = models.ManyToManyField(
        "agencies.Official", verbose_name=_("personel bernama"), blank=True, related_name="+"
    )
    polling_stations = models.ManyToManyField(
        PollingStation,
        verbose_name=_("TPS"),
        through="PlottingAssignment",
        related_name="plotting_groups",
    )
    note = models.CharField(_("catatan"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("kelompok plotting")
        verbose_name_plural = _("kelompok plotting")
        ordering = ["operation", "polsek", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["operation", "polsek", "number"], name="plotting_group_number_unique"
            )
        ]

    def __str__(self):
        return self.name or f"Kelompok {self.number}"


class PlottingAssignment(models.Model):
    """A TPS in a plotting group; a TPS belongs to one group per operation."""

    group = models.ForeignKey(PlottingGroup, verbose_name=_("kelompok"), on_delete=models.CASCADE)
    polling_station = models.ForeignKey(
        PollingStation, verbose_name=_("TPS"), on_delete=models.CASCADE
    )
    operation = models.ForeignKey(
        "operations.Operation", on_delete=models.CASCADE, related_name="+", editable=False
    )

    class Meta:
        verbose_name = _("penugasan TPS")
        verbose_name_plural = _("penugasan TPS")
        constraints = [
            models.UniqueConstraint(
                fields=["operation", "polling_station"], name="plotting_tps_once_per_operation"
            )
        ]

    def __str__(self):
        return f"{self.group}: {self.polling_station_id}"

    def save(self, *args, **kwargs):
        self.operation_id = self.group.operation_id
        super().save(*args, **kwargs)


def _plotting_document_upload_to(instance, filename):
    return f"daftar-plotting/{instance.pk}/{filename}"


class PlottingDocument(models.Model):
    """One requested Daftar Plotting PDF of a unit for an operation, and its progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Dalam antrean")
        RUNNING = "running", _("Sedang dibuat")
        DONE = "done", _("Selesai")
        FAILED = "failed", _("Gagal")

    operation = models.ForeignKey(
        "operations.Operation",
        verbose_name=_("operasi"),
        on_delete=models.CASCADE,
        related_name="plotting_documents",
    )
    unit = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("satuan"),
        on_delete=models.PROTECT,
        related_name="plotting_documents",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diminta oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("kemajuan (%)"), default=0)
    error = models.TextField(_("alasan gagal"), blank=True)
    file = models.FileField(_("berkas"), upload_to=_plotting_document_upload_to, blank=True)
    sha256 = models.CharField(_("checksum SHA-256"), max_length=64, blank=True)
    celery_task_id = models.CharField(_("ID tugas Celery"), max_length=64, blank=True)
    requested_at = models.DateTimeField(_("diminta"), auto_now_add=True)
    generated_at = models.DateTimeField(_("selesai dibuat"), null=True, blank=True)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("dokumen daftar plotting")
        verbose_name_plural = _("dokumen daftar plotting")
        ordering = ["-requested_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="plotting_document_progress_max"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="done") | (~models.Q(file="") & ~models.Q(sha256="")),
                name="plotting_document_done_has_file",
            ),
        ]
        indexes = [models.Index(fields=["operation", "unit", "-requested_at"])]

    def __str__(self):
        return f"{self.operation} - {self.unit} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def filename(self) -> str:
        return f"daftar-plotting-{self.operation.slug}-{self.unit.slug}.pdf"
