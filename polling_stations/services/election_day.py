"""Voting-day ingestion: one field report (safe or an incident) stored once, with the TPS state."""

import datetime
import io
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import filetype
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.db import connection, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from operations.models import Operation

from ..models import PollingStation
from ..models.election_day import (
    PHASE_BIT,
    FieldReport,
    Incident,
    IncidentStep,
    IncidentType,
    Phase,
    StationStatus,
)
from .incidents import alert_posts_for_new_incident

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
    elif reported_at > timezone.now() + CLOCK_TOLERANCE:
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


_INSERT_REPORT = """
INSERT INTO polling_stations_fieldreport
    (client_id, operation_id, polling_station_id, village_id, polsek_id, phase, status,
     reporter_id, reported_at, received_at, latitude, longitude, is_exercise)
VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)
ON CONFLICT (client_id) DO NOTHING
RETURNING id
"""

# The TPS's latest state: phases OR-ed in, the latest report (by the phone's clock,
# since an offline phone sends late) wins, incident counters added.
_STATUS_COLUMNS = """
INSERT INTO polling_stations_stationstatus AS s
    (operation_id, polling_station_id, village_id, polsek_id, phases, last_phase,
     last_status, last_reported_at, open_incidents, max_open_severity)
"""
_STATUS_ON_CONFLICT = """
ON CONFLICT (operation_id, polling_station_id) DO UPDATE SET
    phases = s.phases | EXCLUDED.phases,
    last_phase = CASE WHEN EXCLUDED.last_reported_at >= s.last_reported_at
        THEN EXCLUDED.last_phase ELSE s.last_phase END,
    last_status = CASE WHEN EXCLUDED.last_reported_at >= s.last_reported_at
        THEN EXCLUDED.last_status ELSE s.last_status END,
    last_reported_at = CASE WHEN EXCLUDED.last_reported_at >= s.last_reported_at
        THEN EXCLUDED.last_reported_at ELSE s.last_reported_at END,
    open_incidents = s.open_incidents + EXCLUDED.open_incidents,
    max_open_severity = CASE WHEN EXCLUDED.max_open_severity > s.max_open_severity
        THEN EXCLUDED.max_open_severity ELSE s.max_open_severity END
"""
_STATUS_VALUES = "%s, %s, %s, %s, %s, %s, %s, %s, %s, %s"
_UPSERT_STATUS = f"{_STATUS_COLUMNS} VALUES ({_STATUS_VALUES}) {_STATUS_ON_CONFLICT}"
# A safe report on PostgreSQL: both writes in one statement, atomic by itself, so the
# commonest report costs one round trip (the state is only touched if the report is new).
_RECORD_SAFE_REPORT = f"""
WITH report AS ({_INSERT_REPORT}),
state AS ({_STATUS_COLUMNS} SELECT {_STATUS_VALUES} FROM report {_STATUS_ON_CONFLICT})
SELECT id FROM report
"""


def _coordinate(value: float | Decimal | str | None) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.000001"))


