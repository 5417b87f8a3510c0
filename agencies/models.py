from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from .geography import Region
from .zones import WIB, Zone, zone_for_region_code


class AgencyQuerySet(models.QuerySet):
    def police(self):
        return self.filter(kind__in=Agency.POLICE_KINDS)

    def subtree_of(self, agency: "Agency"):
        """The agency and every unit below it (Polda -> Polres -> Polsek)."""
        return self.filter(path__startswith=agency.path)

    def subtrees_of(self, agencies):
        query = models.Q(pk__in=[])
        for agency in agencies:
            query |= models.Q(path__startswith=agency.path)
        return self.filter(query)


class Agency(models.Model):
    """A unit of Polri or a partner agency, in one tree per institution.

    ``path`` is a materialised path of primary keys ("/1/10/46/") so that "this unit
    and everything below it" is one indexed prefix filter, at any depth.
    """

    class Kind(models.TextChoices):
        MABES_POLRI = "mabes_polri", _("Mabes Polri")
        POLDA = "polda", _("Polda")
        POLRES = "polres", _("Polres/Polresta/Polres Metro")
        POLSEK = "polsek", _("Polsek")
        SATKER_POLRI = "satker_polri", _("Satuan kerja Polri (Brimob, Sat, dll.)")
        KODAM = "kodam", _("Kodam")
        KOREM = "korem", _("Korem")
        KODIM = "kodim", _("Kodim")
        KORAMIL = "koramil", _("Koramil")
        KPU = "kpu", _("KPU")
        BAWASLU = "bawaslu", _("Bawaslu")
        PEMDA = "pemda", _("Pemerintah daerah")
        DINAS = "dinas", _("Dinas/badan pemda")
        KEJAKSAAN = "kejaksaan", _("Kejaksaan")
        LAPAS = "lapas", _("Lapas/Rutan")
        DPR = "dpr", _("DPR/DPRD")
        KEMENDAGRI = "kemendagri", _("Kemendagri")
        PERS = "pers", _("Pers")
        MASYARAKAT = "masyarakat", _("Komunitas/masyarakat")
        LAINNYA = "lainnya", _("Lainnya")

    POLICE_KINDS = (Kind.MABES_POLRI, Kind.POLDA, Kind.POLRES, Kind.POLSEK, Kind.SATKER_POLRI)

    class Level(models.TextChoices):
        NATIONAL = "ri", _("Pusat/RI")
        PROVINCE = "provinsi", _("Provinsi")
        REGENCY = "kabupaten_kota", _("Kabupaten/kota")
        DISTRICT = "kecamatan", _("Kecamatan")

    kind = models.CharField(_("jenis"), max_length=16, choices=Kind.choices)
    level = models.CharField(_("tingkat"), max_length=16, choices=Level.choices, blank=True)
    name = models.CharField(_("nama lengkap"), max_length=200)
    short_name = models.CharField(_("nama singkat"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("induk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")
    seat = models.ForeignKey(
        Region,
        verbose_name=_("kedudukan"),
        help_text=_("Wilayah tempat markas; menentukan zona waktu (WIB/WITA/WIT)."),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    regions = models.ManyToManyField(
        Region,
        verbose_name=_("wilayah tanggung jawab"),
        blank=True,
        related_name="agencies",
    )
    email = models.EmailField(_("surel"), blank=True)
    phone = models.CharField(_("telepon"), max_length=40, blank=True)
    head_title = models.CharField(
        _("jabatan pimpinan"),
        max_length=160,
        blank=True,
        help_text=_(
            "Sebutan pimpinan pada alamat surat, mis. Ketua KPU Kabupaten Pasaman Barat. "
            "Kosong: diturunkan dari nama singkat (Kodim -> Dandim, Pemkab -> Bupati)."
        ),
    )
    requires_second_factor = models.BooleanField(
        _("wajib verifikasi dua langkah"),
        default=False,
        help_text=_(
            "Pimpinan dan admin satuan ini dan semua satuan di bawahnya harus memasukkan kode "
            "aplikasi autentikator setelah kata sandi."
        ),
    )

    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("instansi")
        verbose_name_plural = _("instansi")
        ordering = ["path"]

    def __str__(self):
        return self.short_name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.short_name)[:120]
        old_path = self.path
        if self.pk is None:
            super().save(*args, **kwargs)
            kwargs.pop("force_insert", None)
        self.path = f"{self.parent.path if self.parent_id else '/'}{self.pk}/"
        super().save(*args, **kwargs)
        if old_path and old_path != self.path:
            # Moving a unit moves its whole subtree.
            for child in Agency.objects.filter(path__startswith=old_path).exclude(pk=self.pk):
                Agency.objects.filter(pk=child.pk).update(
                    path=self.path + child.path[len(old_path) :]
                )

    @property
    def is_police(self) -> bool:
        return self.kind in self.POLICE_KINDS

    @staticmethod
    def zone_fields(relation: str) -> tuple[str, ...]:
        """What ``zone`` reads, for ``only()`` on rows reaching an agency through
        ``relation`` (``"host"``, ``"meeting__host"``): the seats up its chain."""
        return (
            f"{relation}__seat",
            f"{relation}__parent__seat",
            f"{relation}__parent__parent__seat",
            f"{relation}__parent__parent__parent",
        )

    @cached_property
    def zone(self) -> Zone:
        """The unit's time zone, from the province of its seat (or its parent's)."""
        agency = self
        while agency is not None:
            if agency.seat_id:
                return zone_for_region_code(agency.seat_id)
            agency = agency.parent
        return WIB

    @property
    def time_zone(self) -> str:
        return self.zone.tz_name

    @property
    def tzinfo(self):
        return self.zone.tzinfo

    def clean(self):
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": _("Instansi tidak boleh menjadi induk dirinya.")})
            ancestor = ancestor.parent


class Official(models.Model):
    """A named office holder: "AKBP Agung Tribawanto, Kapolres Pasaman Barat"."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("instansi"), on_delete=models.PROTECT, related_name="officials"
    )
    name = models.CharField(_("nama"), max_length=160)
    rank = models.CharField(
        _("pangkat"), max_length=60, blank=True, help_text=_("Mis. AKBP, Kombes Pol, Mayor Kav.")
    )
    position = models.CharField(
        _("jabatan"), max_length=160, help_text=_("Mis. Kapolres, Kabag Ops, Ketua KPU.")
    )
    nrp = models.CharField(
        _("NRP/NIP"),
        max_length=18,
        blank=True,
        help_text=_(
            "NRP anggota Polri (8 angka), NRP TNI atau NIP ASN (18 angka); dicetak di bawah "
            "nama penanda tangan."
        ),
        validators=[
            RegexValidator(
                r"^\d{5,18}$",
                _("NRP/NIP hanya berisi angka (5 sampai 18 angka), tanpa spasi atau titik."),
            )
        ],
    )
    phone = models.CharField(_("telepon"), max_length=40, blank=True)
    email = models.EmailField(_("surel"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("akun pengguna"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="official",
    )
    is_active = models.BooleanField(_("masih menjabat"), default=True)

    class Meta:
        verbose_name = _("pejabat")
        verbose_name_plural = _("pejabat")
        ordering = ["agency__path", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "name", "position"], name="official_unique_in_agency"
            ),
            # One person, one NRP: a roster import matches on it.
            models.UniqueConstraint(
                fields=["nrp"], condition=~models.Q(nrp=""), name="official_nrp_unique"
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return f"{self.rank} {self.name}".strip()


class Membership(models.Model):
    """What a user may do, and for which agency."""

    class Role(models.TextChoices):
        OPERATOR = "operator", _("Operator (staf operasi Polri)")
        LIAISON = "liaison", _("Penghubung instansi mitra")
        COMMANDER = "commander", _("Pimpinan")
        ADMIN = "admin", _("Administrator")
        FIELD_OFFICER = "field_officer", _("Petugas lapangan (TPS)")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pengguna"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("instansi"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("peran"), max_length=16, choices=Role.choices)

    class Meta:
        verbose_name = _("keanggotaan")
        verbose_name_plural = _("keanggotaan")
        constraints = [
            models.UniqueConstraint(fields=["user", "agency", "role"], name="membership_unique")
        ]

    def __str__(self):
        return f"{self.user} - {self.get_role_display()} {self.agency}"

    def clean(self):
        police_roles = {self.Role.OPERATOR, self.Role.COMMANDER, self.Role.FIELD_OFFICER}
        if self.role in police_roles and self.agency_id and not self.agency.is_police:
            raise ValidationError(
                {"role": _("Operator, pimpinan dan petugas lapangan harus anggota satuan Polri.")}
            )
        if self.role == self.Role.LIAISON and self.agency_id and self.agency.is_police:
            raise ValidationError(
                {"role": _("Penghubung mewakili instansi mitra, bukan satuan Polri.")}
            )


# The letter register lives in its own module; imported here so Django registers its models.
from .letters.models import (  # noqa: E402, F401
    Classification,
    IssuedNumber,
    LetterCounter,
    LetterRegister,
)
