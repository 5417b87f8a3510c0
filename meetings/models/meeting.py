"""A meeting, its invitations and its attendance list."""

import datetime
import uuid
import zoneinfo
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agencies.models import Agency
from agencies.roles import access_for


def _outermost(units):
    """``units`` without those inside another's subtree: a subtree rule names each once."""
    paths = sorted({unit.path: unit for unit in units}.items())
    kept: list = []
    for path, unit in paths:
        if not any(path.startswith(outer.path) for outer in kept):
            kept.append(unit)
    return kept


def _subtrees(units):
    """The ids of the agencies in ``units``' subtrees, as a subquery: a join to the host
    agency made PostgreSQL read every meeting with its host before filtering (~3x slower
    on the list of 10,000 meetings)."""
    paths = Q()
    for unit in units:
        paths |= Q(path__startswith=unit.path)
    return Agency.objects.filter(paths).values("pk")


def _label(choices: type[models.TextChoices], value) -> str:
    """The label of ``value`` among ``choices``, or the value itself if it is none of them,
    as ``get_FOO_display()`` gives it."""
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Meetings a user may open.

        - admin: all;
        - operator and commander: meetings hosted in their unit's subtree, meetings
          their subtree was invited to, and open meetings of an operation their unit
          takes part in (its commanding unit is the unit or one above it) or of no
          operation;
        - liaison: shared and open meetings its own agency was invited to. Never an
          internal meeting, never one its agency was not invited to, open or not.

        ``meetings.selectors.privacy.agency_may_open`` is the same rule for one agency
        (who receives notices and digests); keep the two together.
        """
        access = access_for(user)
        if access.is_admin:
            return self.all()
        if not access.is_anyone:
            return self.none()
        # As few lookups as the rule allows: each one costs the ORM a resolution on
        # every call, on every page that lists or opens a meeting.
        query = Q()
        units = _outermost(access.police_units)
        if units:
            query |= Q(host_id__in=_subtrees(units))
            ancestor_ids = sorted(
                {int(pk) for unit in access.police_units for pk in unit.path.strip("/").split("/")}
            )
            query |= Q(visibility=Meeting.Visibility.OPEN) & (
                Q(operation__isnull=True) | Q(operation__commanding_unit_id__in=ancestor_ids)
            )
            invited = Q()
            for unit in units:
                invited |= Q(agency__path__startswith=unit.path)
            # EXISTS rather than a join: a meeting is listed once however many of the
            # user's agencies were invited, and the planner needs no DISTINCT or IN.
            query |= Q(Exists(Invitation.objects.filter(invited, meeting=OuterRef("pk"))))
        if access.liaised:
            query |= ~Q(visibility=Meeting.Visibility.INTERNAL) & Q(
                Exists(
                    Invitation.objects.filter(
                        agency_id__in=[agency.pk for agency in access.liaised],
                        meeting=OuterRef("pk"),
                    )
                )
            )
        return self.filter(query) if query else self.none()

    def editable_by(self, user):
        access = access_for(user)
        if access.is_admin:
            return self.all()
        units = _outermost(access.operated)
        return self.filter(host_id__in=_subtrees(units)) if units else self.none()

    def upcoming(self):
        return self.filter(ends_at__gte=timezone.now()).exclude(status=Meeting.Status.CANCELLED)

    def past(self):
        return self.filter(ends_at__lt=timezone.now())


class Meeting(models.Model):
    """A coordination meeting: rakor lintas sektoral, kunjungan kerja, apel, simulasi."""

    # Set on a page of meetings by the selectors that list them (invited count, the
    # viewer's own invitations); declared so that type checking knows them.
    invited_count: int
    invited: list[Any]
    mine: list[Any]
    detail_url: str
    ics_url: str

    class Kind(models.TextChoices):
        RAKOR = "rakor", _("Rakor lintas sektoral")
        KUNKER = "kunker", _("Kunjungan kerja")
        APEL = "apel", _("Apel gelar pasukan")
        SISPAMKOTA = "sispamkota", _("Simulasi sispam kota")
        OTHER = "lainnya", _("Lainnya")

    class Visibility(models.TextChoices):
        INTERNAL = "internal", _("Internal Polri")
        SHARED = "shared", _("Dibagikan ke instansi undangan")
        OPEN = "open", _("Terbuka untuk semua satuan Polri dalam operasi")

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
    signatory = models.ForeignKey(
        "agencies.Official",
        verbose_name=_("penanda tangan undangan"),
        help_text=_("Kosong: penanda tangan bawaan register naskah dinas satuan penyelenggara."),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    minutes_taker = models.ForeignKey(
        "agencies.Official",
        verbose_name=_("notulis"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The chair's approval of the minutes: who approved, when, and who recorded it.
    minutes_approved_by = models.ForeignKey(
        "agencies.Official",
        verbose_name=_("notulen disetujui oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    minutes_approved_at = models.DateTimeField(_("notulen disetujui pada"), null=True, blank=True)
    minutes_approval_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("persetujuan dicatat oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    summary = models.TextField(_("ringkasan hasil"), blank=True)
    early_outcome_reason = models.CharField(
        _("alasan dicatat lebih awal"),
        max_length=300,
        blank=True,
        help_text=_("Wajib bila hasil rapat dicatat sebelum rapat dimulai."),
    )
    # Optimistic locking: a save carries the version it was edited from.
    version = models.PositiveIntegerField(default=1, editable=False)
    # Keys the meeting page's cached fragments: a fresh value on every save of the
    # meeting and every write to the rows its page shows (meetings.signals), so a
    # cached fragment is never read again once what it shows has changed. Random
    # rather than counted: a save from a stale copy of the row cannot bring back a
    # value an older fragment was cached under.
    page_revision = models.UUIDField(default=uuid.uuid4, editable=False)
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
    history = HistoricalRecords(excluded_fields=["page_revision"])

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

    def save(self, *args, **kwargs):
        self.page_revision = uuid.uuid4()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "page_revision"}
        super().save(*args, **kwargs)

    # Django's get_FOO_display() hashes every label of the field's choices on each call
    # (a translation each): the lists write these for every row.
    def get_kind_display(self) -> str:
        return _label(self.Kind, self.kind)

    def get_status_display(self) -> str:
        return _label(self.Status, self.status)

    def get_visibility_display(self) -> str:
        return _label(self.Visibility, self.visibility)

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

    @property
    def minutes_approved(self) -> bool:
        return self.minutes_approved_at is not None

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()

    @property
    def accepts_outcome(self) -> bool:
        """A cancelled meeting produced nothing to record."""
        return not self.is_cancelled

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("Waktu selesai harus sesudah waktu mulai.")})
        if self.signatory_id and self.host_id and self.signatory.agency_id != self.host_id:
            raise ValidationError(
                {
                    "signatory": _("Penanda tangan undangan harus pejabat %(host)s.")
                    % {"host": self.host}
                }
            )


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

    def clean(self):
        if (
            self.meeting_id
            and self.agency_id
            and self.meeting.visibility == Meeting.Visibility.INTERNAL
            and not self.agency.is_police
        ):
            raise ValidationError(
                {
                    "agency": _(
                        "%(agency)s bukan satuan Polri: rapat internal hanya untuk satuan Polri."
                    )
                    % {"agency": self.agency.short_name}
                }
            )


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
