"""A small Polres with plotting groups, shared by the Daftar Plotting tests."""

from dataclasses import dataclass

from agencies.models import Agency, Membership
from operations.models import Operation
from polling_stations import services
from tests.factories import MembershipFactory
from tests.worlds import build_world, stations_in


@dataclass
class PlottingWorld:
    operation: Operation
    polres: Agency
    polseks: list
    other_polres: Agency
    operator: object
    other_operator: object
    commander: object


def plotting_world() -> PlottingWorld:
    world = build_world(polsek=2, outside=True, operation=True)
    election = world.election
    operation = world.operation
    polres = world.polres
    polseks = world.polsek
    other_polres = world.outside_polres
    for index, polsek in enumerate(polseks, start=1):
        stations_in(
            election=election,
            polsek=polsek,
            village_code=f"13.12.0{index}.2001",
            counts={"kurang_rawan": 3, "rawan": 1},
        )
        services.propose_plotting(operation=operation, polsek=polsek)
    return PlottingWorld(
        operation=operation,
        polres=polres,
        polseks=polseks,
        other_polres=other_polres,
        operator=world.operator,
        other_operator=MembershipFactory(agency=other_polres, role=Membership.Role.OPERATOR).user,
        commander=world.commander,
    )
