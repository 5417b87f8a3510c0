import datetime
import hashlib
import uuid
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.models import HistoricalRecords

from agencies.roles import access_for


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Meetings a user may see.

        - admin: all;
        - operator and commander: meetings hosted in their unit's subtree, meetings
          their subtree was invited to (unless internal to another host), open ones;
        - liaison: meetings shared with their own agency, and open ones. Never an
          internal meeting, never one their agency was not invited to.
        """
        access = access_for(user)
        if access.is_admin:
            return self.all()
        if not access.is_anyone:
            return self.none()
        query = Q(visibility=Meeting.Visibility.OPEN)
        invited = Q(pk__in=[])
        for unit in access.police_units:
            query |= Q(host__path__startswith=unit.path)
            invited |= Q(agency__path__startswith=unit.path)
        if access.liaised:
            invited |= Q(agency__in=access.liaised)
        # EXISTS rather than a join: a meeting is listed once however many of the
        # user's agencies were invited, and the planner needs no DISTINCT or IN.
        query |= Q(visibility=Meeting.Visibility.SHARED) & Q(
            Exists(Invitation.objects.filter(invited, meeting=OuterRef("pk")))
        )
        return self.filter(query)

    def editable_by(self, user):
        access = access_for(user)
        if access.is_admin:
            return self.all()
        query = Q(pk__in=[])
        for unit in access.operated:
            query |= Q(host__path__startswith=unit.path)
        return self.filter(query)

    def upcoming(self):
        return self.filter(ends_at__gte=timezone.now()).exclude(status=Meeting.Status.CANCELLED)


class Meeting(models.Model):
    """A coordination meeting: rakor lintas sektoral, kunjungan kerja, apel, simulasi."""

    class Kind(models.TextChoices):
        RAKOR = "rakor", _("Rakor lintas sektoral")
        KUNKER = "kunker", _("Kunjungan kerja")
        APEL = "apel", _("Apel gelar pasukan")
        SISPAMKOTA = "sispamkota", _("Simulasi sispam kota")
        OTHER = "lainnya", _("Lainnya")

    class Visibility(models.TextChoices):
        INTERNAL = "internal", _("Internal Polri")
        SHARED = "shared", _("Dibagikan ke instansi undangan")
        OPEN = "open", _("Terbuka untuk semua pengguna")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Terjadwal")
        HELD = "held", _("Terlaksana")
        CANCELLED = "cancelled", _("Dibatalkan")

    operation = models.ForeignKey(
        "operations.Operation",
        verbose_name=_("operasi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    host = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("penyelenggara"),
        on_delete=models.PROTECT,
        related_name="hosted_meetings",
    )
    kind = models.CharField(_("jenis kegiatan"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("judul"), max_length=255)
    description = models.TextField(_("uraian"), blank=True)
    starts_at = models.DateTimeField(_("mulai"))
    ends_at = models.DateTimeField(_("selesai"))
    venue = models.CharField(_("tempat"), max_length=255)
    chair = models.ForeignKey(
        "agencies.Official",
        verbose_name=_("pimpinan rapat"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="chaired_meetings",
    )
    chair_on_behalf_of = models.ForeignKey(
        "agencies.Official",
        verbose_name=_("atas nama (melalui)"),
        help_text=_("Pejabat yang diwakili pimpinan rapat, mis. Kapolda melalui Karo Ops."),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetings_chaired_on_behalf",
    )
    visibility = models.CharField(
        _("keterbukaan"), max_length=10, choices=Visibility.choices, default=Visibility.SHARED
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED
    )
    minutes_shared = models.BooleanField(_("notulen dibagikan ke instansi undangan"), default=True)
    summary = models.TextField(_("ringkasan hasil"), blank=True)
    # Optimistic locking: a save carries the version it was edited from.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibuat oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    objects = MeetingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rapat")
        verbose_name_plural = _("rapat")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"
            )
        ]
        indexes = [models.Index(fields=["starts_at"]), models.Index(fields=["host", "starts_at"])]

    def __str__(self):
        return self.title

    @property
    def time_zone(self) -> str:
        return self.host.time_zone

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        return self.host.zone.tzinfo

    @property
    def zone_label(self) -> str:
        return self.host.zone.label

    @property
    def local_start(self) -> datetime.datetime:
        return self.starts_at.astimezone(self.tzinfo)

    @property
    def local_end(self) -> datetime.datetime:
        return self.ends_at.astimezone(self.tzinfo)

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("Waktu selesai harus sesudah waktu mulai.")})


class Invitation(models.Model):
    """An agency invited to a meeting: its RSVP, and whether it came."""

    class Rsvp(models.TextChoices):
        PENDING = "pending", _("Belum menjawab")
        ATTENDING = "attending", _("Hadir")
        REPRESENTED = "represented", _("Diwakilkan")
        DECLINED = "declined", _("Tidak hadir")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("rapat"), on_delete=models.CASCADE, related_name="invitations"
    )
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("instansi"),
        on_delete=models.PROTECT,
        related_name="invitations",
    )
    rsvp = models.CharField(_("konfirmasi"), max_length=12, choices=Rsvp.choices, default="pending")
    rsvp_delegate = models.CharField(
        _("yang akan hadir"), max_length=200, blank=True, help_text=_("Nama, pangkat, jabatan.")
    )
    rsvp_note = models.CharField(_("catatan"), max_length=255, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    present = models.BooleanField(_("hadir"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("undangan")
        verbose_name_plural = _("undangan")
        ordering = ["meeting", "agency__path"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "agency"], name="invitation_once_per_agency")
        ]

    def __str__(self):
        return f"{self.agency} @ {self.meeting}"


class Attendee(models.Model):
    """A person present, for which agency, and whom they represented ("diwakili oleh")."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("rapat"), on_delete=models.CASCADE, related_name="attendees"
    )
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("instansi"), on_delete=models.PROTECT, related_name="+"
    )
    official = models.ForeignKey(
        "agencies.Official",
        verbose_name=_("pejabat"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="attendances",
    )
    name = models.CharField(_("nama"), max_length=160, blank=True)
    rank = models.CharField(_("pangkat"), max_length=60, blank=True)
    position = models.CharField(_("jabatan"), max_length=160, blank=True)
    represents = models.ForeignKey(
        "agencies.Official",
        verbose_name=_("mewakili"),
        help_text=_("Pejabat yang diwakili, mis. Dandim 0305/Pasaman."),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="represented_by",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("peserta hadir")
        verbose_name_plural = _("peserta hadir")
        ordering = ["meeting", "agency__path", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(official__isnull=False) | ~Q(name=""), name="attendee_has_a_name"
            )
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.official_id:
            return self.official.display_name
        return f"{self.rank} {self.name}".strip()

    def clean(self):
        if not self.official_id and not self.name:
            raise ValidationError(_("Pilih pejabat atau tulis nama peserta."))


class AgendaItem(models.Model):
    """An agenda item; its start time follows from the meeting's start and the items before."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("rapat"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    order = models.PositiveSmallIntegerField(_("urutan"))
    title = models.CharField(_("acara"), max_length=255)
    presenter = models.ForeignKey(
        "agencies.Official",
        verbose_name=_("narasumber"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    presenter_name = models.CharField(_("narasumber (teks)"), max_length=200, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("durasi (menit)"), default=15)
    is_internal = models.BooleanField(
        _("internal"), default=False, help_text=_("Tidak ditampilkan kepada instansi mitra.")
    )
    minutes = models.TextField(_("notulen"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("acara rapat")
        verbose_name_plural = _("susunan acara")
        ordering = ["meeting", "order"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "order"], name="agenda_order_unique")
        ]

    def __str__(self):
        return self.title

    @property
    def presenter_label(self) -> str:
        if self.presenter_id:
            return f"{self.presenter.display_name} ({self.presenter.position})"
        return self.presenter_name


class Decision(models.Model):
    """A decision (keputusan/kesepakatan) reached at a meeting."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("rapat"), on_delete=models.CASCADE, related_name="decisions"
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("acara"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions",
    )
    order = models.PositiveSmallIntegerField(_("urutan"), default=1)
    text = models.TextField(_("keputusan"))
    is_internal = models.BooleanField(_("internal"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("keputusan")
        verbose_name_plural = _("keputusan")
        ordering = ["meeting", "order", "pk"]

    def __str__(self):
        return self.text[:80]


class ActionItemQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Police see the follow-ups of meetings they see; a liaison only its own agency's."""
        access = access_for(user)
        if access.is_admin:
            return self.all()
        visible_meetings = Meeting.objects.visible_to(user).values("pk")
        query = Q(pk__in=[])
        if access.police_units:
            query |= Q(meeting__in=visible_meetings)
        if access.liaised:
            query |= Q(meeting__in=visible_meetings, owner_agency__in=access.liaised)
        return self.filter(query)

    def updatable_by(self, user):
        """Follow-ups whose status a user may set: a liaison its own agency's (on a
        meeting it still sees), an operator any of the meetings its unit hosts."""
        access = access_for(user)
        if access.is_admin:
            return self.all()
        query = Q(pk__in=[])
        for unit in access.operated:
            query |= Q(meeting__host__path__startswith=unit.path)
        if access.liaised:
            query |= Q(
                meeting__in=Meeting.objects.visible_to(user).values("pk"),
                owner_agency__in=access.liaised,
            )
        return self.filter(query)

    def overdue(self, today: datetime.date | None = None):
        today = today or timezone.localdate()
        return self.filter(due_date__lt=today).exclude(
            status__in=[ActionItem.Status.DONE, ActionItem.Status.CANCELLED]
        )


class ActionItem(models.Model):
    """A follow-up (tindak lanjut) with an owner agency, an owner official and a due date."""

    class Status(models.TextChoices):
        OPEN = "open", _("Belum dikerjakan")
        IN_PROGRESS = "in_progress", _("Sedang dikerjakan")
        DONE = "done", _("Selesai")
        CANCELLED = "cancelled", _("Dibatalkan")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("rapat"), on_delete=models.CASCADE, related_name="action_items"
    )
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("keputusan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="action_items",
    )
    text = models.TextField(_("tindak lanjut"))
    owner_agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("instansi penanggung jawab"),
        on_delete=models.PROTECT,
        related_name="action_items",
    )
    owner_official = models.ForeignKey(
        "agencies.Official",
        verbose_name=_("pejabat penanggung jawab"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="action_items",
    )
    due_date = models.DateField(_("tenggat"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default="open")
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    objects = ActionItemQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tindak lanjut")
        verbose_name_plural = _("tindak lanjut")
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["owner_agency", "status", "due_date"])]

    def __str__(self):
        return self.text[:80]

    @property
    def is_overdue(self) -> bool:
        return self.status in (self.Status.OPEN, self.Status.IN_PROGRESS) and (
            self.due_date < timezone.localdate()
        )

    def clean(self):
        if self.due_date and self.meeting_id and self.due_date < self.meeting.local_start.date():
            raise ValidationError({"due_date": _("Tenggat tidak boleh sebelum tanggal rapat.")})
        if (
            self.owner_official_id
            and self.owner_agency_id
            and self.owner_official.agency_id != self.owner_agency_id
        ):
            raise ValidationError(
                {"owner_official": _("Pejabat penanggung jawab harus dari instansi tersebut.")}
            )


def attachment_upload_to(instance: "Attachment", filename: str) -> str:
    # The stored name is random: a URL or path guessed from a meeting id or the
    # uploader's file name leads nowhere; downloads go through a checked view.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"rapat/{instance.meeting_id}/{uuid.uuid4().hex}.{extension}"


class AttachmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Attachments of meetings the user sees; internal ones only for police and admins."""
        access = access_for(user)
        queryset = self.filter(meeting__in=Meeting.objects.visible_to(user).values("pk"))
        if access.is_admin or access.police_units:
            return queryset
        return queryset.filter(is_internal=False)


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

    objects = AttachmentQuerySet.as_manager()

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


class ActionItemComment(models.Model):
    """A note on a follow-up by its owner agency or the host unit, optionally with the
    status it set (the status change itself is in ``ActionItem.history``)."""

    action_item = models.ForeignKey(
        ActionItem,
        verbose_name=_("tindak lanjut"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("penulis"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    author_agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("atas nama instansi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("komentar"))
    status = models.CharField(
        _("status yang ditetapkan"),
        max_length=12,
        choices=ActionItem.Status.choices,
        blank=True,
    )
    created_at = models.DateTimeField(_("ditulis"), auto_now_add=True)

    class Meta:
        verbose_name = _("komentar tindak lanjut")
        verbose_name_plural = _("komentar tindak lanjut")
        ordering = ["action_item", "created_at", "pk"]

    def __str__(self):
        return self.text[:80]


class CalendarFeedQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class CalendarFeed(models.Model):
    """A user's secret calendar subscription URL.

    Calendar clients cannot log in, so the URL itself is the credential. Only a
    SHA-256 digest of the token is stored: a leaked database does not leak working
    feed URLs, and the lookup by digest gives away nothing through timing.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pengguna"),
        on_delete=models.CASCADE,
        related_name="calendar_feeds",
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("terakhir diakses"), null=True, blank=True)

    objects = CalendarFeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("umpan kalender")
        verbose_name_plural = _("umpan kalender")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(revoked_at__isnull=True),
                name="calendar_feed_one_active_per_user",
            )
        ]

    def __str__(self):
        return f"{self.user} ({self.created_at:%Y-%m-%d})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @staticmethod
    def digest(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()


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

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("risiko yang diangkat")
        verbose_name_plural = _("risiko yang diangkat")
        ordering = ["meeting", "pk"]

    def __str__(self):
        return self.description[:80]
