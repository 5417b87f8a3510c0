"""Voting-day ingestion: one field report (safe or an incident) stored once, with the TPS state."""

import datetime
import io
import uuid
from collections.abc import Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import filetype
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from operations.models import Operation

from ..models import PollingStation
from ..models.election_day import (
    FieldReport,
    Incident,
    IncidentStep,
    IncidentType,
    Phase,
)
from .incidents import alert_posts_for_new_incident
from .report_storage import StoredReport, one_statement, store_reports

MAX_PHOTO_SIZE = 15 * 1024 * 1024
PHOTO_MAX_SIDE = 1600
# A phone clock may run a little fast; further ahead than this is a wrong clock.
CLOCK_TOLERANCE = datetime.timedelta(minutes=10)


@dataclass(frozen=True)
class IncidentInput:
    incident_type: IncidentType
    severity: int
    description: str
    photo: ContentFile | None = None


def prepare_incident_photo(upload: File) -> ContentFile:
    """The uploaded photo as a JPEG no larger than PHOTO_MAX_SIDE, or a ValidationError
    naming what is wrong. Judged by its bytes, never by its name."""
    name = getattr(upload, "name", "") or _("foto")
    if upload.size > MAX_PHOTO_SIZE:
        raise ValidationError(
            _("Foto “%(name)s” terlalu besar (%(size)s); paling besar %(limit)d MB.")
            % {
                "name": name,
                "size": filesizeformat(upload.size),
                "limit": MAX_PHOTO_SIZE // (1024 * 1024),
            },
            code="too_large",
        )
    upload.seek(0)
    kind = filetype.guess(upload.read(8192))
    upload.seek(0)
    if kind is None or kind.mime not in ("image/jpeg", "image/png", "image/webp"):
        raise ValidationError(
            _("Isi berkas “%(name)s” bukan foto JPEG, PNG atau WEBP, apa pun akhiran namanya.")
            % {"name": name},
            code="not_a_photo",
        )
    try:
        image: Image.Image = Image.open(upload)
        image = ImageOps.exif_transpose(image) or image
        image.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))
        output = io.BytesIO()
        image.convert("RGB").save(output, format="JPEG", quality=82, optimize=True)
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise ValidationError(
            _("Foto “%(name)s” rusak atau tidak dapat dibaca.") % {"name": name},
            code="broken_photo",
        ) from exc
    return ContentFile(output.getvalue(), name="foto.jpg")


def _check(
    *,
    operation: Operation,
    polling_station: PollingStation,
    phase: str,
    reported_at: datetime.datetime | None,
    now: datetime.datetime,
    latitude: Decimal | None,
    longitude: Decimal | None,
    incident: IncidentInput | None,
) -> None:
    errors = {}
    if phase not in Phase.values:
        errors["phase"] = _("Tahap “%(phase)s” tidak dikenal.") % {"phase": phase}
    election_ids = getattr(operation, "_election_ids", None)
    if election_ids is None:
        election_ids = set(operation.elections.values_list("pk", flat=True))
        setattr(operation, "_election_ids", election_ids)  # noqa: B010  once per instance
    if polling_station.election_id not in election_ids:
        errors["polling_station"] = _("%(tps)s bukan TPS pemilihan yang diamankan operasi ini.") % {
            "tps": polling_station.label
        }
    if reported_at is None:
        errors["reported_at"] = _("Waktu laporan wajib diisi.")
    elif reported_at > now + CLOCK_TOLERANCE:
        errors["reported_at"] = _("Waktu laporan berada di masa depan; periksa jam ponsel.")
    if (latitude is None) != (longitude is None):
        errors["latitude"] = _("Lokasi harus berisi lintang dan bujur sekaligus.")
    elif (
        latitude is not None
        and longitude is not None
        and not (-90 <= latitude <= 90 and -180 <= longitude <= 180)
    ):
        errors["latitude"] = _("Lokasi ponsel tidak valid.")
    if incident is not None:
        if not 1 <= int(incident.severity or 0) <= 3:
            errors["severity"] = _("Tingkat insiden harus 1, 2 atau 3.")
        if not (incident.description or "").strip():
            errors["description"] = _("Uraian singkat insiden wajib diisi.")
        elif len(incident.description) > 1000:
            errors["description"] = _("Uraian singkat paling banyak 1.000 huruf.")
    if errors:
        raise ValidationError(errors)


@dataclass(frozen=True)
class ReportInput:
    """One report as the phone made it."""

    client_id: uuid.UUID | str
    polling_station: PollingStation
    phase: str
    reported_at: datetime.datetime | None
    latitude: float | Decimal | None = None
    longitude: float | Decimal | None = None
    incident: IncidentInput | None = None


@dataclass
class ReportOutcome:
    """What became of one report of a batch: stored (now or before) or refused."""

    client_id: str
    report: FieldReport | None = None
    created: bool = False
    errors: dict[str, list[str]] = field(default_factory=dict)


def _coordinate(value: float | Decimal | str | None) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.000001"))


