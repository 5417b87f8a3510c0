"""The personnel page of an operation and unit."""

import pytest
from django.urls import reverse

from agencies.models import Agency
from polling_stations import selectors
from tests.factories import (
    AgencyFactory,
)
from tests.worlds import stations_in

pytestmark = pytest.mark.django_db

KR, R, SR, KH = "kurang_rawan", "rawan", "sangat_rawan", "khusus"


def test_it_shows_the_requirement(client, tps_world, django_assert_max_num_queries):
    client.force_login(tps_world["commander"])
    url = reverse(
        "polling_stations:personnel", args=[tps_world["operation"].slug, tps_world["polres"].slug]
    )

    with django_assert_max_num_queries(20):
        response = client.get(url)

    assert response.status_code == 200
    # 3 KR -> 1 group of 2; 1 R -> 1 group of 4; 1 SR -> 6; 1 KH -> 2: 14 police at the TPS,
    # plus 2 Polsek x 30 in reserve.
    assert response.context["req"].totals.police == 14
    assert response.context["req"].totals.police_total == 74


def test_it_does_not_find_another_polres(client, tps_world):
    client.force_login(tps_world["other_operator"])
    url = reverse(
        "polling_stations:personnel", args=[tps_world["operation"].slug, tps_world["polres"].slug]
    )

    assert client.get(url).status_code == 404


def test_it_records_the_strength_of_the_operators_unit(client, tps_world):
    client.force_login(tps_world["operator"])
    args = [tps_world["operation"].slug, tps_world["polres"].slug]

    client.post(reverse("polling_stations:personnel_strength", args=args), {"personnel": 60})
    response = client.get(reverse("polling_stations:personnel", args=args))

    assert response.context["req"].totals.balance == 60 - 74


def test_it_sets_a_local_pattern_for_the_operators_polres(client, tps_world):
    client.force_login(tps_world["operator"])
    args = [tps_world["operation"].slug, tps_world["polres"].slug]

    client.post(
        reverse("polling_stations:personnel_pattern", args=args),
        {"category": KR, "police_per_group": 2, "tps_per_group": 3, "linmas_per_group": 4},
    )

    patterns = selectors.effective_patterns(
        operation=tps_world["operation"], unit=tps_world["polres"]
    )
    assert patterns[KR].ratio == "2 : 3 : 4"


def test_it_runs_the_same_queries_for_more_units_of_a_polda(
    client, tps_world, django_assert_max_num_queries
):
    election, polda = tps_world["election"], tps_world["polda"]
    for index in range(3, 9):
        polsek = AgencyFactory(
            kind=Agency.Kind.POLSEK, parent=tps_world["polres"], short_name=f"Polsek {index}"
        )
        stations_in(
            election=election,
            polsek=polsek,
            village_code=f"13.12.{index:02d}.2001",
            counts={KR: 5, R: 1},
        )
    client.force_login(tps_world["commander"])
    url = reverse("polling_stations:personnel", args=[tps_world["operation"].slug, polda.slug])

    with django_assert_max_num_queries(20):
        response = client.get(url)

    assert response.context["req"].totals.tps_total == 6 + 6 * 6
    assert response.context["req"].totals.polsek_count == 8
