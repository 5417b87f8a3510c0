"""The TPS counts per category page."""

import pytest
from django.urls import reverse

from agencies.models import Agency, Membership, Region
from polling_stations.selectors.risk import (
    counts_by_region_and_category,
    kept_counts,
    stations_of_unit,
)
from tests.factories import (
    AgencyFactory,
    MembershipFactory,
)

pytestmark = pytest.mark.django_db

KR, R, SR, KH = "kurang_rawan", "rawan", "sangat_rawan", "khusus"


def test_it_counts_the_unit_tps_per_kecamatan(client, tps_world, django_assert_max_num_queries):
    client.force_login(tps_world["commander"])
    url, params = reverse("polling_stations:summary"), {"unit": tps_world["polres"].slug}
    client.get(url, params)  # the elections, the unit's area and region names are now cached

    # Session, transaction, user and memberships; the kept counts (the units offered come
    # from the cache too).
    with django_assert_max_num_queries(8):
        response = client.get(url, {**params, "group_by": "kecamatan"})

    table = response.context["table"]
    assert [(row.key, row.ordered) for row in table.rows] == [
        ("13.12.01", [3, 1, 0, 0]),
        ("13.12.02", [0, 0, 1, 1]),
    ]


def test_it_counts_per_polres_for_the_polda(client, tps_world):
    client.force_login(tps_world["commander"])

    response = client.get(
        reverse("polling_stations:summary"), {"unit": tps_world["polda"].slug, "group_by": "polres"}
    )

    assert [(row.name, row.total) for row in response.context["table"].rows] == [
        ("Polres Pasaman Barat", 6)
    ]


def test_it_does_not_find_a_unit_outside_ones_own(client, tps_world):
    client.force_login(tps_world["other_operator"])

    response = client.get(reverse("polling_stations:summary"), {"unit": tps_world["polres"].slug})

    assert response.status_code == 404


def test_it_shows_an_admin_the_national_summary_per_polda(client, tps_world):
    admin = MembershipFactory(agency=tps_world["polda"], role=Membership.Role.ADMIN).user
    client.force_login(admin)

    response = client.get(reverse("polling_stations:summary"))

    assert response.context["unit"] is None
    assert sorted((row.key, row.total) for row in response.context["table"].rows) == [
        (tps_world["polda"].pk, 6),
        (tps_world["outside"][0].polsek.parent.parent_id, 2),
    ]


def test_it_counts_a_category_set_since_the_last_visit(client, tps_world):
    client.force_login(tps_world["operator"])
    url = reverse("polling_stations:summary")
    params = {"unit": tps_world["polres"].slug, "group_by": "kecamatan"}
    client.get(url, params)
    station = tps_world["inside"][0]  # kurang rawan, in 13.12.01

    client.post(
        reverse("polling_stations:category", args=[station.pk]),
        {"category": SR, "reason": "Riwayat bentrok"},
    )

    table = client.get(url, params).context["table"]
    assert [(row.key, row.ordered) for row in table.rows] == [
        ("13.12.01", [2, 1, 1, 0]),
        ("13.12.02", [0, 0, 1, 1]),
    ]


def test_it_reads_the_kept_counts_as_counting_the_tps_would(tps_world):
    election, polda = tps_world["election"], tps_world["polda"]
    counted = counts_by_region_and_category(
        stations_of_unit(election=election, unit=polda), code_length=5
    )

    assert sorted(kept_counts(election=election, unit=polda, code_length=5)) == sorted(counted)


def test_it_names_a_kecamatan_renamed_since_the_last_visit(
    client, tps_world, django_capture_on_commit_callbacks
):
    client.force_login(tps_world["commander"])
    url = reverse("polling_stations:summary")
    params = {"unit": tps_world["polres"].slug, "group_by": "kecamatan"}
    client.get(url, params)  # the kecamatan names are now cached
    with django_capture_on_commit_callbacks(execute=True):
        kecamatan = Region.objects.get(code="13.12.01")
        kecamatan.name = "Kecamatan Baru"
        kecamatan.save()

    table = client.get(url, params).context["table"]

    assert table.rows[0].name == "Kecamatan Baru"


def test_it_offers_a_polres_created_since_the_last_visit(
    client, tps_world, django_capture_on_commit_callbacks
):
    client.force_login(tps_world["commander"])
    url = reverse("polling_stations:summary")
    client.get(url)  # the units offered are now cached
    with django_capture_on_commit_callbacks(execute=True):
        polres = AgencyFactory(
            kind=Agency.Kind.POLRES, short_name="Polres Baru", parent=tps_world["polda"]
        )

    response = client.get(url, {"unit": polres.slug})

    assert response.status_code == 200
    assert "Polres Baru" in [unit.short_name for unit in response.context["units"]]
