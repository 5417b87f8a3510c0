"""Voting-day history for the report tests: reports at set hours, incidents handled by set times."""

import datetime
import uuid

from agencies.letters.models import LetterRegister
from agencies.models import Official
from polling_stations.models.election_day import FieldReport, Incident, IncidentStep
from polling_stations.services.incidents import record_incident_step

from .election_day_world import World, build_world

# Voting day in the tests: 14 February 2024, in Pasaman Barat's WIB (UTC+7).
WIB = datetime.timezone(datetime.timedelta(hours=7))


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    """A moment of the three days in WIB: ``day`` -1, 0 or 1 relative to voting day."""
    return datetime.datetime(2024, 2, 14, hour, minute, tzinfo=WIB) + datetime.timedelta(days=day)


def report(world: World, station, phase: str, moment: datetime.datetime, **kwargs):
    """A field report made and received at ``moment``."""
    stored, _ = world.report(
        station=station, phase=phase, reported_at=moment, client_id=uuid.uuid4(), **kwargs
    )
    FieldReport.objects.filter(pk=stored.pk).update(received_at=moment)
    return stored


def incident(world: World, station, moment: datetime.datetime, severity=2, **kwargs) -> Incident:
    found = world.incident(station=station, severity=severity, reported_at=moment, **kwargs)
    FieldReport.objects.filter(pk=found.report_id).update(received_at=moment)
    # The system's own steps (reported, alerted) happened when the report came in.
    IncidentStep.objects.filter(incident=found).update(at=moment)
    return found


def step(found: Incident, kind: str, user, moment: datetime.datetime, note: str = ""):
    """A posko step recorded through the service, then dated to ``moment``."""
    recorded = record_incident_step(incident=found, kind=kind, user=user, note=note)
    IncidentStep.objects.filter(pk=recorded.pk).update(at=moment)
    if kind == "acknowledged":
        Incident.objects.filter(pk=found.pk).update(acknowledged_at=moment)
    if kind == "closed":
        Incident.objects.filter(pk=found.pk).update(closed_at=moment)
    return recorded


def signed_by_kabag_ops(world: World) -> LetterRegister:
    """The Polres's register: its Kabag Ops signs a.n. the Kapolres."""
    kabag = Official.objects.get(agency=world.polres, position="Kabag Ops")
    return LetterRegister.objects.create(
        unit=world.polres, section="Bag Ops", archive_code="LAP", signatory=kabag
    )


def history() -> World:
    """Five TPS; opening reported by three (one twice), voting by one; a severity 2
    incident acknowledged after 4 minutes, sent a unit, closed with a note and handed to
    Gakkumdu; a severity 3 one never acknowledged; one exercise report at the fifth."""
    world = build_world()
    first, second, third = world.stations
    report(world, first, "opening", at(0, 7, 10))
    report(world, second, "opening", at(0, 7, 40))
    report(world, third, "opening", at(0, 8, 5))
    handled = incident(world, first, at(0, 9, 0), severity=2, phase="opening", code="politik-uang")
    step(handled, "acknowledged", world.operator, at(0, 9, 4))
    step(handled, "dispatched", world.operator, at(0, 9, 10), note="Unit Sabhara 2 orang")
    step(handled, "gakkumdu", world.operator, at(0, 9, 30), note="Diserahkan ke Sentra Gakkumdu")
    step(handled, "closed", world.operator, at(0, 11, 0), note="Pelaku diamankan, TPS kondusif")
    incident(world, second, at(0, 10, 0), severity=3, phase="voting", code="keributan")
    report(world, world.other_stations[0], "opening", at(0, 7, 20), is_exercise=True)
    world.handled = handled
    return world
