"""The TPS pages' test world (moved here from test_views.py, shared by the page tests)."""

import pytest

from agencies.models import Agency, Membership
from polling_stations import services
from polling_stations.models import PollingStation
from tests.factories import (
    AgencyFactory,
    ElectionFactory,
    MembershipFactory,
    OperationFactory,
)
from tests.polling_stations.risk_factories import (
    make_stations,
    police_tree,
)

KR, R, SR, KH = "kurang_rawan", "rawan", "sangat_rawan", "khusus"


@pytest.fixture
def world():
    election = ElectionFactory()
    polda, polres, (first, second) = police_tree(polsek_count=2)
    _other_polda, other_polres, (other_polsek,) = police_tree(polsek_count=1, regency="14.01")
    operation = OperationFactory(commanding_unit=polda)
    operation.elections.add(election)
    services.import_indicators(election=election)
    a = make_stations(
        election=election, polsek=first, village_code="13.12.01.2001", counts={KR: 3, R: 1}
    )
    b = make_stations(
        election=election, polsek=second, village_code="13.12.02.2001", counts={SR: 1, KH: 1}
    )
    outside = make_stations(
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
        "operator": MembershipFactory(agency=polres, role=Membership.Role.OPERATOR).user,
        "other_operator": MembershipFactory(
            agency=other_polres, role=Membership.Role.OPERATOR
        ).user,
        "commander": MembershipFactory(agency=polda, role=Membership.Role.COMMANDER).user,
        "liaison": MembershipFactory(
            agency=AgencyFactory(kind=Agency.Kind.KPU), role=Membership.Role.LIAISON
        ).user,
    }
