"""Voting day at the TPS: field reports per phase, incidents and their handling, posko alerts."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from agencies.roles import access_for
from config.storage import upload_path

from .risk import in_active_language
from .tps import PollingStation, area_q


class Phase(models.TextChoices):
    """What a TPS goes through over the three days, in order."""

    LOGISTICS_ARRIVED = "logistics_arrived", _("H-1 Logistik tiba dan dijaga")
    OPENING = "opening", _("H Pembukaan TPS")
    VOTING = "voting", _("H Pemungutan suara")
    COUNTING = "counting", _("H Penghitungan suara")
    RESULTS_HANDED_OVER = "results_handed_over", _("H Hasil diserahkan")
    DEPARTURE_TO_PPK = "departure_to_ppk", _("H+1 Kotak suara berangkat ke PPK")
    ARRIVAL_AT_PPK = "arrival_at_ppk", _("H+1 Kotak suara tiba di PPK")


PHASES = list(Phase)
# Day of each phase relative to voting day (H).
PHASE_DAY = {
    Phase.LOGISTICS_ARRIVED: -1,
    Phase.OPENING: 0,
    Phase.VOTING: 0,
    Phase.COUNTING: 0,
    Phase.RESULTS_HANDED_OVER: 0,
    Phase.DEPARTURE_TO_PPK: 1,
    Phase.ARRIVAL_AT_PPK: 1,
}
# One bit per phase in StationStatus.phases, so "reported per phase" is one aggregate.
PHASE_BIT: dict[str, int] = {phase.value: 1 << index for index, phase in enumerate(PHASES)}


def _scoped_to_police(queryset, user):
    """Rows hanging on a TPS (with denormalised ``village`` and ``polsek``) in the area
    of the user's police units; admins see all, everyone else nothing."""
    access = access_for(user)
    if access.is_admin:
        return queryset
    if not access.police_units:
        return queryset.none()
    return queryset.filter(area_q(access.police_units))


class IncidentType(models.Model):
    """A kind of incident a field officer may report; data, editable in the admin."""

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=120)
    name_en = models.CharField(_("nama (bahasa Inggris)"), max_length=120, blank=True)
    default_severity = models.PositiveSmallIntegerField(
        _("tingkat bawaan"), default=1, validators=[MinValueValidator(1), MaxValueValidator(3)]
    )
    suggests_gakkumdu = models.BooleanField(
        _("dugaan tindak pidana pemilu"),
        default=False,
        help_text=_("Jenis yang biasanya diteruskan ke Gakkumdu (politik uang, intimidasi)."),
    )
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("jenis insiden")
        verbose_name_plural = _("jenis insiden")
        ordering = ["order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(default_severity__gte=1, default_severity__lte=3),
                name="incident_type_severity_range",
            )
        ]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        return in_active_language(self.name, self.name_en)


class FieldReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        return _scoped_to_police(self, user)