def record_field_report(
    *,
    client_id: uuid.UUID | str,
    operation: Operation,
    polling_station: PollingStation,
    phase: str,
    reported_at: datetime.datetime,
    reporter: Any = None,
    latitude: float | Decimal | None = None,
    longitude: float | Decimal | None = None,
    incident: IncidentInput | None = None,
    is_exercise: bool = False,
) -> tuple[FieldReport, bool]:
    """Stores one report from a TPS, once: sent again with the same ``client_id`` it
    returns the stored report and changes nothing. Returns (report, created).

    The report, the TPS's state, the incident, its first step and its posko alerts
    are one transaction: all of them or none.
    """
    try:
        client_id = uuid.UUID(str(client_id))
    except ValueError as exc:
        raise ValidationError({"client_id": _("ID laporan dari ponsel tidak valid.")}) from exc
    latitude, longitude = _coordinate(latitude), _coordinate(longitude)
    _check(
        operation=operation,
        polling_station=polling_station,
        phase=phase,
        reported_at=reported_at,
        latitude=latitude,
        longitude=longitude,
        incident=incident,
    )
    status = FieldReport.Status.INCIDENT if incident else FieldReport.Status.SAFE
    received_at = timezone.now()
    fields = {
        "client_id": client_id,
        "operation": operation,
        "polling_station": polling_station,
        "village_id": polling_station.village_id,
        "polsek_id": polling_station.polsek_id,
        "phase": phase,
        "status": status,
        "reporter": reporter,
        "reported_at": reported_at,
        "received_at": received_at,
        "latitude": latitude,
        "longitude": longitude,
        "is_exercise": is_exercise,
    }
    ops = connection.ops
    report_params: list[Any] = [
        client_id if connection.vendor == "postgresql" else client_id.hex,
        operation.pk,
        polling_station.pk,
        polling_station.village_id,
        polling_station.polsek_id,
        phase,
        status,
        reporter.pk if reporter is not None else None,
        ops.adapt_datetimefield_value(reported_at),
        ops.adapt_datetimefield_value(received_at),
        ops.adapt_decimalfield_value(latitude, 9, 6),
        ops.adapt_decimalfield_value(longitude, 9, 6),
        is_exercise,
    ]
    status_params: list[Any] = [
        operation.pk,
        polling_station.pk,
        polling_station.village_id,
        polling_station.polsek_id,
        PHASE_BIT[phase],
        phase,
        status,
        ops.adapt_datetimefield_value(reported_at),
        1 if incident else 0,
        incident.severity if incident else 0,
    ]
    if incident is None and connection.vendor == "postgresql":
        # One statement, atomic by itself: no transaction block, one round trip.
        with connection.cursor() as cursor:
            cursor.execute(_RECORD_SAFE_REPORT, report_params + status_params)
            row = cursor.fetchone()
        if row is None:
            return FieldReport.objects.get(client_id=client_id), False
        return FieldReport(pk=row[0], **fields), True
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(_INSERT_REPORT, report_params)
            row = cursor.fetchone()
            if row is None:
                return FieldReport.objects.get(client_id=client_id), False
            cursor.execute(_UPSERT_STATUS, status_params)
        report = FieldReport(pk=row[0], **fields)
        if incident is not None:
            _open_incident(report=report, incident=incident)
    return report, True


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


def rebuild_station_status(
    *, operation: Operation, station_ids: Iterable[int] | None = None
) -> None:
    """Recomputes the TPS states of ``operation`` from the stored reports and incidents
    (after exercise data is removed); ``station_ids`` limits it to those TPS."""
    statuses = StationStatus.objects.filter(operation=operation)
    reports = FieldReport.objects.filter(operation=operation).order_by(
        "polling_station_id", "reported_at", "pk"
    )
    incidents = Incident.objects.filter(operation=operation).open()
    if station_ids is not None:
        station_ids = list(station_ids)
        statuses = statuses.filter(polling_station_id__in=station_ids)
        reports = reports.filter(polling_station_id__in=station_ids)
        incidents = incidents.filter(polling_station_id__in=station_ids)
    open_by_station: dict[int, list[int]] = {}
    for station_id, severity in incidents.values_list("polling_station_id", "severity"):
        open_by_station.setdefault(station_id, []).append(severity)
    latest: dict[int, StationStatus] = {}
    for report in reports.iterator(chunk_size=5000):
        state = latest.get(report.polling_station_id)
        if state is None:
            state = latest[report.polling_station_id] = StationStatus(
                operation=operation,
                polling_station_id=report.polling_station_id,
                village_id=report.village_id,
                polsek_id=report.polsek_id,
            )
        state.phases |= PHASE_BIT[report.phase]
        state.last_phase, state.last_status = report.phase, report.status
        state.last_reported_at = report.reported_at
    for station_id, state in latest.items():
        severities = open_by_station.get(station_id, [])
        state.open_incidents, state.max_open_severity = len(severities), max(severities, default=0)
    with transaction.atomic():
        statuses.delete()
        StationStatus.objects.bulk_create(latest.values(), batch_size=2000)


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