def record_field_reports(
    *,
    operation: Operation,
    reports: Sequence[ReportInput],
    reporter: Any = None,
    is_exercise: bool = False,
) -> list[ReportOutcome]:
    """Stores a phone's batch of reports, each once: a report sent again with the same
    ``client_id`` is returned as stored and changes nothing. One outcome per report, in
    order; a refused report carries its errors and does not stop the others.

    Each report is all or nothing. The safe reports are written together (reports, TPS
    states, area counters: one statement on PostgreSQL, three set-based ones in one
    transaction elsewhere); each incident
    has its own transaction with its first step and posko alerts, the alert e-mails
    queued when it commits.
    """
    now = timezone.now()
    outcomes = [ReportOutcome(client_id=str(item.client_id)) for item in reports]
    safe: list[tuple[int, StoredReport]] = []
    incidents: list[tuple[int, StoredReport]] = []
    for index, item in enumerate(reports):
        try:
            row = _checked(item=item, operation=operation, now=now)
        except ValidationError as exc:
            outcomes[index].errors = exc.message_dict
            continue
        (incidents if item.incident else safe).append((index, row))
    context = {
        "operation": operation,
        "reporter": reporter,
        "is_exercise": is_exercise,
        "received_at": timezone.now(),
    }
    if safe:
        # One statement on PostgreSQL, atomic on its own: no BEGIN and COMMIT round trips.
        with nullcontext() if one_statement() else transaction.atomic():
            store_reports(rows=[row for _, row in safe], **context)
    for index, row in incidents:
        with transaction.atomic():
            store_reports(rows=[row], **context)
            incident = reports[index].incident
            if row.created:
                assert row.report is not None and incident is not None
                _open_incident(report=row.report, incident=incident)
    for index, row in safe + incidents:
        outcomes[index].report, outcomes[index].created = row.report, row.created
    return outcomes


def record_field_report(
    *,
    client_id: uuid.UUID | str,
    operation: Operation,
    polling_station: PollingStation,
    phase: str,
    reported_at: datetime.datetime | None,
    reporter: Any = None,
    latitude: float | Decimal | None = None,
    longitude: float | Decimal | None = None,
    incident: IncidentInput | None = None,
    is_exercise: bool = False,
) -> tuple[FieldReport, bool]:
    """One report: the batch of one. Returns (report, created), or raises the
    ValidationError naming what is wrong."""
    item = ReportInput(
        client_id=client_id,
        polling_station=polling_station,
        phase=phase,
        reported_at=reported_at,
        latitude=latitude,
        longitude=longitude,
        incident=incident,
    )
    (outcome,) = record_field_reports(
        operation=operation, reports=[item], reporter=reporter, is_exercise=is_exercise
    )
    if outcome.errors:
        raise ValidationError(outcome.errors)
    assert outcome.report is not None
    return outcome.report, outcome.created


def _checked(*, item: ReportInput, operation: Operation, now: datetime.datetime) -> StoredReport:
    try:
        client_id = uuid.UUID(str(item.client_id))
    except ValueError as exc:
        raise ValidationError({"client_id": _("ID laporan dari ponsel tidak valid.")}) from exc
    try:
        latitude, longitude = _coordinate(item.latitude), _coordinate(item.longitude)
    except ArithmeticError as exc:
        raise ValidationError({"latitude": _("Lokasi ponsel tidak valid.")}) from exc
    _check(
        operation=operation,
        polling_station=item.polling_station,
        phase=item.phase,
        reported_at=item.reported_at,
        now=now,
        latitude=latitude,
        longitude=longitude,
        incident=item.incident,
    )
    assert item.reported_at is not None
    return StoredReport(
        client_id=client_id,
        polling_station=item.polling_station,
        phase=item.phase,
        status=FieldReport.Status.INCIDENT if item.incident else FieldReport.Status.SAFE,
        reported_at=item.reported_at,
        latitude=latitude,
        longitude=longitude,
        severity=int(item.incident.severity) if item.incident else 0,
    )


def _open_incident(*, report: FieldReport, incident: IncidentInput) -> Incident:
    row = Incident(
        report=report,
        operation=report.operation,
        polling_station=report.polling_station,
        village_id=report.village_id,
        polsek_id=report.polsek_id,
        incident_type=incident.incident_type,
        severity=int(incident.severity),
        description=incident.description.strip(),
        latitude=report.latitude,
        longitude=report.longitude,
        reported_at=report.reported_at,
        is_exercise=report.is_exercise,
    )
    if incident.photo is not None:
        row.photo.save("foto.jpg", incident.photo, save=False)
    row.save(force_insert=True)
    IncidentStep.objects.create(
        incident=row, kind=IncidentStep.Kind.REPORTED, by=report.reporter, at=report.received_at
    )
    alert_posts_for_new_incident(incident=row)
    return row


# From the domain notes (typical voting-day incidents); the suspected election crimes
# (money politics, intimidation) suggest a Gakkumdu hand-over.
INCIDENT_TYPES = [
    # code, name, default severity, suggests Gakkumdu
    ("keributan", "Keributan/pengumpulan massa", 2, False),
    ("intimidasi", "Intimidasi terhadap pemilih atau penyelenggara", 2, True),
    ("politik-uang", "Politik uang", 1, True),
    ("logistik", "Kerusakan atau kekurangan logistik", 1, False),
    ("terlambat-buka", "TPS terlambat dibuka", 1, False),
    ("bencana", "Banjir atau bencana lain", 2, False),
    ("kecelakaan", "Kecelakaan", 2, False),
    ("listrik-padam", "Listrik padam", 1, False),
]


def seed_incident_types() -> int:
    """Creates the incident types the domain notes name, leaving edited ones as they are.
    Returns how many were created."""
    created = 0
    for order, (code, name, severity, gakkumdu) in enumerate(INCIDENT_TYPES, start=1):
        _, was_created = IncidentType.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "default_severity": severity,
                "suggests_gakkumdu": gakkumdu,
                "order": order,
            },
        )
        created += was_created
    return created
