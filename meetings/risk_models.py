"""Risks raised at a meeting (hoaxes, floods, ASN neutrality...), for the readiness report."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingRisk(models.Model):
    class Level(models.TextChoices):
        LOW = "rendah", _("Rendah")
        MEDIUM = "sedang", _("Sedang")
        HIGH = "tinggi", _("Tinggi")

    meeting = models.ForeignKey(
        "meetings.Meeting", verbose_name=_("rapat"), on_delete=models.CASCADE, related_name="risks"
    )
    description = models.TextField(_("risiko/kerawanan"))
    raised_by = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("disampaikan oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    level = models.CharField(_("tingkat"), max_length=8, choices=Level.choices, default="sedang")
    mitigation = models.TextField(_("langkah antisipasi"), blank=True)

    class Meta:
        verbose_name = _("risiko yang diangkat")
        verbose_name_plural = _("risiko yang diangkat")
        ordering = ["meeting", "pk"]

    def __str__(self):
        return self.description[:80]
