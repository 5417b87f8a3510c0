"""A small Polres with plotting groups, shared by the Daftar Plotting tests."""

import subprocess
import tempfile
from dataclasses import dataclass

from agencies.models import Agency, Membership
from operations.models import Operation
from polling_stations import services
from tests.factories import ElectionFactory, MembershipFactory, OperationFactory

from .risk_factories import make_stations, police_tree


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
    election = ElectionFactory()
    polda, polres, polseks = police_tree(polsek_count=2)
    _other_polda, other_polres, _ = police_tree(polsek_count=1, regency="14.01")
    operation = OperationFactory(commanding_unit=polda)
    operation.elections.add(election)
    for index, polsek in enumerate(polseks, start=1):
        make_stations(
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
        operator=MembershipFactory(agency=polres, role=Membership.Role.OPERATOR).user,
        other_operator=MembershipFactory(agency=other_polres, role=Membership.Role.OPERATOR).user,
        commander=MembershipFactory(agency=polda, role=Membership.Role.COMMANDER).user,
    )


def pdf_text(pdf: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        return subprocess.run(
            ["pdftotext", "-layout", handle.name, "-"], capture_output=True, text=True, check=True
        ).stdout
