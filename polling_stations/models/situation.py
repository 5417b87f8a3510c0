"""Counters behind the situation summaries, kept by the voting-day ingestion."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AreaReportCount(models.Model):
    """TPS reported, in all and per phase, in one village (and Polsek) of one operation.

    Kept by the ingestion in the transaction that changes the TPS states, so that a
    situation summary adds up a few thousand of these rather than reading tens of
    thousands of TPS states while reports flow.
    """

    operation = models.ForeignKey(
        "operations.Operation", on_delete=models.CASCADE, related_name="+"
    )
    village = models.ForeignKey(
        "agencies.Region", on_delete=models.DO_NOTHING, related_name="+", db_constraint=False
    )
    polsek = models.ForeignKey(
        "agencies.Agency",
        null=True,
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
    )
    reported = models.IntegerField(default=0)
    # One column per Phase, named by its value.
    logistics_arrived = models.IntegerField(default=0)
    opening = models.IntegerField(default=0)
    voting = models.IntegerField(default=0)
    counting = models.IntegerField(default=0)
    results_handed_over = models.IntegerField(default=0)
    departure_to_ppk = models.IntegerField(default=0)
    arrival_at_ppk = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("hitungan TPS melapor per desa")
        verbose_name_plural = _("hitungan TPS melapor per desa")
        constraints = [
            # A TPS without a Polsek (a kecamatan no Polsek holds) may get several rows,
            # NULLs being distinct: the summaries add rows up, so that is harmless.
            models.UniqueConstraint(
                fields=["operation", "village", "polsek"], name="area_report_count_unique"
            )
        ]
        indexes = [
            models.Index(
                fields=["operation", "village"],
                opclasses=["int8_ops", "varchar_pattern_ops"],
                name="area_report_count_area",
            ),
        ]

    def __str__(self):
        return f"{self.village_id}: {self.reported}"
