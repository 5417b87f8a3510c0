import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from agencies.models import Agency, Membership
from polling_stations import selectors, services
from polling_stations.models import CategoryOverride, PollingStation, Region, RiskIndicator
from tests.factories import (
    AgencyFactory,
    ElectionFactory,
    MembershipFactory,
    OperationFactory,
)
from tests.polling_stations.risk_factories import (
    IndicatorReportFactory,
    make_stations,
    police_tree,
)

pytestmark = pytest.mark.django_db

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


def _labels(response):
    return sorted(f"{s.village_id}/{s.number}" for s in response.context["page"].object_list)


def test_an_operator_sees_the_tps_of_their_unit_only(client, world):
    client.force_login(world["operator"])

    response = client.get(reverse("polling_stations:list"))

    assert response.status_code == 200
    assert response.context["page"].paginator.count == 6
    assert not any(s.village_id.startswith("14.") for s in response.context["page"].object_list)


def test_an_operator_of_another_unit_sees_none_of_them(client, world):
    client.force_login(world["other_operator"])

    response = client.get(reverse("polling_stations:list"))

    assert _labels(response) == ["14.01.01.2001/1", "14.01.01.2001/2"]


def test_a_partner_liaison_may_not_open_the_tps_list(client, world):
    client.force_login(world["liaison"])

    assert client.get(reverse("polling_stations:list")).status_code == 403


def test_the_list_filters_by_category(client, world):
    client.force_login(world["operator"])

    response = client.get(reverse("polling_stations:list"), {"category": SR})

    assert [s.category for s in response.context["page"].object_list] == [SR]


def test_the_list_filters_by_special_tps(client, world):
    client.force_login(world["operator"])

    response = client.get(reverse("polling_stations:list"), {"kind": "khusus"})

    assert [s.special_location for s in response.context["page"].object_list] == ["lapas"]


def test_the_list_filters_by_region_tree(client, world):
    client.force_login(world["commander"])

    response = client.get(
        reverse("polling_stations:list"),
        {"provinsi": "13", "kabupaten": "13.12", "kecamatan": "13.12.02"},
    )

    assert _labels(response) == ["13.12.02.2001/1", "13.12.02.2001/2"]
    desa_choices = [code for code, _ in response.context["form"].fields["desa"].choices][1:]
    assert "13.12.02.2001" in desa_choices
    assert all(code.startswith("13.12.02.") for code in desa_choices)


def test_a_lower_region_outside_the_chosen_higher_one_is_ignored(client, world):
    client.force_login(world["commander"])

    response = client.get(
        reverse("polling_stations:list"), {"kabupaten": "13.12", "kecamatan": "14.01.01"}
    )

    assert response.context["page"].paginator.count == 6


def test_the_list_filters_by_polsek(client, world):
    client.force_login(world["operator"])
    second = world["polseks"][1]

    response = client.get(reverse("polling_stations:list"), {"polsek": second.pk})

    assert {s.polsek_id for s in response.context["page"].object_list} == {second.pk}
    assert response.context["page"].paginator.count == 2


def test_the_list_filters_by_indicator(client, world):
    client.force_login(world["operator"])
    indicator = RiskIndicator.objects.get(number=1)
    IndicatorReportFactory(polling_station=world["inside"][2], indicator=indicator)

    response = client.get(reverse("polling_stations:list"), {"indicator": indicator.pk})

    assert [s.pk for s in response.context["page"].object_list] == [world["inside"][2].pk]


def test_the_list_runs_a_bounded_number_of_queries(client, world, django_assert_max_num_queries):
    election, first = world["election"], world["polseks"][0]
    make_stations(election=election, polsek=first, village_code="13.12.01.2002", counts={KR: 120})
    client.force_login(world["operator"])

    with django_assert_max_num_queries(16):
        response = client.get(reverse("polling_stations:list"), {"provinsi": "13"})

    assert len(response.context["page"].object_list) == 50


def test_the_csv_export_has_the_import_columns_and_only_visible_tps(client, world):
    client.force_login(world["operator"])

    response = client.get(reverse("polling_stations:export_csv"), {"category": KR})

    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert [(r["kode_desa"], r["no_tps"], r["kategori"]) for r in rows] == [
        ("1312012001", "001", KR),
        ("1312012001", "002", KR),
        ("1312012001", "003", KR),
    ]
    assert rows[0]["polsek"] == "Polsek 1"


