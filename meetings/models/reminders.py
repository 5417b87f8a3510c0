"""Reminders before a meeting, their deliveries, in-app notifications and follow-up digests."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

DEFAULT_REMINDER_OFFSETS = (
    datetime.timedelta(days=3),
    datetime.timedelta(days=1),
    datetime.timedelta(hours=2),
)


class MeetingReminder(models.Model):
    """A reminder defined as an offset before the meeting's start, so it moves with it."""

    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("rapat"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    offset = models.DurationField(
        _("berapa lama sebelum mulai"), help_text=_("Mis. 3 00:00:00 untuk 3 hari, 2:00:00.")
    )

    class Meta:
        verbose_name = _("pengingat rapat")
        verbose_name_plural = _("pengingat rapat")
        ordering = ["meeting", "-offset"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "offset"], name="reminder_offset_once"),
            models.CheckConstraint(
                condition=Q(offset__gt=datetime.timedelta(0)), name="reminder_offset_positive"
            ),
        ]

    def __str__(self):
        return f"{self.meeting}: {self.offset_label}"

    @property
    def due_at(self) -> datetime.datetime:
        return self.meeting.starts_at - self.offset

    @property
    def offset_label(self) -> str:
        total_minutes = int(self.offset.total_seconds() // 60)
        days, rest = divmod(total_minutes, 24 * 60)
        hours, minutes = divmod(rest, 60)
        parts = []
        if days:
            parts.append(ngettext("%(n)d hari", "%(n)d hari", days) % {"n": days})
        if hours:
            parts.append(ngettext("%(n)d jam", "%(n)d jam", hours) % {"n": hours})
        if minutes:
            parts.append(ngettext("%(n)d menit", "%(n)d menit", minutes) % {"n": minutes})
        return " ".join(str(p) for p in parts) + " " + str(_("sebelum mulai"))


class ReminderDelivery(models.Model):
    """One notice (reminder, change, cancellation) to one recipient on one channel.

    The unique constraint is what makes "exactly once per reminder and recipient" hold
    when periodic runs or workers overlap: a delivery is inserted first (ON CONFLICT DO
    NOTHING) and only the row's holder, under ``SELECT ... FOR UPDATE SKIP LOCKED``,
    sends it. ``occasion`` is the meeting start the notice was about, so a meeting moved
    to another day is reminded again for its new start.
    """

    class Kind(models.TextChoices):
        REMINDER = "reminder", _("Pengingat")
        CHANGE = "change", _("Pemberitahuan perubahan jadwal")
        CANCELLATION = "cancellation", _("Pemberitahuan pembatalan")

    class Channel(models.TextChoices):
        EMAIL = "email", _("Surel")
        IN_APP = "in_app", _("Notifikasi aplikasi")

    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("rapat"),
        on_delete=models.CASCADE,
        related_name="reminder_deliveries",
    )
    reminder = models.ForeignKey(
        MeetingReminder,
        verbose_name=_("pengingat"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deliveries",
    )
    kind = models.CharField(_("jenis"), max_length=12, choices=Kind.choices)
    # Zero for change and cancellation notices; part of the unique key for reminders.
    offset = models.DurationField(_("selisih"), default=datetime.timedelta(0))
    occasion = models.DateTimeField(_("jadwal mulai yang diberitahukan"))
    channel = models.CharField(_("saluran"), max_length=8, choices=Channel.choices)
    # "user:<id>" for in-app notices, the lower-cased address for e-mail.
    recipient_key = models.CharField(_("penerima"), max_length=260)
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pengguna penerima"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recipient_email = models.EmailField(_("surel penerima"), blank=True)
    recipient_name = models.CharField(_("nama penerima"), max_length=200, blank=True)
    previous_start = models.DateTimeField(_("jadwal sebelumnya"), null=True, blank=True)
    is_late = models.BooleanField(_("terlambat"), default=False)
    # Set by the run that queued it (not auto_now_add) so that "was this reminder's
    # moment before the change notice" compares moments of the same clock.
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now)
    sent_at = models.DateTimeField(_("terkirim"), null=True, blank=True)
    dropped_reason = models.CharField(_("tidak dikirim karena"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("pengiriman pemberitahuan rapat")
        verbose_name_plural = _("pengiriman pemberitahuan rapat")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "kind", "offset", "occasion", "channel", "recipient_key"],
                name="delivery_once_per_recipient",
            )
        ]
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=Q(sent_at__isnull=True, dropped_reason=""),
                name="delivery_pending_idx",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.meeting} -> {self.recipient_key}"


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """An in-app notice for one user."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pengguna"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("rapat"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    delivery = models.OneToOneField(
        ReminderDelivery,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notification",
    )
    title = models.CharField(_("judul"), max_length=255)
    body = models.TextField(_("isi"), blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    read_at = models.DateTimeField(_("dibaca"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notifikasi")
        verbose_name_plural = _("notifikasi")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self):
        return self.title


class FollowUpDigest(models.Model):
    """The morning digest of one agency's follow-ups for one local date, sent once."""

    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("instansi"),
        on_delete=models.CASCADE,
        related_name="follow_up_digests",
    )
    local_date = models.DateField(_("tanggal (waktu setempat)"))
    due_soon_count = models.PositiveIntegerField(_("jatuh tempo dalam 3 hari"), default=0)
    overdue_count = models.PositiveIntegerField(_("lewat tenggat"), default=0)
    recipients = models.TextField(_("penerima"), blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    sent_at = models.DateTimeField(_("terkirim"), null=True, blank=True)

    class Meta:
        verbose_name = _("ringkasan tindak lanjut")
        verbose_name_plural = _("ringkasan tindak lanjut")
        ordering = ["-local_date", "agency__path"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "local_date"], name="digest_once_per_day")
        ]

    def __str__(self):
        return f"{self.agency} {self.local_date}"
