from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agencies.roles import UnitScopedQuerySet, access_for
from config.documents import GeneratedDocument


class Election(models.Model):
    """An election Polri secures: "Pemilu 2024" (14 Feb 2024), "Pilkada 2024"."""

    class Kind(models.TextChoices):
        PEMILU = "pemilu", _("Pemilu (nasional)")
        PILKADA = "pilkada", _("Pilkada (kepala daerah)")

    name = models.CharField(_("nama"), max_length=120)
    slug = models.SlugField(_("slug"), unique=True)
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    voting_day = models.DateField(_("hari pemungutan suara"))

    class Meta:
        verbose_name = _("pemilihan")
        verbose_name_plural = _("pemilihan")
        ordering = ["-voting_day"]

    def __str__(self):
        return self.name


class ElectionStage(models.Model):
    """A stage of the KPU schedule (campaign, quiet period, voting, counting...)."""

    election = models.ForeignKey(
        Election, verbose_name=_("pemilihan"), on_delete=models.CASCADE, related_name="stages"
    )
    name = models.CharField(_("tahapan"), max_length=160)
    starts_on = models.DateField(_("mulai"))
    ends_on = models.DateField(_("selesai"))

    class Meta:
        verbose_name = _("tahapan pemilihan")
        verbose_name_plural = _("tahapan pemilihan")
        ordering = ["election", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="stage_ends_after_start"
            )
        ]

    def __str__(self):
        return f"{self.election}: {self.name}"


class OperationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Operations a user may see: those of their units, above and below, and the
        operations their agency was invited to take part in."""

        access = access_for(user)
        if access.is_admin:
            return self.all()
        if not access.is_anyone:
            return self.none()
        query = Q(pk__in=[])
        for unit in access.police_units:
            # Own unit's subtree, plus the ancestors' operations it takes part in
            # (a Polres works inside its Polda's and Mabes' operations).
            ancestor_ids = [int(pk) for pk in unit.path.strip("/").split("/")]
            query |= Q(commanding_unit__path__startswith=unit.path)
            query |= Q(commanding_unit_id__in=ancestor_ids)
        if not access.liaised:
            # No join: each operation once without DISTINCT (costly to compile and run).
            return self.filter(query)
        query |= Q(meetings__invitations__agency__in=access.liaised) & ~Q(
            meetings__visibility="internal"
        )
        return self.filter(query).distinct()


class Operation(models.Model):
    """A named police operation: Mantap Brata 2023-2024, Mantap Praja Singgalang 2024."""

    class Kind(models.TextChoices):
        MANTAP_BRATA = "mantap_brata", _("Mantap Brata (Pemilu)")
        MANTAP_PRAJA = "mantap_praja", _("Mantap Praja (Pilkada)")
        OTHER = "lainnya", _("Lainnya")

    name = models.CharField(_("nama operasi"), max_length=160)
    slug = models.SlugField(_("slug"), max_length=160, unique=True)
    kind = models.CharField(_("jenis"), max_length=16, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("operasi induk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sub_operations",
    )
    commanding_unit = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("satuan penyelenggara"),
        on_delete=models.PROTECT,
        related_name="operations",
        limit_choices_to={"kind__in": ["mabes_polri", "polda", "polres"]},
    )
    starts_on = models.DateField(_("mulai"))
    ends_on = models.DateField(_("selesai"))
    elections = models.ManyToManyField(
        Election, verbose_name=_("pemilihan yang diamankan"), related_name="operations"
    )
    personnel_strength = models.PositiveIntegerField(_("kekuatan personel"), null=True, blank=True)
    description = models.TextField(_("keterangan"), blank=True)
    # The dashboard's traffic light for the units below: what counts as a warning is the
    # operation's call, so the thresholds are data (and printed in the legend).
    light_red_coverage = models.PositiveSmallIntegerField(
        _("merah: cakupan personel di bawah (%)"),
        default=80,
        validators=[MaxValueValidator(100)],
    )
    light_yellow_coverage = models.PositiveSmallIntegerField(
        _("kuning: cakupan personel di bawah (%)"),
        default=100,
        validators=[MaxValueValidator(100)],
    )
    light_red_overdue = models.PositiveSmallIntegerField(
        _("merah: tindak lanjut lewat tenggat sebanyak"),
        default=3,
        validators=[MinValueValidator(1)],
    )
    light_meeting_days = models.PositiveSmallIntegerField(
        _("kuning: tidak ada rapat koordinasi selama (hari)"),
        default=30,
        validators=[MinValueValidator(1)],
    )

    objects = OperationQuerySet.as_manager()

    class Meta:
        verbose_name = _("operasi")
        verbose_name_plural = _("operasi")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="operation_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(light_red_coverage__lte=models.F("light_yellow_coverage")),
                name="operation_light_red_below_yellow",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def duration_days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError(
                {"ends_on": _("Tanggal selesai operasi tidak boleh sebelum tanggal mulai.")}
            )
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": _("Operasi tidak boleh menjadi induk dirinya.")})
        if (
            self.light_red_coverage is not None
            and self.light_yellow_coverage is not None
            and self.light_red_coverage > self.light_yellow_coverage
        ):
            raise ValidationError(
                {
                    "light_red_coverage": _(
                        "Ambang merah cakupan personel tidak boleh di atas ambang kuning."
                    )
                }
            )

    def phase_on(self, day) -> "OperationPhase | None":
        """The phase running on ``day`` (phases are prefetched or read once)."""
        return next((p for p in self.phases.all() if p.starts_on <= day <= p.ends_on), None)


class OperationPhase(models.Model):
    """Pre-operation, execution, post-operation, each with its dates."""

    class Kind(models.TextChoices):
        PRE = "pra", _("Pra-operasi")
        EXECUTION = "pelaksanaan", _("Pelaksanaan")
        POST = "pasca", _("Pasca-operasi")

    operation = models.ForeignKey(
        Operation, verbose_name=_("operasi"), on_delete=models.CASCADE, related_name="phases"
    )
    kind = models.CharField(_("tahap"), max_length=12, choices=Kind.choices)
    starts_on = models.DateField(_("mulai"))
    ends_on = models.DateField(_("selesai"))

    class Meta:
        verbose_name = _("tahap operasi")
        verbose_name_plural = _("tahap operasi")
        ordering = ["operation", "starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["operation", "kind"], name="phase_once_per_operation"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="phase_ends_after_start"
            ),
        ]

    def __str__(self):
        return f"{self.operation}: {self.get_kind_display()}"


class ReadinessReport(GeneratedDocument):
    """A requested Laporan Kesiapan Pengamanan of a unit for an operation, built by a worker."""

    upload_folder = "laporan-kesiapan"

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

    objects = UnitScopedQuerySet.as_manager()

    class Meta(GeneratedDocument.Meta):
        verbose_name = _("laporan kesiapan pengamanan")
        verbose_name_plural = _("laporan kesiapan pengamanan")
        indexes = [models.Index(fields=["operation", "unit", "-requested_at"])]

    def __str__(self):
        return f"{self.operation} - {self.unit} ({self.get_status_display()})"

    @property
    def filename(self) -> str:
        return f"laporan-kesiapan-{self.unit.slug}-{self.operation.slug}.pdf"

    status_url_name = "operations:readiness_report_status"
    download_url_name = "operations:readiness_report_download"
    dom_prefix = "report"

    def url_args(self) -> list:
        return [self.operation.slug, self.pk]
