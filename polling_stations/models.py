from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agencies.roles import UnitScopedQuerySet
from agencies.zones import zone_for_region_code
from config.documents import GeneratedDocument


class RegionQuerySet(models.QuerySet):
    def provinces(self):
        return self.filter(level=Region.Level.PROVINCE)

    def within(self, region: "Region"):
        """The region itself and everything below it, by Kemendagri code prefix."""
        return self.filter(
            models.Q(code=region.code) | models.Q(code__startswith=region.code + ".")
        )


class Region(models.Model):
    """An administrative region with its Kemendagri code (``13.12.01.2001``).

    The dotted code is the primary key: it is what KPU files, Bawaslu reports and
    the police speak, and its prefix is the region tree.
    """

    class Level(models.IntegerChoices):
        PROVINCE = 1, _("Provinsi")
        REGENCY = 2, _("Kabupaten/kota")
        DISTRICT = 3, _("Kecamatan")
        VILLAGE = 4, _("Desa/kelurahan")

    class Kind(models.TextChoices):
        PROVINCE = "provinsi", _("Provinsi")
        KABUPATEN = "kabupaten", _("Kabupaten")
        KOTA = "kota", _("Kota")
        KECAMATAN = "kecamatan", _("Kecamatan")
        DESA = "desa", _("Desa")
        KELURAHAN = "kelurahan", _("Kelurahan")

    code = models.CharField(_("kode Kemendagri"), max_length=13, primary_key=True)
    name = models.CharField(_("nama"), max_length=120)
    level = models.PositiveSmallIntegerField(_("tingkat"), choices=Level.choices)
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("induk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")
        ordering = ["code"]
        indexes = [
            models.Index(fields=["level", "code"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level=1, parent__isnull=True)
                | models.Q(level__gt=1, parent__isnull=False),
                name="region_parent_matches_level",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def province_code(self) -> str:
        return self.code[:2]

    @property
    def time_zone(self) -> str:
        return zone_for_region_code(self.code).tz_name

    @property
    def zone_label(self) -> str:
        return zone_for_region_code(self.code).label


class PollingStationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """TPS a user may see: police units see the TPS of their area (the regions of
        the unit and of the units below it, and TPS assigned to a Polsek below it);
        admins and Mabes see all; partner liaisons see none."""
        from agencies.roles import access_for

        access = access_for(user)
        if access.is_admin:
            return self.all()
        return self.filter(area_q(access.police_units))

    def editable_by(self, user):
        """TPS an operator may change: those in the area of the units they operate."""
        from agencies.roles import access_for

        access = access_for(user)
        if access.is_admin:
            return self.all()
        return self.filter(area_q(access.operated))

    def in_area_of(self, unit):
        return self.filter(area_q([unit]))


class PollingStation(models.Model):
    """A TPS: the village's Kemendagri code plus its number, for one election."""

    class Kind(models.TextChoices):
        REGULAR = "reguler", _("Reguler")
        SPECIAL = "khusus", _("Khusus")

    class SpecialLocation(models.TextChoices):
        LAPAS = "lapas", _("Lembaga pemasyarakatan")
        RUTAN = "rutan", _("Rumah tahanan")
        PANTI = "panti", _("Panti sosial/rehabilitasi")
        RELOKASI = "relokasi", _("Relokasi bencana")
        PERKEBUNAN = "perkebunan", _("Perkebunan")
        PERTAMBANGAN = "pertambangan", _("Pertambangan")
        PESANTREN = "pesantren", _("Pondok pesantren")
        LAINNYA = "lainnya", _("Lainnya")

    class Category(models.TextChoices):
        KURANG_RAWAN = "kurang_rawan", _("Kurang rawan")
        RAWAN = "rawan", _("Rawan")
        SANGAT_RAWAN = "sangat_rawan", _("Sangat rawan")
        KHUSUS = "khusus", _("Khusus")

    election = models.ForeignKey(
        "operations.Election",
        verbose_name=_("pemilihan"),
        on_delete=models.PROTECT,
        related_name="polling_stations",
    )
    village = models.ForeignKey(
        Region,
        verbose_name=_("desa/kelurahan"),
        on_delete=models.PROTECT,
        related_name="polling_stations",
        limit_choices_to={"level": Region.Level.VILLAGE},
    )
    number = models.PositiveSmallIntegerField(
        _("nomor TPS"), validators=[MinValueValidator(1), MaxValueValidator(9999)]
    )
    address = models.CharField(_("alamat"), max_length=255, blank=True)
    registered_voters = models.PositiveIntegerField(_("jumlah DPT"), null=True, blank=True)
    latitude = models.DecimalField(
        _("lintang"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("bujur"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    kind = models.CharField(_("jenis"), max_length=8, choices=Kind.choices, default=Kind.REGULAR)
    special_location = models.CharField(
        _("lokasi khusus"), max_length=12, choices=SpecialLocation.choices, blank=True
    )
    category = models.CharField(
        _("kategori Polri"),
        max_length=12,
        choices=Category.choices,
        default=Category.KURANG_RAWAN,
    )
    polsek = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("Polsek penanggung jawab"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="polling_stations",
    )
    # The rule's suggestion is kept beside the effective ``category`` so that an
    # operator's override (logged in CategoryOverride) survives a recomputation.
    # Database defaults too: the TPS import writes rows with COPY, naming its columns.
    suggested_category = models.CharField(
        _("kategori usulan aturan"),
        max_length=12,
        choices=Category.choices,
        blank=True,
        default="",
        db_default="",
    )
    category_overridden = models.BooleanField(
        _("kategori ditetapkan operator"), default=False, db_default=False
    )

    objects = PollingStationQuerySet.as_manager()

    class Meta:
        verbose_name = _("TPS")
        verbose_name_plural = _("TPS")
        ordering = ["village_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["election", "village", "number"], name="tps_unique_per_village"
            ),
            models.CheckConstraint(
                condition=models.Q(kind="reguler", special_location="")
                | (models.Q(kind="khusus") & ~models.Q(special_location="")),
                name="tps_special_has_location",
            ),
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True, longitude__isnull=True)
                | models.Q(latitude__isnull=False, longitude__isnull=False),
                name="tps_coordinates_both_or_none",
            ),
        ]
        indexes = [
            models.Index(fields=["election", "category"]),
            models.Index(fields=["polsek", "category"]),
            # Region-tree filters are prefix LIKEs on the dotted code; the database's
            # collation is not C, so only a pattern_ops index serves them. Number and id
            # are included so that a page of a list is chosen from the index alone.
            models.Index(
                fields=["election", "village", "number", "id"],
                opclasses=["int8_ops", "varchar_pattern_ops", "int2_ops", "int8_ops"],
                name="tps_election_village_prefix",
            ),
        ]

    def __str__(self):
        return f"TPS {self.number:03d} {self.village.name}"

    @property
    def label(self) -> str:
        return f"TPS {self.number:03d}"

    def clean(self):
        if self.kind == self.Kind.SPECIAL and not self.special_location:
            raise ValidationError(
                {"special_location": _("TPS khusus wajib menyebut jenis lokasi khususnya.")}
            )
        if self.kind == self.Kind.REGULAR and self.special_location:
            raise ValidationError(
                {"special_location": _("TPS reguler tidak memiliki lokasi khusus.")}
            )
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(_("Isi lintang dan bujur bersama-sama, atau kosongkan keduanya."))
        if self.latitude is not None and not (-11.5 <= self.latitude <= 6.5):
            raise ValidationError({"latitude": _("Lintang berada di luar wilayah Indonesia.")})
        if self.longitude is not None and not (94.5 <= self.longitude <= 141.5):
            raise ValidationError({"longitude": _("Bujur berada di luar wilayah Indonesia.")})


# --- TPS import ---------------------------------------------------------------------------


def _import_upload_to(instance, filename):
    return f"tps_impor/{instance.created_at:%Y/%m}/{filename}"


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


# --- Risk, security pattern, personnel and plotting ----------------------------------------


def _minimal_prefixes(codes) -> list[str]:
    """Drops every region code already covered by a shorter one in the set."""
    kept: list[str] = []
    for code in sorted(set(codes), key=len):
        if not any(code == k or code.startswith(k + ".") for k in kept):
            kept.append(code)
    return sorted(kept)


def area_q(units, prefix: str = "") -> models.Q:
    """A filter on PollingStation (or ``prefix`` + PollingStation) for the TPS lying in
    the area of ``units``: the regions held by each unit or any unit below it (the
    Polsek of an imported TPS is the one whose regions cover its kecamatan, so the
    regions cover them). A unit tree without any region falls back to the TPS assigned
    to its Polsek. Mabes Polri covers the whole country.

    Region prefixes only, never OR-ed with the Polsek test: an OR across the two
    defeats the prefix index (270 ms instead of 6 ms for a Polres at national scale).
    """
    from agencies.models import Agency

    units = list(units)
    if not units:
        return models.Q(pk__in=[])
    if any(unit.kind == Agency.Kind.MABES_POLRI for unit in units):
        return models.Q()
    subtree = Agency.objects.subtrees_of(units)
    codes = list(
        Agency.regions.through.objects.filter(agency__in=subtree).values_list(
            "region_id", flat=True
        )
    )
    if not codes:
        return models.Q(**{f"{prefix}polsek__in": subtree.filter(kind=Agency.Kind.POLSEK)})
    query = models.Q(pk__in=[])
    for code in _minimal_prefixes(codes):
        if code.count(".") == 3:
            query |= models.Q(**{f"{prefix}village_id": code})
        else:
            query |= models.Q(**{f"{prefix}village__code__startswith": code + "."})
    return query


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
        return self.name


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
        return f"{self.number}. {self.text}"

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


# --- Daftar Plotting PDF, generated in the background ------------------------------------


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
