"""Models of the letter register: per-unit settings, yearly counters and issued numbers.

Imported at the bottom of ``agencies.models``; refers to Agency and Official by name so
that neither module imports the other at load time.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .kopstuk import derive_kopstuk, kopstuk_problems
from .titles import head_title


class Classification(models.TextChoices):
    """Klasifikasi of a naskah dinas and the letter that opens its Nomor."""

    BIASA = "B", _("Biasa")
    TERBATAS = "T", _("Terbatas")
    RAHASIA = "R", _("Rahasia")
    SANGAT_RAHASIA = "SR", _("Sangat rahasia")


class LetterRegister(models.Model):
    """How one unit heads, numbers and signs its letters."""

    unit = models.OneToOneField(
        "agencies.Agency",
        verbose_name=_("satuan"),
        on_delete=models.CASCADE,
        related_name="letter_register",
    )
    kopstuk = models.TextField(
        _("kopstuk"),
        blank=True,
        help_text=_(
            "Satu baris per baris, huruf kapital; paling banyak 3 baris dan 41 karakter per "
            "baris. Kosongkan untuk menurunkannya dari susunan satuan."
        ),
    )
    place = models.CharField(
        _("tempat penandatanganan"),
        max_length=80,
        blank=True,
        help_text=_("Mis. Simpang Empat. Kosong: nama wilayah kedudukan satuan."),
    )
    archive_code = models.CharField(
        _("kode arsip"),
        max_length=30,
        blank=True,
        help_text=_("Bagian Nomor setelah bulan, mis. KKA; Polsek biasanya tanpa kode arsip."),
    )
    section = models.CharField(
        _("bagian penerbit"),
        max_length=30,
        help_text=_("Bagian terakhir Nomor, mis. Bag Ops, Ro Ops, Sek Kinali."),
    )
    head_title = models.CharField(
        _("jabatan kepala satuan"),
        max_length=120,
        blank=True,
        help_text=_(
            "Untuk baris a.n., mis. KEPALA KEPOLISIAN RESOR PASAMAN BARAT. "
            "Kosong: diturunkan dari nama satuan."
        ),
    )
    signatory = models.ForeignKey(
        "agencies.Official",
        verbose_name=_("penanda tangan"),
        help_text=_("Pejabat satuan ini yang menandatangani atas nama kepala satuan."),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("register naskah dinas")
        verbose_name_plural = _("register naskah dinas")

    def __str__(self):
        return str(self.unit)

    @property
    def kopstuk_lines(self) -> list[str]:
        lines = [line.strip() for line in self.kopstuk.splitlines() if line.strip()]
        return lines or derive_kopstuk(self.unit)

    @property
    def signing_for(self) -> str:
        return self.head_title or head_title(self.unit)

    def clean(self):
        errors = {}
        lines = [line.strip() for line in self.kopstuk.splitlines() if line.strip()]
        if problems := kopstuk_problems(lines):
            errors["kopstuk"] = problems
        if any(line != line.upper() for line in lines):
            errors.setdefault("kopstuk", []).append(_("Kopstuk ditulis dengan huruf kapital."))
        if self.signatory_id and self.unit_id and self.signatory.agency_id != self.unit_id:
            errors["signatory"] = _("Penanda tangan harus pejabat satuan %(unit)s.") % {
                "unit": self.unit
            }
        if "/" in self.archive_code or "/" in self.section:
            errors["archive_code" if "/" in self.archive_code else "section"] = _(
                "Tanda / memisahkan bagian Nomor; jangan dipakai di dalam kode."
            )
        if errors:
            raise ValidationError(errors)


class LetterCounter(models.Model):
    """The last running number a unit gave in a year; the row issuing locks."""

    unit = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("penghitung nomor")
        verbose_name_plural = _("penghitung nomor")
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="letter_counter_unique_year")
        ]

    def __str__(self):
        return f"{self.unit_id}/{self.year}: {self.last_number}"


class IssuedNumberQuerySet(models.QuerySet):
    def for_document(self, document, *, kind: str, unit):
        return self.filter(
            unit=unit,
            content_type=ContentType.objects.get_for_model(document),
            object_id=document.pk,
            kind=kind,
        )


class IssuedNumber(models.Model):
    """A Nomor given to one document. Never deleted, so a number is never given twice,
    and the document keeps it for every reprint.

    A document is (unit, object, kind): a meeting's undangan is (host, meeting,
    "undangan"); a Daftar Plotting is (unit, operation, "daftar-plotting"), one per unit.
    """

    unit = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("satuan"),
        on_delete=models.PROTECT,
        related_name="issued_numbers",
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    number = models.PositiveIntegerField(_("nomor urut"))
    classification = models.CharField(
        _("klasifikasi"), max_length=2, choices=Classification.choices
    )
    reference = models.CharField(
        _("nomor"),
        max_length=120,
        help_text=_("Nomor lengkap seperti tercetak; tidak berubah bila register diubah."),
    )
    issued_on = models.DateField(_("tanggal surat"))
    kind = models.CharField(_("jenis naskah"), max_length=30)
    subject = models.TextField(_("perihal"), blank=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    document = GenericForeignKey("content_type", "object_id")
    issued_at = models.DateTimeField(_("dicatat pada"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dicatat oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = IssuedNumberQuerySet.as_manager()

    class Meta:
        verbose_name = _("nomor naskah dinas")
        verbose_name_plural = _("nomor naskah dinas")
        ordering = ["unit", "-year", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "number"], name="issued_number_unique_in_year"
            ),
            models.UniqueConstraint(
                fields=["unit", "content_type", "object_id", "kind"],
                name="issued_number_once_per_document",
            ),
        ]

    def __str__(self):
        return self.reference
