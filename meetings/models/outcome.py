"""What a meeting produces: agenda items, decisions, follow-ups with their comments, risks."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agencies.roles import access_for

from .meeting import Meeting


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
    presenter_position = models.CharField(
        _("jabatan narasumber"),
        max_length=200,
        blank=True,
        help_text=_("Untuk narasumber yang tidak terdaftar sebagai pejabat."),
    )
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
        if self.presenter_position:
            return f"{self.presenter_name} ({self.presenter_position})"
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
        if not access.police_units and not access.liaised:
            return self.none()
        visible_meetings = Meeting.objects.visible_to(user).values("pk")
        if access.police_units:
            # A police unit's follow-ups include its partners' own: no owner clause.
            return self.filter(meeting__in=visible_meetings)
        return self.filter(meeting__in=visible_meetings, owner_agency__in=access.liaised)

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
