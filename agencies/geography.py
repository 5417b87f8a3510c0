"""Geography: administrative regions (Kemendagri codes), their tree and code prefixes."""

from collections.abc import Iterable

from django.db import models
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


def minimal_prefixes(codes: Iterable[str]) -> list[str]:
    """Drops every region code already covered by a shorter one in the set."""
    kept: list[str] = []
    for code in sorted(set(codes), key=len):
        if not any(code == k or code.startswith(k + ".") for k in kept):
            kept.append(code)
    return sorted(kept)
