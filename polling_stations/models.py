from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .zones import zone_for_region_code


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


# --- TPS import (issue 4) ------------------------------------------------------------------


class TpsImportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Imports of the user's police units and the units below them; admins see all."""
        from agencies.roles import access_for

        access = access_for(user)
        if access.is_admin:
            return self.all()
        if not access.police_units:
            return self.none()
        return self.filter(access.subtree_q("unit", access.police_units))


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

    objects = TpsImportQuerySet.as_manager()

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
