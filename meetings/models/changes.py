"""The change history as people read it: one row per change, its diff stored when made."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .meeting import Meeting


class MeetingChange(models.Model):
    """One change to a meeting or a row hanging off it: who, when, what, and the fields
    it changed from what to what.

    Worked out once, when simple-history stores its copy of the row, so that showing a
    meeting's history reads a page of these rather than every copy ever made. Values are
    kept language-neutral (choice keys, ISO dates, names) and labelled when shown.
    """

    class Subject(models.TextChoices):
        MEETING = "meeting", _("rapat")
        INVITATION = "invitation", _("undangan")
        ATTENDEE = "attendee", _("peserta hadir")
        AGENDA_ITEM = "agendaitem", _("acara")
        DECISION = "decision", _("keputusan")
        ACTION_ITEM = "actionitem", _("tindak lanjut")
        RISK = "meetingrisk", _("risiko")

    class Action(models.TextChoices):
        CREATED = "+", _("dibuat")
        CHANGED = "~", _("diubah")
        DELETED = "-", _("dihapus")

    # Like simple-history's own copies, a change outlives its meeting's row (a deleted
    # meeting's last change is recorded after the row is gone), hence no constraint.
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="changes",
        verbose_name=_("rapat"),
    )
    subject = models.CharField(_("bagian"), max_length=20, choices=Subject.choices)
    # The agency, person or text that names the changed row, as it was then.
    subject_name = models.CharField(_("nama bagian"), max_length=200, blank=True)
    # The simple-history copy this change was worked out from (one change per copy).
    history_id = models.PositiveBigIntegerField(_("nomor salinan riwayat"))
    changed_at = models.DateTimeField(_("waktu perubahan"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pengguna"),
    )
    action = models.CharField(_("tindakan"), max_length=1, choices=Action.choices)
    # [{"field": name, "old": value, "new": value}, ...]
    fields = models.JSONField(_("isian yang berubah"), default=list, blank=True)
    reason = models.TextField(_("alasan"), blank=True)

    class Meta:
        verbose_name = _("perubahan rapat")
        verbose_name_plural = _("perubahan rapat")
        constraints = [
            models.UniqueConstraint(
                fields=["subject", "history_id"], name="meeting_change_once_per_copy"
            )
        ]
        indexes = [
            models.Index(
                fields=["meeting", "-changed_at", "-id"], name="meeting_change_newest_first"
            )
        ]

    def __str__(self):
        return f"{self.meeting_id} {self.subject} {self.action} {self.changed_at:%Y-%m-%d %H:%M}"
