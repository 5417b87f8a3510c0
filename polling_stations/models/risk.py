"""Bawaslu risk indicators, reports and the TPS category rule and overrides."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .tps import PollingStation


def in_active_language(text: str, text_en: str) -> str:
    """Data written in Bahasa Indonesia with its own English translation: the English
    one when the page is in English and a translation exists."""
    if text_en and (get_language() or "").startswith("en"):
        return text_en
    return text


class IndicatorSet(models.Model):
    """One version of Bawaslu's list of TPS-risk indicators for an election.

    Bawaslu changes the list between elections (Pemilu 2024: 22 indicators in 7
    variables; Pilkada 2024: 8 variables and regional sets of 22-27), so the list is
    data, versioned per election.
    """

    election = models.ForeignKey(
        "operations.Election",
        verbose_name=_("pemilihan"),
        on_delete=models.PROTECT,
        related_name="indicator_sets",
    )
    name = models.CharField(_("nama"), max_length=160)
    version = models.PositiveSmallIntegerField(_("versi"), default=1)
    effective_on = models.DateField(_("berlaku sejak"))
    source = models.CharField(_("sumber"), max_length=255, blank=True)
    is_active = models.BooleanField(
        _("berlaku"), default=True, help_text=_("Versi yang dipakai untuk laporan baru.")
    )

    class Meta:
        verbose_name = _("set indikator kerawanan")
        verbose_name_plural = _("set indikator kerawanan")
        ordering = ["election", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["election", "version"], name="indicator_set_version_unique"
            ),
            models.UniqueConstraint(
                fields=["election"],
                condition=models.Q(is_active=True),
                name="indicator_set_one_active_per_election",
            ),
        ]

    def __str__(self):
        return f"{self.name} (v{self.version})"


class RiskVariable(models.Model):
    """A Bawaslu variable grouping indicators (penggunaan hak pilih, keamanan, ...)."""

    indicator_set = models.ForeignKey(
        IndicatorSet,
        verbose_name=_("set indikator"),
        on_delete=models.CASCADE,
        related_name="variables",
    )
    code = models.SlugField(_("kode"), max_length=60)
    name = models.CharField(_("nama"), max_length=160)
    name_en = models.CharField(_("nama (bahasa Inggris)"), max_length=160, blank=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("variabel kerawanan")
        verbose_name_plural = _("variabel kerawanan")
        ordering = ["indicator_set", "order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator_set", "code"], name="risk_variable_unique_in_set"
            )
        ]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        return in_active_language(self.name, self.name_en)


class RiskIndicator(models.Model):
    """One Bawaslu indicator; ``is_security`` marks those of the security variable,
    which weigh more in the Polri category rule."""

    indicator_set = models.ForeignKey(
        IndicatorSet,
        verbose_name=_("set indikator"),
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    variable = models.ForeignKey(
        RiskVariable,
        verbose_name=_("variabel"),
        on_delete=models.PROTECT,
        related_name="indicators",
    )
    number = models.PositiveSmallIntegerField(_("nomor"))
    text = models.CharField(_("indikator"), max_length=300)
    text_en = models.CharField(_("indikator (bahasa Inggris)"), max_length=300, blank=True)
    is_security = models.BooleanField(_("indikator keamanan"), default=False)
    frequency = models.CharField(
        _("kelompok frekuensi Bawaslu"),
        max_length=40,
        blank=True,
        help_text=_("Mis. paling banyak terjadi, banyak terjadi."),
    )
    national_tps_count = models.PositiveIntegerField(
        _("jumlah TPS nasional (rilis Bawaslu)"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("indikator kerawanan")
        verbose_name_plural = _("indikator kerawanan")
        ordering = ["indicator_set", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator_set", "number"], name="risk_indicator_number_unique"
            )
        ]

    def __str__(self):
        return f"{self.number}. {self.label}"

    @property
    def label(self) -> str:
        return in_active_language(self.text, self.text_en)

    def clean(self):
        if (
            self.variable_id
            and self.indicator_set_id
            and self.variable.indicator_set_id != self.indicator_set_id
        ):
            raise ValidationError(
                {"variable": _("Variabel harus berasal dari set indikator yang sama.")}
            )


class IndicatorReport(models.Model):
    """That an indicator holds at a TPS: who reported it, for which agency, when."""

    polling_station = models.ForeignKey(
        PollingStation,
        verbose_name=_("TPS"),
        on_delete=models.CASCADE,
        related_name="indicator_reports",
    )
    indicator = models.ForeignKey(
        RiskIndicator,
        verbose_name=_("indikator"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dilaporkan oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source_agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("instansi sumber"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indicator_reports",
    )
    reported_on = models.DateField(_("tanggal laporan"))
    note = models.TextField(_("catatan"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("laporan indikator TPS")
        verbose_name_plural = _("laporan indikator TPS")
        ordering = ["polling_station", "indicator__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["polling_station", "indicator"], name="indicator_report_once_per_tps"
            )
        ]
        indexes = [models.Index(fields=["indicator", "polling_station"])]

    def __str__(self):
        return f"{self.polling_station}: {self.indicator}"

    def clean(self):
        if (
            self.polling_station_id
            and self.indicator_id
            and self.indicator.indicator_set.election_id != self.polling_station.election_id
        ):
            raise ValidationError(
                {"indicator": _("Indikator ini bukan milik pemilihan TPS tersebut.")}
            )


class CategoryRule(models.Model):
    """How an operation turns Bawaslu indicators into a suggested Polri category.

    Defaults follow the issue: khusus for a special location; sangat rawan when a
    security indicator holds or three or more hold; rawan when one holds; otherwise
    kurang rawan.
    """

    operation = models.OneToOneField(
        "operations.Operation",
        verbose_name=_("operasi"),
        on_delete=models.CASCADE,
        related_name="category_rule",
    )
    special_location_is_khusus = models.BooleanField(
        _("TPS di lokasi khusus berkategori khusus"), default=True
    )
    security_indicator_is_very_high = models.BooleanField(
        _("satu indikator keamanan menjadikan sangat rawan"), default=True
    )
    very_high_min_indicators = models.PositiveSmallIntegerField(
        _("jumlah indikator minimal untuk sangat rawan"),
        default=3,
        validators=[MinValueValidator(1)],
    )
    high_min_indicators = models.PositiveSmallIntegerField(
        _("jumlah indikator minimal untuk rawan"), default=1, validators=[MinValueValidator(1)]
    )

    class Meta:
        verbose_name = _("aturan kategori TPS")
        verbose_name_plural = _("aturan kategori TPS")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(high_min_indicators__gte=1)
                & models.Q(very_high_min_indicators__gte=models.F("high_min_indicators")),
                name="category_rule_thresholds_ordered",
            )
        ]

    def __str__(self):
        return str(self.operation)

    def clean(self):
        if (
            self.high_min_indicators is not None
            and self.very_high_min_indicators is not None
            and self.very_high_min_indicators < self.high_min_indicators
        ):
            raise ValidationError(
                {
                    "very_high_min_indicators": _(
                        "Ambang sangat rawan tidak boleh lebih kecil dari ambang rawan."
                    )
                }
            )


class CategoryOverride(models.Model):
    """The log of operators setting (or lifting) a TPS's Polri category by hand.

    The TPS keeps the effective category; this table is its history, one row per
    change, each with its mandatory reason.
    """

    polling_station = models.ForeignKey(
        PollingStation,
        verbose_name=_("TPS"),
        on_delete=models.CASCADE,
        related_name="category_overrides",
    )
    category = models.CharField(
        _("kategori ditetapkan"),
        max_length=12,
        choices=PollingStation.Category.choices,
        blank=True,
        help_text=_("Kosong: penetapan dicabut, kategori kembali mengikuti aturan."),
    )
    previous_category = models.CharField(
        _("kategori sebelumnya"), max_length=12, choices=PollingStation.Category.choices
    )
    reason = models.TextField(_("alasan"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diubah oleh"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        verbose_name = _("penetapan kategori TPS")
        verbose_name_plural = _("penetapan kategori TPS")
        ordering = ["polling_station", "-changed_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(reason=""), name="category_override_has_reason"
            )
        ]

    def __str__(self):
        return f"{self.polling_station}: {self.category or '-'}"

    def clean(self):
        if not (self.reason or "").strip():
            raise ValidationError({"reason": _("Alasan penetapan kategori wajib diisi.")})