class FieldReport(models.Model):
    """One report from a TPS for one phase: "aman", or an incident (see Incident).

    ``client_id`` is made on the phone: a report sent twice (a retry on a bad
    connection) is stored once.
    """

    class Status(models.TextChoices):
        SAFE = "aman", _("Aman")
        INCIDENT = "insiden", _("Insiden")

    client_id = models.UUIDField(_("ID laporan di ponsel"), unique=True, default=uuid.uuid4)
    # No index of its own: the (operation, TPS, phase) index below starts with it, and
    # every report inserted updates each index of this table.
    operation = models.ForeignKey(
        "operations.Operation",
        verbose_name=_("operasi"),
        on_delete=models.CASCADE,
        related_name="field_reports",
        db_index=False,
    )
    polling_station = models.ForeignKey(
        PollingStation, verbose_name=_("TPS"), on_delete=models.CASCADE, related_name="+"
    )
    # Copied from the TPS so that a unit's area filters this table without a join; copies,
    # so no foreign-key check of their own on the hot insert path.
    village = models.ForeignKey(
        "agencies.Region",
        on_delete=models.DO_NOTHING,
        related_name="+",
        editable=False,
        db_constraint=False,
    )
    polsek = models.ForeignKey(
        "agencies.Agency",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        related_name="+",
        editable=False,
        db_constraint=False,
    )
    phase = models.CharField(_("tahap"), max_length=20, choices=Phase.choices)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pelapor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reported_at = models.DateTimeField(_("waktu di ponsel"))
    received_at = models.DateTimeField(_("diterima"), default=timezone.now)
    latitude = models.DecimalField(_("lintang"), max_digits=9, decimal_places=6, null=True)
    longitude = models.DecimalField(_("bujur"), max_digits=9, decimal_places=6, null=True)
    is_exercise = models.BooleanField(_("latihan"), default=False)

    objects = FieldReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("laporan lapangan")
        verbose_name_plural = _("laporan lapangan")
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["operation", "polling_station", "phase"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="field_report_coordinates_both_or_none",
            )
        ]

    def __str__(self):
        return f"{self.polling_station_id} {self.get_phase_display()}: {self.get_status_display()}"


# A TPS is unsafe with an incident open or its latest report an incident.
UNSAFE = Q(open_incidents__gt=0) | ~Q(last_status="aman")


class StationStatusQuerySet(models.QuerySet):
    def visible_to(self, user):
        return _scoped_to_police(self, user)


class StationStatus(models.Model):
    """The latest state of one TPS in one operation, kept by the ingestion service.

    The situation room reads this (one row per TPS) rather than the millions of
    reports, so its summary stays one aggregate at national scale.
    """

    operation = models.ForeignKey(
        "operations.Operation", on_delete=models.CASCADE, related_name="+"
    )
    polling_station = models.ForeignKey(PollingStation, on_delete=models.CASCADE, related_name="+")
    # Copies of the TPS's, as on FieldReport.
    village = models.ForeignKey(
        "agencies.Region",
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
    )
    polsek = models.ForeignKey(
        "agencies.Agency",
        null=True,
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
    )
    phases = models.IntegerField(_("tahap dilaporkan (bit)"), default=0)
    # What ``phases`` held before the latest write: RETURNING gives only the new row, and
    # the area counters must count a phase (and a TPS) the first time it appears, once.
    phases_before = models.IntegerField(editable=False, default=0)
    last_phase = models.CharField(_("tahap terakhir"), max_length=20, choices=Phase.choices)
    last_status = models.CharField(
        _("status terakhir"), max_length=8, choices=FieldReport.Status.choices
    )
    last_reported_at = models.DateTimeField(_("laporan terakhir"))
    open_incidents = models.PositiveIntegerField(_("insiden terbuka"), default=0)
    max_open_severity = models.PositiveSmallIntegerField(_("tingkat tertinggi terbuka"), default=0)

    objects = StationStatusQuerySet.as_manager()

    class Meta:
        verbose_name = _("status TPS hari-H")
        verbose_name_plural = _("status TPS hari-H")
        constraints = [
            models.UniqueConstraint(
                fields=["operation", "polling_station"], name="station_status_unique"
            )
        ]
        indexes = [
            models.Index(
                fields=["operation", "village"],
                opclasses=["int8_ops", "varchar_pattern_ops"],
                name="station_status_area",
            ),
            models.Index(fields=["operation", "polsek"], name="station_status_polsek"),
            # The few TPS that are not safe, so "safe" is reported minus a small count.
            models.Index(
                fields=["operation", "village"],
                opclasses=["int8_ops", "varchar_pattern_ops"],
                condition=UNSAFE,
                name="station_status_unsafe_area",
            ),
        ]

    def __str__(self):
        return f"{self.polling_station_id}: {self.last_status}"

    @property
    def is_safe(self) -> bool:
        return self.open_incidents == 0 and self.last_status == FieldReport.Status.SAFE


class IncidentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Police see the incidents of their area; Bawaslu and Kejaksaan liaisons see
        the cases handed to Gakkumdu in their agency's area, and nothing else."""
        access = access_for(user)
        if access.is_admin:
            return self
        query = area_q(access.police_units) if access.police_units else Q(pk__in=[])
        gakkumdu_partners = [
            agency
            for agency in access.liaised
            if agency.kind in (Agency.Kind.BAWASLU, Agency.Kind.KEJAKSAAN)
        ]
        if gakkumdu_partners:
            query |= Q(gakkumdu=True) & area_q(gakkumdu_partners)
        return self.filter(query)

    def open(self):
        return self.exclude(state=Incident.State.CLOSED)

    def for_gakkumdu(self):
        return self.filter(gakkumdu=True)


def _incident_photo_upload_to(instance, filename):
    # Photos are re-encoded as JPEG before they are stored, whatever was uploaded.
    return upload_path("insiden", f"{timezone.now():%Y/%m}", filename=filename, extension="jpg")


class Incident(models.Model):
    """An incident reported from a TPS, and where its handling stands."""

    class State(models.TextChoices):
        OPEN = "open", _("Baru")
        ACKNOWLEDGED = "acknowledged", _("Diterima posko")
        DISPATCHED = "dispatched", _("Satuan dikirim")
        HANDLED = "handled", _("Tertangani")
        CLOSED = "closed", _("Ditutup")

    report = models.OneToOneField(
        FieldReport, verbose_name=_("laporan"), on_delete=models.CASCADE, related_name="incident"
    )
    operation = models.ForeignKey(
        "operations.Operation", on_delete=models.CASCADE, related_name="incidents"
    )
    polling_station = models.ForeignKey(
        PollingStation, verbose_name=_("TPS"), on_delete=models.CASCADE, related_name="+"
    )
    village = models.ForeignKey("agencies.Region", on_delete=models.PROTECT, related_name="+")
    polsek = models.ForeignKey(
        "agencies.Agency", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    incident_type = models.ForeignKey(
        IncidentType, verbose_name=_("jenis insiden"), on_delete=models.PROTECT, related_name="+"
    )
    severity = models.PositiveSmallIntegerField(
        _("tingkat"), validators=[MinValueValidator(1), MaxValueValidator(3)]
    )
    description = models.TextField(_("uraian singkat"), max_length=1000)
    photo = models.ImageField(
        _("foto"), upload_to=_incident_photo_upload_to, blank=True, max_length=255
    )
    latitude = models.DecimalField(_("lintang"), max_digits=9, decimal_places=6, null=True)
    longitude = models.DecimalField(_("bujur"), max_digits=9, decimal_places=6, null=True)
    reported_at = models.DateTimeField(_("waktu kejadian dilaporkan"))
    state = models.CharField(_("status"), max_length=12, choices=State.choices, default=State.OPEN)
    acknowledged_at = models.DateTimeField(_("diterima posko"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("dinaikkan ke Polda"), null=True, blank=True)
    closed_at = models.DateTimeField(_("ditutup"), null=True, blank=True)
    gakkumdu = models.BooleanField(_("diteruskan ke Gakkumdu"), default=False)
    is_exercise = models.BooleanField(_("latihan"), default=False)

    objects = IncidentQuerySet.as_manager()

    class Meta:
        verbose_name = _("insiden")
        verbose_name_plural = _("insiden")
        ordering = ["-severity", "reported_at"]
        indexes = [
            models.Index(fields=["operation", "state", "-severity", "reported_at"]),
            models.Index(
                fields=["operation", "village"],
                opclasses=["int8_ops", "varchar_pattern_ops"],
                name="incident_area",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(severity__gte=1, severity__lte=3), name="incident_severity_range"
            ),
            models.CheckConstraint(
                condition=~Q(state="closed") | Q(closed_at__isnull=False),
                name="incident_closed_has_time",
            ),
            models.CheckConstraint(
                condition=Q(state="open") | Q(acknowledged_at__isnull=False),
                name="incident_handled_was_acknowledged",
            ),
        ]

    def __str__(self):
        return f"{self.incident_type} ({self.severity}) {self.polling_station_id}"

    @property
    def is_open(self) -> bool:
        return self.state != self.State.CLOSED

    def clean(self):
        if self.severity is not None and not 1 <= self.severity <= 3:
            raise ValidationError({"severity": _("Tingkat insiden harus 1, 2 atau 3.")})
        if not (self.description or "").strip():
            raise ValidationError({"description": _("Uraian singkat insiden wajib diisi.")})


class IncidentStep(models.Model):
    """One step in handling an incident, with who took it and when."""

    class Kind(models.TextChoices):
        REPORTED = "reported", _("Dilaporkan")
        ALERTED = "alerted", _("Posko Polsek dan Polres diberi tahu")
        ACKNOWLEDGED = "acknowledged", _("Diterima posko")
        ESCALATED = "escalated", _("Dinaikkan ke posko Polda")
        DISPATCHED = "dispatched", _("Satuan dikirim")
        HANDLED = "handled", _("Tertangani")
        CLOSED = "closed", _("Ditutup")
        GAKKUMDU = "gakkumdu", _("Diteruskan ke Gakkumdu")

    # The steps a posko records by hand; the others are the system's.
    POSKO_KINDS = (Kind.ACKNOWLEDGED, Kind.DISPATCHED, Kind.HANDLED, Kind.CLOSED, Kind.GAKKUMDU)

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("langkah"), max_length=12, choices=Kind.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Kosong: langkah otomatis oleh sistem."),
    )
    at = models.DateTimeField(_("waktu"), default=timezone.now)
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        verbose_name = _("langkah penanganan insiden")
        verbose_name_plural = _("langkah penanganan insiden")
        ordering = ["incident", "at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="closed") | ~Q(note=""), name="incident_step_close_has_note"
            )
        ]

    def __str__(self):
        return f"{self.incident_id}: {self.get_kind_display()}"

    def clean(self):
        if self.kind == self.Kind.CLOSED and not (self.note or "").strip():
            raise ValidationError({"note": _("Penutupan insiden wajib disertai catatan.")})


