"""A small command-post world: Polda > Polres > two Polsek, TPS, a plotting group, people."""

import datetime
import uuid
from dataclasses import dataclass

from django.utils import timezone

from agencies.models import Agency, Membership
from polling_stations.models import PlottingAssignment, PlottingGroup, PollingStation
from polling_stations.models.election_day import IncidentType
from polling_stations.services.election_day import (
    IncidentInput,
    record_field_report,
    seed_incident_types,
)
from tests.factories import (
    AgencyFactory,
    ElectionFactory,
    MembershipFactory,
    OperationFactory,
    UserFactory,
    region_chain,
)
from tests.polling_stations.risk_factories import make_stations, police_tree


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
    seed_incident_types()
    election = ElectionFactory()
    polda, polres, (polsek, other_polsek) = police_tree(polsek_count=2)
    polda.email = "posko@poldasumbar.example.id"
    polda.save()
    operation = OperationFactory(commanding_unit=polda)
    operation.elections.add(election)
    make_stations(
        election=election, polsek=polsek, village_code="13.12.01.2001", counts={"rawan": 3}
    )
    make_stations(
        election=election, polsek=other_polsek, village_code="13.12.02.2001", counts={"rawan": 2}
    )
    stations = list(PollingStation.objects.filter(polsek=polsek).order_by("number"))
    for number, station in enumerate(stations):
        station.latitude, station.longitude = -0.1 + number / 1000, 99.8
        station.save()
    other_stations = list(PollingStation.objects.filter(polsek=other_polsek).order_by("number"))
    group = PlottingGroup.objects.create(
        operation=operation, polsek=polsek, number=1, category="rawan"
    )
    for station in stations[:2]:
        PlottingAssignment.objects.create(group=group, polling_station=station)
    operator = MembershipFactory(
        agency=polres,
        role=Membership.Role.OPERATOR,
        user=UserFactory(email="ops@polres.example.id"),
    ).user
    commander = MembershipFactory(agency=polda, role=Membership.Role.COMMANDER).user
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
