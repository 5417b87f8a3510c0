"""The plotting page and its group edits."""

import pytest
from django.urls import reverse

from polling_stations import services
from polling_stations.models import PollingStation

pytestmark = pytest.mark.django_db

KR, R, SR, KH = "kurang_rawan", "rawan", "sangat_rawan", "khusus"


def test_it_lists_the_groups_of_each_polsek(client, tps_world, django_assert_max_num_queries):
    operation = tps_world["operation"]
    for polsek in tps_world["polseks"]:
        services.propose_plotting(operation=operation, polsek=polsek)
    client.force_login(tps_world["operator"])

    with django_assert_max_num_queries(15):
        response = client.get(
            reverse("polling_stations:plotting", args=[operation.slug, tps_world["polres"].slug])
        )

    sections = response.context["sections"]
    assert [(polsek.short_name, len(groups)) for polsek, groups in sections] == [
        ("Polsek Uji 1", 2),
        ("Polsek Uji 2", 2),
    ]


def test_it_proposes_plotting_for_every_polsek_of_the_unit(client, tps_world):
    client.force_login(tps_world["operator"])
    operation = tps_world["operation"]

    client.post(
        reverse(
            "polling_stations:plotting_propose", args=[operation.slug, tps_world["polres"].slug]
        )
    )

    assert operation.plotting_groups.count() == 4


def test_it_moves_a_tps_into_another_group(client, tps_world):
    operation, first = tps_world["operation"], tps_world["polseks"][0]
    kurang_rawan_group, rawan_group = services.propose_plotting(operation=operation, polsek=first)
    moved = kurang_rawan_group.polling_stations.first()
    client.force_login(tps_world["operator"])

    client.post(
        reverse("polling_stations:plotting_group", args=[operation.slug, rawan_group.pk]),
        {"move_tps": moved.pk},
    )

    assert moved in rawan_group.polling_stations.all()
    assert moved not in kurang_rawan_group.polling_stations.all()


def test_it_refuses_a_tps_of_another_polsek(client, tps_world):
    operation, (first, second) = tps_world["operation"], tps_world["polseks"]
    group = services.propose_plotting(operation=operation, polsek=first)[0]
    foreign = PollingStation.objects.filter(polsek=second).first()
    client.force_login(tps_world["operator"])

    response = client.post(
        reverse("polling_stations:plotting_group", args=[operation.slug, group.pk]),
        {"move_tps": foreign.pk},
    )

    assert response.status_code == 404
    assert foreign not in group.polling_stations.all()
