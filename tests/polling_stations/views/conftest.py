"""The TPS pages' TPS: six in two Polsek of the world's Polres, two in another province."""

import pytest

from agencies.models import Membership
from polling_stations import services
from polling_stations.models import PollingStation
from tests.factories import (
    MembershipFactory,
)
from tests.worlds import build_world, stations_in

KR, R, SR, KH = "kurang_rawan", "rawan", "sangat_rawan", "khusus"


@pytest.fixture
def tps_world(db):
    world = build_world(polsek=2, outside=True, operation=True)
    election = world.election
    operation = world.operation
    polda = world.polda
    polres = world.polres
    first, second = world.polsek
    other_polres = world.outside_polres
    other_polsek = world.outside_polsek
    services.import_indicators(election=election)
    a = stations_in(
        election=election, polsek=first, village_code="13.12.01.2001", counts={KR: 3, R: 1}
    )
    b = stations_in(
        election=election, polsek=second, village_code="13.12.02.2001", counts={SR: 1, KH: 1}
    )
    outside = stations_in(
        election=election, polsek=other_polsek, village_code="14.01.01.2001", counts={KR: 2}
    )
    for i, station in enumerate([*a, *b]):
        PollingStation.objects.filter(pk=station.pk).update(
            latitude=0.1 + i / 100, longitude=99.6 + i / 100
        )
    return {
        "election": election,
        "operation": operation,
        "polda": polda,
        "polres": polres,
        "polseks": (first, second),
        "inside": [*a, *b],
        "outside": outside,
        "operator": world.operator,
        "other_operator": MembershipFactory(
            agency=other_polres, role=Membership.Role.OPERATOR
        ).user,
        "commander": world.commander,
        "liaison": world.kpu_liaison,
    }
