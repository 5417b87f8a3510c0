"""The command-post world: the one world's Polres with two Polsek, TPS, a plotting group."""

import datetime
import uuid
from dataclasses import dataclass

from django.utils import timezone

from agencies.models import Agency, Membership, Region
from polling_stations.models import PlottingAssignment, PlottingGroup, PollingStation
from polling_stations.models.election_day import IncidentType
from polling_stations.services.election_day import (
    IncidentInput,
    record_field_report,
    seed_incident_types,
)
from tests import worlds
from tests.factories import (
    AgencyFactory,
    MembershipFactory,
    region_chain,
)


@dataclass
class World:
    operation: object
    polda: Agency
    polres: Agency
    polsek: Agency
    other_polsek: Agency
    stations: list[PollingStation]
    other_stations: list[PollingStation]
    group: PlottingGroup
    operator: object
    commander: object

    def report(self, station=None, phase="opening", **kwargs):
        kwargs.setdefault("reported_at", timezone.now() - datetime.timedelta(minutes=1))
        kwargs.setdefault("client_id", uuid.uuid4())
        return record_field_report(
            operation=self.operation,
            polling_station=station or self.stations[0],
            phase=phase,
            **kwargs,
        )

    def incident(self, station=None, severity=2, code="keributan", **kwargs):
        incident = IncidentInput(
            incident_type=IncidentType.objects.get(code=code),
            severity=severity,
            description="Keributan di depan TPS.",
        )
        report, _ = self.report(station=station, incident=incident, **kwargs)
        return report.incident


def build_world() -> World:
    """The one world (tests/worlds.py) with two Polsek, five TPS and a plotting group."""
    seed_incident_types()
    world = worlds.build_world(polsek=2, operation=True)
    polda, polres, operation = world.polda, world.polres, world.operation
    polsek, other_polsek = world.polsek
    polda.email = "posko@poldasumbar.example.id"
    polda.save()
    worlds.stations_in(
        election=world.election, polsek=polsek, village_code="13.12.01.2001", counts={"rawan": 3}
    )
    worlds.stations_in(
        election=world.election,
        polsek=other_polsek,
        village_code="13.12.02.2001",
        counts={"rawan": 2},
    )
    stations = list(PollingStation.objects.filter(polsek=polsek).order_by("number"))
    for number, station in enumerate(stations):
        station.latitude, station.longitude = -0.1 + number / 1000, 99.8
        station.save()
    other_stations = list(PollingStation.objects.filter(polsek=other_polsek).order_by("number"))
    # Whatever an earlier test committed (the real regions carry centroids), the other Polsek's
    # TPS have no position at all: neither their own nor their village's or kecamatan's.
    Region.objects.filter(code__in=["13.12.02.2001", "13.12.02"]).update(
        latitude=None, longitude=None
    )
    group = PlottingGroup.objects.create(
        operation=operation, polsek=polsek, number=1, category="rawan"
    )
    for station in stations[:2]:
        PlottingAssignment.objects.create(group=group, polling_station=station)
    operator = world.operator
    operator.email = "ops@polres.example.id"
    operator.save()
    commander = world.commander
    return World(
        operation=operation,
        polda=polda,
        polres=polres,
        polsek=polsek,
        other_polsek=other_polsek,
        stations=stations,
        other_stations=other_stations,
        group=group,
        operator=operator,
        commander=commander,
    )


def partner(kind: str, region_code: str = "13.12"):
    """A partner agency holding ``region_code`` and a liaison user for it."""
    agency = AgencyFactory(kind=kind, short_name=f"{kind} {region_code}")
    agency.regions.add(region_chain(region_code))
    return MembershipFactory(agency=agency, role=Membership.Role.LIAISON).user
