"""The Bawaslu indicator summary page."""

import pytest
from django.urls import reverse

from polling_stations.models import RiskIndicator
from tests.polling_stations.risk_factories import (
    IndicatorReportFactory,
)

pytestmark = pytest.mark.django_db

KR, R, SR, KH = "kurang_rawan", "rawan", "sangat_rawan", "khusus"


def test_it_rolls_up_to_the_kecamatan(client, tps_world, django_assert_max_num_queries):
    first, security = RiskIndicator.objects.get(number=1), RiskIndicator.objects.get(number=12)
    a0, a1, _a2, _a3, b0, _b1 = tps_world["inside"]
    IndicatorReportFactory(polling_station=a0, indicator=first)
    IndicatorReportFactory(polling_station=a0, indicator=security)
    IndicatorReportFactory(polling_station=a1, indicator=first)
    IndicatorReportFactory(polling_station=b0, indicator=security)
    IndicatorReportFactory(polling_station=tps_world["outside"][0], indicator=first)
    client.force_login(tps_world["operator"])

    with django_assert_max_num_queries(14):
        response = client.get(reverse("polling_stations:indicator_summary"), {"level": "kecamatan"})

    rows = {
        row.code: (row.stations_flagged, row.cells[0], row.cells[11])
        for row in response.context["rows"]
    }
    assert rows == {"13.12.01": (2, 2, 1), "13.12.02": (1, 0, 1)}
    assert response.context["flagged_total"] == 3
