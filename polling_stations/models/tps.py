"""Polling stations (TPS) and the area filter scoping them to police units."""

import hashlib

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from agencies.choice_lists import cached_list
from agencies.geography import minimal_prefixes
from agencies.models import Agency, Region
from agencies.roles import access_for


class PollingStationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """TPS a user may see: police units see the TPS of their area (the regions of
        the unit and of the units below it, and TPS assigned to a Polsek below it);
        admins and Mabes see all; partner liaisons see none."""
        access = access_for(user)
        if access.is_admin:
            return self.all()
        return self.filter(area_q(access.police_units))

    def editable_by(self, user):
        """TPS an operator may change: those in the area of the units they operate."""
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


class DistrictCount(models.Model):
    """How many TPS of an election a kecamatan holds per category: the map's choropleth
    read without a pass over the TPS (820,161 of them nationally).

    Kept by database triggers on the TPS table (migration 0011), in the transaction of
    the write, whatever wrote it: the import's COPY and set-based UPDATE, the risk rule's
    UPDATEs, an override, the admin, the demo loader. Never written from Python.
    """

    election = models.ForeignKey("operations.Election", on_delete=models.CASCADE, related_name="+")
    district_code = models.CharField(max_length=8)
    category = models.CharField(max_length=12, choices=PollingStation.Category.choices)
    tps = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("jumlah TPS per kecamatan")
        verbose_name_plural = _("jumlah TPS per kecamatan")
        constraints = [
            models.UniqueConstraint(
                fields=["election", "district_code", "category"],
                name="district_count_unique",
            ),
        ]
        indexes = [
            # Prefix LIKEs on the code, as for the TPS (the collation is not C).
            models.Index(
                fields=["election", "district_code"],
                opclasses=["int8_ops", "varchar_pattern_ops"],
                name="district_count_prefix",
            ),
        ]

    def __str__(self):
        return f"{self.district_code} {self.category}: {self.tps}"


def _area_codes(units: list[Agency], subtree) -> list[str]:
    """The region codes held in ``units``' subtrees. Kept among the choice lists across
    requests (every write to a unit or to a unit's regions makes them stale; a moved unit
    changes its path, hence the key), and on the first unit for the rest of the request,
    since a page asks for the same units' area several times (its TPS, its map's area,
    its personnel requirement)."""
    paths = ",".join(sorted(unit.path for unit in units))
    kept = units[0].__dict__.setdefault("_area_codes_of", {})
    codes = kept.get(paths)
    if codes is None:
        codes = kept[paths] = cached_list(
            f"area-codes:{hashlib.sha256(paths.encode()).hexdigest()}",
            lambda: list(
                Agency.regions.through.objects.filter(agency__in=subtree).values_list(
                    "region_id", flat=True
                )
            ),
        )
    return codes


def area_codes(units: list[Agency]) -> list[str]:
    """The region codes held by ``units`` and the units below them (kept on a single
    unit for the rest of the request, as ``area_q`` keeps them)."""
    return _area_codes(units, Agency.objects.subtrees_of(units))


def area_q(units, prefix: str = "") -> models.Q:
    """A filter on PollingStation (or ``prefix`` + PollingStation) for the TPS lying in
    the area of ``units``: the regions held by each unit or any unit below it (the
    Polsek of an imported TPS is the one whose regions cover its kecamatan, so the
    regions cover them). A unit tree without any region falls back to the TPS assigned
    to its Polsek. Mabes Polri covers the whole country.

    Region prefixes only, never OR-ed with the Polsek test: an OR across the two
    defeats the prefix index (270 ms instead of 6 ms for a Polres at national scale).
    """
    units = list(units)
    if not units:
        return models.Q(pk__in=[])
    if any(unit.kind == Agency.Kind.MABES_POLRI for unit in units):
        return models.Q()
    subtree = Agency.objects.subtrees_of(units)
    codes = _area_codes(units, subtree)
    if not codes:
        return models.Q(**{f"{prefix}polsek__in": subtree.filter(kind=Agency.Kind.POLSEK)})
    query = models.Q(pk__in=[])
    for code in minimal_prefixes(codes):
        if code.count(".") == 3:
            query |= models.Q(**{f"{prefix}village_id": code})
        else:
            query |= models.Q(**{f"{prefix}village__code__startswith": code + "."})
    return query
