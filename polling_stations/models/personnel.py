"""Security patterns, personnel policies and unit strengths."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .tps import PollingStation


class SecurityPattern(models.Model):
    """ "Pola pengamanan TPS": police : TPS : Linmas per group, for one category.

    Rows without an operation are the national default; an operation may set its
    own, and a Polda or Polres may set a local one. The most specific wins:
    Polres > Polda > operation > national default.
    """

    operation = models.ForeignKey(
        "operations.Operation",
        verbose_name=_("operasi"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="security_patterns",
        help_text=_("Kosong: pola nasional bawaan."),
    )
    unit = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("satuan (Polda/Polres)"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="security_patterns",
        limit_choices_to={"kind__in": ["polda", "polres"]},
    )
    category = models.CharField(
        _("kategori"), max_length=12, choices=PollingStation.Category.choices
    )
    police_per_group = models.PositiveSmallIntegerField(
        _("personel Polri per kelompok"), validators=[MinValueValidator(2)]
    )
    tps_per_group = models.PositiveSmallIntegerField(
        _("TPS per kelompok"), validators=[MinValueValidator(1)]
    )
    linmas_per_group = models.PositiveSmallIntegerField(_("Linmas per kelompok"), default=0)
    source = models.CharField(_("sumber"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("pola pengamanan TPS")
        verbose_name_plural = _("pola pengamanan TPS")
        ordering = ["operation", "unit", "category"]
        constraints = [
            # One pattern per category at each level (local, operation, national);
            # three partial constraints because NULLs are distinct in a plain one.
            models.UniqueConstraint(
                fields=["operation", "unit", "category"],
                condition=models.Q(unit__isnull=False),
                name="security_pattern_unique_local",
            ),
            models.UniqueConstraint(
                fields=["operation", "category"],
                condition=models.Q(operation__isnull=False, unit__isnull=True),
                name="security_pattern_unique_operation",
            ),
            models.UniqueConstraint(
                fields=["category"],
                condition=models.Q(operation__isnull=True),
                name="security_pattern_unique_national",
            ),
            # Officers always go at least in pairs.
            models.CheckConstraint(
                condition=models.Q(police_per_group__gte=2) & models.Q(tps_per_group__gte=1),
                name="security_pattern_sane",
            ),
            models.CheckConstraint(
                condition=models.Q(unit__isnull=True) | models.Q(operation__isnull=False),
                name="security_pattern_local_needs_operation",
            ),
        ]

    def __str__(self):
        return f"{self.get_category_display()} {self.ratio}"

    @property
    def ratio(self) -> str:
        return f"{self.police_per_group} : {self.tps_per_group} : {self.linmas_per_group}"

    def clean(self):
        if self.unit_id and self.unit.kind not in ("polda", "polres"):
            raise ValidationError({"unit": _("Pola lokal hanya untuk Polda atau Polres.")})
        if self.unit_id and not self.operation_id:
            raise ValidationError({"operation": _("Pola lokal harus menyebut operasinya.")})


class PersonnelPolicy(models.Model):
    """Reserves an operation keeps: backup platoons per Polsek rayon and their size."""

    operation = models.OneToOneField(
        "operations.Operation",
        verbose_name=_("operasi"),
        on_delete=models.CASCADE,
        related_name="personnel_policy",
    )
    reserve_platoons_per_polsek = models.PositiveSmallIntegerField(
        _("peleton cadangan per Polsek rayon"), default=1
    )
    reserve_platoon_size = models.PositiveSmallIntegerField(
        _("personel per peleton cadangan"), default=30
    )

    class Meta:
        verbose_name = _("kebijakan personel operasi")
        verbose_name_plural = _("kebijakan personel operasi")

    def __str__(self):
        return str(self.operation)


class UnitStrength(models.Model):
    """The personnel a unit actually has for an operation."""

    operation = models.ForeignKey(
        "operations.Operation",
        verbose_name=_("operasi"),
        on_delete=models.CASCADE,
        related_name="unit_strengths",
    )
    unit = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("satuan"),
        on_delete=models.CASCADE,
        related_name="strengths",
    )
    personnel = models.PositiveIntegerField(_("jumlah personel"))
    note = models.CharField(_("catatan"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("kekuatan personel satuan")
        verbose_name_plural = _("kekuatan personel satuan")
        ordering = ["operation", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["operation", "unit"], name="unit_strength_unique")
        ]

    def __str__(self):
        return f"{self.unit}: {self.personnel}"
