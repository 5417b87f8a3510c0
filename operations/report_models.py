"""Readiness reports (Laporan Kesiapan Pengamanan), kept beside ``models.py``."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agencies.roles import access_for


class ReadinessReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Reports on units the user commands or operates (or below them); admins all."""
        access = access_for(user)
        if access.is_admin:
            return self.all()
        return self.filter(access.subtree_q("unit", access.police_units))


def report_upload_to(instance, filename):
    return f"laporan-kesiapan/{instance.pk}/{filename}"


class ReadinessReport(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Dalam antrean")
        RUNNING = "running", _("Sedang dibuat")
        DONE = "done", _("Selesai")
        FAILED = "failed", _("Gagal")

    operation = models.ForeignKey(
        "operations.Operation",
        verbose_name=_("operasi"),
        on_delete=models.CASCADE,
        related_name="readiness_reports",
    )
    unit = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("satuan"),
        on_delete=models.PROTECT,
        related_name="readiness_reports",
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
    file = models.FileField(_("berkas"), upload_to=report_upload_to, blank=True)
    sha256 = models.CharField(_("checksum SHA-256"), max_length=64, blank=True)
    size_bytes = models.PositiveIntegerField(_("ukuran (bita)"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    celery_task_id = models.CharField(_("ID tugas Celery"), max_length=64, blank=True)
    requested_at = models.DateTimeField(_("diminta"), auto_now_add=True)
    started_at = models.DateTimeField(_("mulai dibuat"), null=True, blank=True)
    generated_at = models.DateTimeField(_("selesai dibuat"), null=True, blank=True)

    objects = ReadinessReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("laporan kesiapan pengamanan")
        verbose_name_plural = _("laporan kesiapan pengamanan")
        ordering = ["-requested_at"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="report_progress_max"),
            models.CheckConstraint(
                condition=~Q(status="done") | (~Q(file="") & ~Q(sha256="")),
                name="report_done_has_file",
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
        return f"laporan-kesiapan-{self.unit.slug}-{self.operation.slug}.pdf"
