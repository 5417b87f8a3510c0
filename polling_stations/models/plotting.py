"""Plotting groups of TPS, their assignments and the Daftar Plotting PDF."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from agencies.roles import UnitScopedQuerySet
from config.documents import GeneratedDocument

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
        return self.title(name=self.name, number=self.number)

    @staticmethod
    def title(*, name: str, number: int) -> str:
        """The group's name, or its number when it has none (pages reading plain rows
        show the same)."""
        return name or f"Kelompok {number}"


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


class PlottingDocument(GeneratedDocument):
    """One requested Daftar Plotting PDF of a unit for an operation, built by a worker."""

    upload_folder = "daftar-plotting"

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

    objects = UnitScopedQuerySet.as_manager()

    class Meta(GeneratedDocument.Meta):
        verbose_name = _("dokumen daftar plotting")
        verbose_name_plural = _("dokumen daftar plotting")
        indexes = [models.Index(fields=["operation", "unit", "-requested_at"])]

    def __str__(self):
        return f"{self.operation} - {self.unit} ({self.get_status_display()})"

    @property
    def filename(self) -> str:
        return f"daftar-plotting-{self.operation.slug}-{self.unit.slug}.pdf"

    status_url_name = "polling_stations:plotting_document_status"
    download_url_name = "polling_stations:plotting_document_download"
    dom_prefix = "plotting-document"

    def url_args(self) -> list:
        return [self.operation.slug, self.unit.slug, self.pk]