def test_the_xlsx_export_holds_the_filtered_tps(client, world):
    client.force_login(world["operator"])

    response = client.get(reverse("polling_stations:export_xlsx"), {"kind": "khusus"})

    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("kode_desa", "no_tps", "alamat")
    assert [(r[0], r[6], r[7], r[8]) for r in rows[1:]] == [("1312022001", "khusus", "lapas", KH)]


def test_the_map_page_loads_leaflet_from_the_project_and_the_tile_server_from_settings(
    client, world, settings
):
    settings.MAP_TILE_URL = "https://tiles.polri.example/{z}/{x}/{y}.png"
    client.force_login(world["operator"])

    response = client.get(reverse("polling_stations:map"))

    html = response.content.decode()
    assert "/static/vendor/leaflet/leaflet.js" in html
    assert "/static/vendor/leaflet.markercluster/leaflet.markercluster.js" in html
    assert "https://tiles.polri.example/{z}/{x}/{y}.png" in html
    assert "unpkg" not in html and "cdn" not in html.lower()


def test_the_map_data_gives_points_with_their_category(client, world):
    client.force_login(world["operator"])

    data = client.get(reverse("polling_stations:map_data")).json()

    assert data["mode"] == "points"
    assert data["count"] == 6
    assert sorted(point[3] for point in data["points"]) == sorted([KR, KR, KR, R, SR, KH])
    assert {point[5] for point in data["points"]} == {0}  # all at their own coordinates


def test_beyond_the_marker_limit_the_map_shows_counts_per_kecamatan(client, world, monkeypatch):
    monkeypatch.setattr(selectors, "MAP_MARKER_LIMIT", 3)
    client.force_login(world["operator"])

    data = client.get(reverse("polling_stations:map_data")).json()

    assert data["mode"] == "areas"
    assert data["points"] == []
    areas = data["areas"]
    assert {code: area["tps"] for code, area in areas.items()} == {"13.12.01": 4, "13.12.02": 2}
    assert areas["13.12.01"]["counts"][R] == 1


def centroid(code, latitude, longitude):
    Region.objects.filter(code=code).update(latitude=latitude, longitude=longitude)


def test_a_tps_without_coordinates_sits_at_its_villages_centroid_marked_approximate(client, world):
    centroid("13.12.01.2001", "0.262759", "99.316421")
    PollingStation.objects.filter(village_id="13.12.01.2001").update(latitude=None, longitude=None)
    client.force_login(world["operator"])

    data = client.get(reverse("polling_stations:map_data")).json()

    approximate = [p for p in data["points"] if p[5] != 0]
    assert len(approximate) == data["approximate"] == 4
    assert {p[5] for p in approximate} == {1}  # village centroid
    # Around Aia Bangih's centroid (0.262759, 99.316421), each at its own spot.
    assert all(abs(p[1] - 0.262759) < 0.01 and abs(p[2] - 99.316421) < 0.01 for p in approximate)
    assert len({(p[1], p[2]) for p in approximate}) == 4


def test_a_tps_whose_village_has_no_centroid_sits_at_its_kecamatans(client, world):
    # As for 13.12.02.2002, whose code changed in 2025: the source has no centroid for it.
    centroid("13.12.02", "0.366629", "99.586079")
    moved = make_stations(
        election=world["election"],
        polsek=world["polseks"][1],
        village_code="13.12.02.2002",
        counts={R: 2},
    )
    centroid("13.12.02.2002", None, None)
    client.force_login(world["operator"])

    data = client.get(reverse("polling_stations:map_data")).json()

    points = {p[0]: p for p in data["points"]}
    assert [points[s.pk][5] for s in moved] == [2, 2]
    assert points[moved[0].pk][1:3] == [0.366629, 99.586079]  # Lembah Melintang's centroid
    assert points[moved[1].pk][1:3] != points[moved[0].pk][1:3]


def test_approximate_positions_are_the_same_on_every_request(client, world):
    centroid("13.12.01.2001", "0.262759", "99.316421")
    PollingStation.objects.filter(village_id="13.12.01.2001").update(latitude=None, longitude=None)
    client.force_login(world["operator"])

    first = client.get(reverse("polling_stations:map_data")).json()["points"]
    again = client.get(reverse("polling_stations:map_data")).json()["points"]

    assert first == again


