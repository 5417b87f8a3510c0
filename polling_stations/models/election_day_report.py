"""The Laporan hasil pengamanan: a unit's voting-day report, requested and built as a document."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from agencies.roles import UnitScopedQuerySet
from config.documents import GeneratedDocument


class ElectionDayReport(GeneratedDocument):
    """One requested "Laporan hasil pengamanan" PDF of a unit for an operation.

    A report covers either what really happened (``is_exercise`` false: drill data left
    out) or one drill (only exercise data, every page marked LATIHAN); never a mix, so
    a drill's incidents can never be read as the real day's.
    """

    upload_folder = "laporan-hasil-pengamanan"

    operation = models.ForeignKey(
        "operations.Operation",
        verbose_name=_("operasi"),
        on_delete=models.CASCADE,
        related_name="election_day_reports",
    )
    unit = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("satuan"),
        on_delete=models.PROTECT,
        related_name="election_day_reports",
    )
    is_exercise = models.BooleanField(
        _("laporan latihan"),
        default=False,
        help_text=_("Hanya data latihan; tanpa tanda ini hanya data nyata."),
    )

    objects = UnitScopedQuerySet.as_manager()

    class Meta(GeneratedDocument.Meta):
        verbose_name = _("laporan hasil pengamanan")
        verbose_name_plural = _("laporan hasil pengamanan")
        indexes = [models.Index(fields=["operation", "unit", "-requested_at"])]

    def __str__(self):
        return f"{self.operation} - {self.unit} ({self.get_status_display()})"

    @property
    def filename(self) -> str:
        kind = "latihan" if self.is_exercise else "pengamanan"
        return f"laporan-hasil-{kind}-{self.operation.slug}-{self.unit.slug}-{self.pk}.pdf"

    status_url_name = "election_day:report_status"
    download_url_name = "election_day:report_download"
    dom_prefix = "election-day-report"

    def url_args(self) -> list:
        return [self.operation.slug, self.unit.slug, self.pk]