class PostAlertQuerySet(models.QuerySet):
    def visible_to(self, user):
        access = access_for(user)
        if access.is_admin:
            return self
        return self.filter(access.subtree_q("unit", access.police_units))


class PostAlert(models.Model):
    """An incident put before a unit's command post (posko), in the app and by e-mail.

    Unique per incident and unit: alerting twice (a retried task) alerts once.
    """

    class Reason(models.TextChoices):
        SEVERITY = "severity", _("Insiden tingkat 2 atau lebih")
        UNACKNOWLEDGED = "unacknowledged", _("Belum diterima posko tepat waktu")

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="alerts")
    unit = models.ForeignKey(
        "agencies.Agency", verbose_name=_("posko"), on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(_("alasan"), max_length=16, choices=Reason.choices)
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now)
    emailed_at = models.DateTimeField(_("surel terkirim"), null=True, blank=True)

    objects = PostAlertQuerySet.as_manager()

    class Meta:
        verbose_name = _("peringatan posko")
        verbose_name_plural = _("peringatan posko")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["incident", "unit"], name="post_alert_once_per_unit")
        ]

    def __str__(self):
        return f"{self.unit}: {self.incident}"


class FieldAccount(models.Model):
    """A field officer's sign-in, tied to the plotting group whose TPS it reports on."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="field_account"
    )
    group = models.ForeignKey(
        "polling_stations.PlottingGroup",
        verbose_name=_("kelompok plotting"),
        on_delete=models.CASCADE,
        related_name="field_accounts",
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("akun petugas lapangan")
        verbose_name_plural = _("akun petugas lapangan")
        constraints = [
            models.UniqueConstraint(fields=["group"], name="field_account_one_per_group")
        ]

    def __str__(self):
        return f"{self.user} - {self.group}"