def test_the_map_data_counts_bawaslu_indicator_reports_per_kecamatan(client, world):
    indicator = RiskIndicator.objects.order_by("number").first()
    IndicatorReportFactory(polling_station=world["inside"][0], indicator=indicator)
    client.force_login(world["operator"])

    data = client.get(reverse("polling_stations:map_data")).json()

    assert data["areas"]["13.12.01"]["reports"] == 1
    assert data["areas"]["13.12.01"]["indicators"] == {str(indicator.number): 1}
    assert data["areas"]["13.12.02"]["reports"] == 0
    assert [indicator.number, indicator.text] in data["indicators"]


def test_the_national_map_data_aggregates_per_kabupaten(client, world, admin_user):
    client.force_login(admin_user)

    data = client.get(reverse("polling_stations:map_data")).json()

    assert data["level"] == "kabupaten" and data["national"] is True
    assert {code: area["tps"] for code, area in data["areas"].items()} == {"13.12": 6, "14.01": 2}


def test_the_map_data_stays_within_a_fixed_number_of_queries(
    client, world, django_assert_max_num_queries
):
    centroid("13.12.01.2001", "0.262759", "99.316421")
    PollingStation.objects.filter(village_id="13.12.01.2001").update(latitude=None, longitude=None)
    client.force_login(world["operator"])

    with django_assert_max_num_queries(16):
        client.get(reverse("polling_stations:map_data"))


def boundary_codes(response) -> list[str]:
    return sorted(f["properties"]["kode"] for f in response.json()["features"])


def test_the_boundaries_are_the_kecamatan_of_the_users_area_only(client, world):
    client.force_login(world["operator"])

    response = client.get(reverse("polling_stations:map_boundaries"))

    codes = boundary_codes(response)
    assert len(codes) == 11
    assert all(code.startswith("13.12.") for code in codes)


def test_the_boundaries_follow_the_chosen_region(client, world):
    client.force_login(world["operator"])

    response = client.get(
        reverse("polling_stations:map_boundaries"),
        {"provinsi": "13", "kabupaten": "13.12", "kecamatan": "13.12.02"},
    )

    assert boundary_codes(response) == ["13.12.02"]


def test_a_region_outside_the_users_area_draws_no_boundaries(client, world):
    client.force_login(world["operator"])

    response = client.get(
        reverse("polling_stations:map_boundaries"), {"provinsi": "14", "kabupaten": "14.01"}
    )

    assert boundary_codes(response) == []


def test_the_national_boundaries_are_the_kabupaten(client, world, admin_user):
    client.force_login(admin_user)

    response = client.get(reverse("polling_stations:map_boundaries"))

    assert len(boundary_codes(response)) == 514


def test_the_boundaries_carry_an_etag_and_are_cached_privately(client, world):
    client.force_login(world["operator"])

    response = client.get(reverse("polling_stations:map_boundaries"))

    assert response["ETag"].startswith('"')
    assert "private" in response["Cache-Control"]
    assert "max-age=86400" in response["Cache-Control"]


