"""The plotting page and its group edits."""

import pytest
from django.urls import reverse

from polling_stations import services
from polling_stations.models import PollingStation
from tests.factories import OfficialFactory

pytestmark = pytest.mark.django_db

KR, R, SR, KH = "kurang_rawan", "rawan", "sangat_rawan", "khusus"


def test_it_lists_every_polsek_with_its_plotting_figures(
    client, tps_world, django_assert_max_num_queries
):
    operation = tps_world["operation"]
    for polsek in tps_world["polseks"]:
        services.propose_plotting(operation=operation, polsek=polsek)
    client.force_login(tps_world["operator"])

    with django_assert_max_num_queries(14):
        response = client.get(
            reverse("polling_stations:plotting", args=[operation.slug, tps_world["polres"].slug])
        )

    table = response.context["table"]
    assert [(item.polsek.short_name, item.groups, item.tps) for item in table.polseks] == [
        ("Polsek Uji 1", 2, 4),
        ("Polsek Uji 2", 2, 2),
    ]


def test_it_shows_the_groups_of_the_first_polsek_only(client, tps_world):
    operation, (first, second) = tps_world["operation"], tps_world["polseks"]
    services.propose_plotting(operation=operation, polsek=first)
    services.propose_plotting(operation=operation, polsek=second)
    client.force_login(tps_world["operator"])

    response = client.get(
        reverse("polling_stations:plotting", args=[operation.slug, tps_world["polres"].slug])
    )

    assert response.context["table"].chosen.polsek == first
    assert [row.category for row in response.context["table"].rows] == [KR, R]


def test_it_shows_the_groups_of_the_polsek_asked_for(client, tps_world):
    operation, (first, second) = tps_world["operation"], tps_world["polseks"]
    services.propose_plotting(operation=operation, polsek=first)
    services.propose_plotting(operation=operation, polsek=second)
    client.force_login(tps_world["operator"])

    response = client.get(
        reverse("polling_stations:plotting", args=[operation.slug, tps_world["polres"].slug]),
        {"polsek": second.slug},
    )

    assert response.context["table"].chosen.polsek == second
    assert [row.category for row in response.context["table"].rows] == [SR, KH]


def test_it_shows_the_first_polsek_for_a_polsek_outside_the_unit(client, tps_world):
    operation = tps_world["operation"]
    outside = tps_world["outside"][0].polsek
    client.force_login(tps_world["operator"])

    response = client.get(
        reverse("polling_stations:plotting", args=[operation.slug, tps_world["polres"].slug]),
        {"polsek": outside.slug},
    )

    assert response.context["table"].chosen.polsek == tps_world["polseks"][0]


def test_it_writes_each_group_with_its_tps_officers_and_edit_link(client, tps_world):
    operation, first = tps_world["operation"], tps_world["polseks"][0]
    group = services.propose_plotting(operation=operation, polsek=first)[0]
    officer = OfficialFactory(agency=first, rank="Bripka", name="Andi Saputra")
    services.update_plotting_group(
        group=group, name="Regu Pantai", officer_count=2, officers=[officer], note=""
    )
    client.force_login(tps_world["operator"])

    response = client.get(
        reverse("polling_stations:plotting", args=[operation.slug, tps_world["polres"].slug])
    )

    html = response.content.decode()
    assert "Regu Pantai" in html
    assert "TPS 001 " in html and "; TPS 002 " in html
    assert "Bripka Andi Saputra" in html
    edit = reverse("polling_stations:plotting_group", args=[operation.slug, group.pk])
    assert f'href="{edit}"' in html


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
