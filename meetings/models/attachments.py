"""Files attached to a meeting (surat, daftar hadir, foto) and where they are stored."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from config.storage import upload_path

from .meeting import Meeting


def attachment_upload_to(instance: "Attachment", filename: str) -> str:
    return upload_path("rapat", instance.meeting_id, filename=filename)


class Attachment(models.Model):
    """A file kept with a meeting: the invitation letter, the attendance scan, photos."""

    class Kind(models.TextChoices):
        INVITATION = "undangan", _("Surat undangan")
        ATTENDANCE = "daftar_hadir", _("Daftar hadir")
        PHOTO = "foto", _("Foto kegiatan")
        MINUTES = "notulen", _("Notulen")
        OTHER = "lainnya", _("Lainnya")

    MAX_SIZE = 20 * 1024 * 1024

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("rapat"), on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField(_("jenis berkas"), max_length=12, choices=Kind.choices)
    file = models.FileField(_("berkas"), upload_to=attachment_upload_to, max_length=255)
    original_name = models.CharField(_("nama berkas asli"), max_length=255)
    content_type = models.CharField(_("tipe isi"), max_length=100)
    size = models.PositiveIntegerField(_("ukuran (bita)"))
    is_internal = models.BooleanField(
        _("internal"), default=False, help_text=_("Tidak ditampilkan kepada instansi mitra.")
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diunggah oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("diunggah"), auto_now_add=True)

    class Meta:
        verbose_name = _("lampiran")
        verbose_name_plural = _("lampiran")
        ordering = ["meeting", "kind", "uploaded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(size__lte=20 * 1024 * 1024), name="attachment_at_most_20_mb"
            )
        ]

    def __str__(self):
        return self.original_name
