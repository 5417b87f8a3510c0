"""Drill mode: the three days played for a unit's TPS through the phones' own service."""

import datetime
import random
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from agencies.models import Agency
from operations.models import Operation

from ..models import PollingStation
from ..models.election_day import PHASE_DAY, PHASES, FieldReport, IncidentType, Phase
from .election_day import IncidentInput, ReportInput, record_field_reports
from .report_storage import rebuild_station_status

# Reports per call when the drill is laid out at once: the phones' batch limit.
DRILL_BATCH = 50
# When each phase is typically reported, as (earliest, latest) local hours on its day;
# counting runs past midnight, so the hand-over may come at 26.00 (02.00 next day).
PHASE_HOURS = {
    Phase.LOGISTICS_ARRIVED: (14.0, 21.0),
    Phase.OPENING: (6.5, 7.5),
    Phase.VOTING: (9.0, 13.0),
    Phase.COUNTING: (13.5, 19.0),
    Phase.RESULTS_HANDED_OVER: (19.0, 26.0),
    Phase.DEPARTURE_TO_PPK: (6.0, 10.0),
    Phase.ARRIVAL_AT_PPK: (8.0, 13.0),
}
# A few TPS miss a phase: the situation room must show who has not reported.
MISSED_REPORT_RATE = 0.02
SEVERITY_WEIGHTS = (0.6, 0.3, 0.1)
INCIDENT_TEXTS = {
    "keributan": "Keributan antarpendukung di depan TPS, dilerai warga.",
    "intimidasi": "Pemilih mengaku diancam agar memilih calon tertentu.",
    "politik-uang": "Warga melaporkan pembagian amplop di dekat TPS.",
    "logistik": "Surat suara kurang dari jumlah DPT, menunggu kiriman PPS.",
    "terlambat-buka": "TPS belum dibuka karena KPPS belum lengkap.",
    "bencana": "Air naik di halaman TPS, kotak suara dipindah ke tempat tinggi.",
    "kecelakaan": "Kendaraan pengangkut logistik tergelincir, tidak ada korban.",
    "listrik-padam": "Listrik padam saat penghitungan, memakai lampu darurat.",
}


@dataclass(frozen=True)
class PlannedReport:
    offset: datetime.timedelta  # from the scenario's start (H-1 00.00 local)
    station: PollingStation
    phase: str
    incident: IncidentInput | None


@dataclass
class SimulationResult:
    stations: int = 0
    reports: int = 0
    incidents: int = 0


def _stations(operation: Operation, unit: Agency) -> list[PollingStation]:
    return list(
        PollingStation.objects.filter(election__in=operation.elections.all())
        .in_area_of(unit)
        .order_by("village_id", "number")
    )


def plan_election_days(
    *, operation: Operation, unit: Agency, incidents: int = 5, seed: int | None = None
) -> list[PlannedReport]:
    """Every report of the three days for the unit's TPS, in time order, with
    ``incidents`` of them incidents."""
    rng = random.Random(seed)
    stations = _stations(operation, unit)
    types = list(IncidentType.objects.filter(is_active=True))
    plan = []
    for station in stations:
        for phase in PHASES:
            if rng.random() < MISSED_REPORT_RATE:
                continue
            low, high = PHASE_HOURS[phase]
            hours = 24 * (PHASE_DAY[phase] + 1) + rng.uniform(low, high)
            plan.append(PlannedReport(datetime.timedelta(hours=hours), station, phase.value, None))
    if types and plan:
        for index in rng.sample(range(len(plan)), min(incidents, len(plan))):
            kind = rng.choice(types)
            severity = rng.choices((1, 2, 3), weights=SEVERITY_WEIGHTS)[0]
            planned = plan[index]
            plan[index] = PlannedReport(
                planned.offset,
                planned.station,
                planned.phase,
                IncidentInput(
                    incident_type=kind,
                    severity=max(severity, kind.default_severity),
                    description=INCIDENT_TEXTS.get(kind.code, kind.name),
                ),
            )
    plan.sort(key=lambda planned: planned.offset)
    return plan


def _jitter(station: PollingStation, rng: random.Random) -> tuple[float | None, float | None]:
    if station.latitude is None or station.longitude is None:
        return None, None
    return (
        float(station.latitude) + rng.uniform(-0.0005, 0.0005),
        float(station.longitude) + rng.uniform(-0.0005, 0.0005),
    )


def run_simulation(
    *,
    operation: Operation,
    plan: list[PlannedReport],
    speed: float | None = None,
    seed: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> SimulationResult:
    """Sends the planned reports through ``record_field_reports``, marked as exercise.

    Without ``speed`` (instant) the scenario is laid out so it ends now; with ``speed``
    N it plays from now, N times faster than real time, each report stamped when sent,
    starting with the first report rather than the quiet hours before it.
    """
    rng = random.Random(seed)
    result = SimulationResult(stations=len({p.station.pk for p in plan}))
    if not plan:
        return result
    started = timezone.now()
    first_offset, end_offset = plan[0].offset, plan[-1].offset
    step = max(1, len(plan) // 20)
    batch: list[ReportInput] = []
    for number, planned in enumerate(plan, start=1):
        if speed:
            due = started + (planned.offset - first_offset) / speed
            wait = (due - timezone.now()).total_seconds()
            if wait > 0:
                sleep(wait)
            reported_at = timezone.now()
        else:
            reported_at = started - (end_offset - planned.offset)
        latitude, longitude = _jitter(planned.station, rng)
        batch.append(
            ReportInput(
                client_id=uuid.UUID(int=rng.getrandbits(128), version=4),
                polling_station=planned.station,
                phase=planned.phase,
                reported_at=reported_at,
                latitude=latitude,
                longitude=longitude,
                incident=planned.incident,
            )
        )
        result.incidents += planned.incident is not None
        # Played in time, each report goes when it happens; laid out at once, they go in
        # the batches a phone sends after a spell without signal.
        if speed or len(batch) == DRILL_BATCH or number == len(plan):
            outcomes = record_field_reports(operation=operation, reports=batch, is_exercise=True)
            refused = [outcome.errors for outcome in outcomes if outcome.errors]
            if refused:
                raise ValidationError(refused[0])
            result.reports += len(batch)
            batch = []
        if progress and (number % step == 0 or number == len(plan)):
            progress(number, len(plan))
    return result


def clear_exercise(*, operation: Operation, unit: Agency | None = None) -> int:
    """Removes the exercise reports (and their incidents, steps and alerts) of the
    operation, within ``unit``'s area if given, and recomputes the TPS states."""
    reports = FieldReport.objects.filter(operation=operation, is_exercise=True)
    if unit is not None:
        reports = reports.filter(
            polling_station__in=PollingStation.objects.in_area_of(unit).values("pk")
        )
    with transaction.atomic():
        station_ids = set(reports.values_list("polling_station_id", flat=True).distinct())
        deleted, _ = reports.delete()
        rebuild_station_status(operation=operation, station_ids=station_ids)
    return deleted