def test_the_boundaries_answer_not_modified_to_a_browser_holding_them(client, world):
    client.force_login(world["operator"])
    etag = client.get(reverse("polling_stations:map_boundaries"))["ETag"]

    response = client.get(reverse("polling_stations:map_boundaries"), HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304
    assert response.content == b""


def test_another_area_gets_another_etag(client, world):
    client.force_login(world["operator"])
    mine = client.get(reverse("polling_stations:map_boundaries"))["ETag"]
    client.force_login(world["other_operator"])

    response = client.get(reverse("polling_stations:map_boundaries"), HTTP_IF_NONE_MATCH=mine)

    assert response.status_code == 200
    assert all(code.startswith("14.01.") for code in boundary_codes(response))


def test_the_map_draws_no_tiles_unless_a_tile_server_is_set(client, world, settings):
    settings.MAP_TILE_URL = ""
    client.force_login(world["operator"])

    html = client.get(reverse("polling_stations:map")).content.decode()

    assert 'data-tile-url=""' in html
    assert "openstreetmap" not in html


def test_the_detail_of_a_tps_outside_the_unit_is_not_found(client, world):
    client.force_login(world["operator"])
    outside = world["outside"][0]

    assert client.get(reverse("polling_stations:detail", args=[outside.pk])).status_code == 404


def test_an_override_without_reason_is_refused_and_writes_nothing(client, world):
    client.force_login(world["operator"])
    station = world["inside"][0]

    response = client.post(
        reverse("polling_stations:category", args=[station.pk]), {"category": SR, "reason": " "}
    )

    assert response.status_code == 400
    assert "Alasan penetapan kategori wajib diisi." in response.content.decode()
    station.refresh_from_db()
    assert station.category == KR
    assert not CategoryOverride.objects.exists()


def test_an_operator_overrides_a_category_and_sees_it_in_the_history(client, world):
    client.force_login(world["operator"])
    station = world["inside"][0]

    response = client.post(
        reverse("polling_stations:category", args=[station.pk]),
        {"category": SR, "reason": "Riwayat bentrok antarpendukung 2019"},
        follow=True,
    )

    station.refresh_from_db()
    assert station.category == SR and station.category_overridden
    assert "Riwayat bentrok antarpendukung 2019" in response.content.decode()


def test_a_commander_cannot_override(client, world):
    client.force_login(world["commander"])
    station = world["inside"][0]

    response = client.post(
        reverse("polling_stations:category", args=[station.pk]), {"category": SR, "reason": "x"}
    )

    assert response.status_code == 403


def test_an_operator_reports_an_indicator(client, world):
    client.force_login(world["operator"])
    station = world["inside"][0]
    indicator = RiskIndicator.objects.get(number=12)

    client.post(
        reverse("polling_stations:indicator", args=[station.pk]),
        {"indicator": indicator.pk, "reported_on": "2024-11-01", "note": "Laporan Panwascam"},
    )

    report = station.indicator_reports.get()
    assert (report.indicator, report.reported_by, report.note) == (
        indicator,
        world["operator"],
        "Laporan Panwascam",
    )


def test_the_summary_per_kecamatan_counts_the_unit_tps(
    client, world, django_assert_max_num_queries
):
    client.force_login(world["commander"])

    with django_assert_max_num_queries(12):
        response = client.get(
            reverse("polling_stations:summary"),
            {"unit": world["polres"].slug, "group_by": "kecamatan"},
        )

    table = response.context["table"]
    assert [(row.key, row.ordered) for row in table.rows] == [
        ("13.12.01", [3, 1, 0, 0]),
        ("13.12.02", [0, 0, 1, 1]),
    ]


def test_the_summary_per_polres_for_the_polda(client, world):
    client.force_login(world["commander"])

    response = client.get(
        reverse("polling_stations:summary"), {"unit": world["polda"].slug, "group_by": "polres"}
    )

    assert [(row.name, row.total) for row in response.context["table"].rows] == [("Polres Uji", 6)]


def test_the_summary_of_a_unit_outside_ones_own_is_not_found(client, world):
    client.force_login(world["other_operator"])

    response = client.get(reverse("polling_stations:summary"), {"unit": world["polres"].slug})

    assert response.status_code == 404


def test_the_personnel_page_shows_the_requirement(client, world, django_assert_max_num_queries):
    client.force_login(world["commander"])
    url = reverse(
        "polling_stations:personnel", args=[world["operation"].slug, world["polres"].slug]
    )

    with django_assert_max_num_queries(20):
        response = client.get(url)

    assert response.status_code == 200
    # 3 KR -> 1 group of 2; 1 R -> 1 group of 4; 1 SR -> 6; 1 KH -> 2: 14 police at the TPS,
    # plus 2 Polsek x 30 in reserve.
    assert response.context["req"].totals.police == 14
    assert response.context["req"].totals.police_total == 74


def test_the_personnel_page_of_another_polres_is_not_found(client, world):
    client.force_login(world["other_operator"])
    url = reverse(
        "polling_stations:personnel", args=[world["operation"].slug, world["polres"].slug]
    )

    assert client.get(url).status_code == 404


def test_an_operator_records_the_strength_of_their_unit(client, world):
    client.force_login(world["operator"])
    args = [world["operation"].slug, world["polres"].slug]

    client.post(reverse("polling_stations:personnel_strength", args=args), {"personnel": 60})
    response = client.get(reverse("polling_stations:personnel", args=args))

    assert response.context["req"].totals.balance == 60 - 74


def test_an_operator_sets_a_local_pattern_for_their_polres(client, world):
    client.force_login(world["operator"])
    args = [world["operation"].slug, world["polres"].slug]

    client.post(
        reverse("polling_stations:personnel_pattern", args=args),
        {"category": KR, "police_per_group": 2, "tps_per_group": 3, "linmas_per_group": 4},
    )

    patterns = selectors.effective_patterns(operation=world["operation"], unit=world["polres"])
    assert patterns[KR].ratio == "2 : 3 : 4"


def test_the_plotting_page_lists_the_groups_of_each_polsek(
    client, world, django_assert_max_num_queries
):
    operation = world["operation"]
    for polsek in world["polseks"]:
        services.propose_plotting(operation=operation, polsek=polsek)
    client.force_login(world["operator"])

    with django_assert_max_num_queries(15):
        response = client.get(
            reverse("polling_stations:plotting", args=[operation.slug, world["polres"].slug])
        )

    sections = response.context["sections"]
    assert [(polsek.short_name, len(groups)) for polsek, groups in sections] == [
        ("Polsek 1", 2),
        ("Polsek 2", 2),
    ]


def test_an_operator_proposes_plotting_from_the_page(client, world):
    client.force_login(world["operator"])
    operation = world["operation"]

    client.post(
        reverse("polling_stations:plotting_propose", args=[operation.slug, world["polres"].slug])
    )

    assert operation.plotting_groups.count() == 4


def test_the_indicator_summary_rolls_up_to_the_kecamatan(
    client, world, django_assert_max_num_queries
):
    first, security = RiskIndicator.objects.get(number=1), RiskIndicator.objects.get(number=12)
    a0, a1, _a2, _a3, b0, _b1 = world["inside"]
    IndicatorReportFactory(polling_station=a0, indicator=first)
    IndicatorReportFactory(polling_station=a0, indicator=security)
    IndicatorReportFactory(polling_station=a1, indicator=first)
    IndicatorReportFactory(polling_station=b0, indicator=security)
    IndicatorReportFactory(polling_station=world["outside"][0], indicator=first)
    client.force_login(world["operator"])

    with django_assert_max_num_queries(14):
        response = client.get(reverse("polling_stations:indicator_summary"), {"level": "kecamatan"})

    rows = {
        row.code: (row.stations_flagged, row.cells[0], row.cells[11])
        for row in response.context["rows"]
    }
    assert rows == {"13.12.01": (2, 2, 1), "13.12.02": (1, 0, 1)}
    assert response.context["flagged_total"] == 3


def test_an_operator_moves_a_tps_into_another_group(client, world):
    operation, first = world["operation"], world["polseks"][0]
    kurang_rawan_group, rawan_group = services.propose_plotting(operation=operation, polsek=first)
    moved = kurang_rawan_group.polling_stations.first()
    client.force_login(world["operator"])

    client.post(
        reverse("polling_stations:plotting_group", args=[operation.slug, rawan_group.pk]),
        {"move_tps": moved.pk},
    )

    assert moved in rawan_group.polling_stations.all()
    assert moved not in kurang_rawan_group.polling_stations.all()


def test_a_tps_of_another_polsek_cannot_be_moved_into_a_group(client, world):
    operation, (first, second) = world["operation"], world["polseks"]
    group = services.propose_plotting(operation=operation, polsek=first)[0]
    foreign = PollingStation.objects.filter(polsek=second).first()
    client.force_login(world["operator"])

    response = client.post(
        reverse("polling_stations:plotting_group", args=[operation.slug, group.pk]),
        {"move_tps": foreign.pk},
    )

    assert response.status_code == 404
    assert foreign not in group.polling_stations.all()


def test_an_admin_sees_the_national_summary_per_polda(client, world):
    admin = MembershipFactory(agency=world["polda"], role=Membership.Role.ADMIN).user
    client.force_login(admin)

    response = client.get(reverse("polling_stations:summary"))

    assert response.context["unit"] is None
    assert sorted((row.key, row.total) for row in response.context["table"].rows) == [
        (world["polda"].pk, 6),
        (world["outside"][0].polsek.parent.parent_id, 2),
    ]


def test_the_personnel_page_of_a_polda_runs_the_same_queries_for_more_units(
    client, world, django_assert_max_num_queries
):
    election, polda = world["election"], world["polda"]
    for index in range(3, 9):
        polsek = AgencyFactory(
            kind=Agency.Kind.POLSEK, parent=world["polres"], short_name=f"Polsek {index}"
        )
        make_stations(
            election=election,
            polsek=polsek,
            village_code=f"13.12.{index:02d}.2001",
            counts={KR: 5, R: 1},
        )
    client.force_login(world["commander"])
    url = reverse("polling_stations:personnel", args=[world["operation"].slug, polda.slug])

    with django_assert_max_num_queries(20):
        response = client.get(url)

    assert response.context["req"].totals.tps_total == 6 + 6 * 6
    assert response.context["req"].totals.polsek_count == 8
