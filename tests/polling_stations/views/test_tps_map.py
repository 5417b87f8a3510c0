"""The TPS map page, its data (choropleth figures, exact and approximate positions) and its
base layer (the shipped boundaries)."""

import pytest
from django.urls import reverse

from agencies.models import Region
from polling_stations import selectors
from polling_stations.changes import stations_changed
from polling_stations.models import DistrictCount, PollingStation, RiskIndicator
from tests.polling_stations.risk_factories import IndicatorReportFactory
from tests.worlds import stations_in

pytestmark = pytest.mark.django_db

KR, R, SR, KH = "kurang_rawan", "rawan", "sangat_rawan", "khusus"


def test_it_loads_leaflet_from_the_project_and_the_tile_server_from_settings(
    client, tps_world, settings
):
    settings.MAP_TILE_URL = "https://tiles.polri.example/{z}/{x}/{y}.png"
    client.force_login(tps_world["operator"])

    response = client.get(reverse("polling_stations:map"))

    html = response.content.decode()
    assert "/static/vendor/leaflet/leaflet.js" in html
    assert "/static/vendor/leaflet.markercluster/leaflet.markercluster.js" in html
    assert "https://tiles.polri.example/{z}/{x}/{y}.png" in html
    assert "unpkg" not in html and "cdn" not in html.lower()


def test_it_gives_points_with_their_category(client, tps_world):
    client.force_login(tps_world["operator"])

    data = client.get(reverse("polling_stations:map_data")).json()

    assert data["mode"] == "points"
    assert data["count"] == 6
    assert sorted(point[3] for point in data["points"]) == sorted([KR, KR, KR, R, SR, KH])
    assert {point[5] for point in data["points"]} == {0}  # all at their own coordinates


def test_it_shows_only_counts_per_kecamatan_beyond_the_marker_limit(client, tps_world, monkeypatch):
    monkeypatch.setattr(selectors, "MAP_MARKER_LIMIT", 3)
    client.force_login(tps_world["operator"])

    data = client.get(reverse("polling_stations:map_data")).json()

    assert data["mode"] == "areas"
    assert data["points"] == []
    areas = data["areas"]
    assert {code: area["tps"] for code, area in areas.items()} == {"13.12.01": 4, "13.12.02": 2}
    assert areas["13.12.01"]["counts"][R] == 1


def centroid(code, latitude, longitude):
    Region.objects.filter(code=code).update(latitude=latitude, longitude=longitude)


def test_it_puts_a_tps_without_coordinates_at_its_villages_centroid_marked_approximate(
    client, tps_world
):
    centroid("13.12.01.2001", "0.262759", "99.316421")
    PollingStation.objects.filter(village_id="13.12.01.2001").update(latitude=None, longitude=None)
    client.force_login(tps_world["operator"])

    data = client.get(reverse("polling_stations:map_data")).json()

    approximate = [p for p in data["points"] if p[5] != 0]
    assert len(approximate) == data["approximate"] == 4
    assert {p[5] for p in approximate} == {1}  # village centroid
    # Around Aia Bangih's centroid (0.262759, 99.316421), each at its own spot.
    assert all(abs(p[1] - 0.262759) < 0.01 and abs(p[2] - 99.316421) < 0.01 for p in approximate)
    assert len({(p[1], p[2]) for p in approximate}) == 4


def test_it_puts_a_tps_whose_village_has_no_centroid_at_its_kecamatans(client, tps_world):
    # As for 13.12.02.2002, whose code changed in 2025: the source has no centroid for it.
    centroid("13.12.02", "0.366629", "99.586079")
    moved = stations_in(
        election=tps_world["election"],
        polsek=tps_world["polseks"][1],
        village_code="13.12.02.2002",
        counts={R: 2},
    )
    centroid("13.12.02.2002", None, None)
    client.force_login(tps_world["operator"])

    data = client.get(reverse("polling_stations:map_data")).json()

    points = {p[0]: p for p in data["points"]}
    assert [points[s.pk][5] for s in moved] == [2, 2]
    assert points[moved[0].pk][1:3] == [0.366629, 99.586079]  # Lembah Melintang's centroid
    assert points[moved[1].pk][1:3] != points[moved[0].pk][1:3]


def test_it_gives_the_same_approximate_positions_on_every_request(client, tps_world):
    centroid("13.12.01.2001", "0.262759", "99.316421")
    PollingStation.objects.filter(village_id="13.12.01.2001").update(latitude=None, longitude=None)
    client.force_login(tps_world["operator"])

    first = client.get(reverse("polling_stations:map_data")).json()["points"]
    again = client.get(reverse("polling_stations:map_data")).json()["points"]

    assert first == again


def test_it_counts_bawaslu_indicator_reports_per_kecamatan(client, tps_world):
    indicator = RiskIndicator.objects.order_by("number").first()
    IndicatorReportFactory(polling_station=tps_world["inside"][0], indicator=indicator)
    client.force_login(tps_world["operator"])

    data = client.get(reverse("polling_stations:map_data"), {"indikator": "1"}).json()

    assert data["areas"]["13.12.01"]["reports"] == 1
    assert data["areas"]["13.12.01"]["indicators"] == {str(indicator.number): 1}
    assert data["areas"]["13.12.02"]["reports"] == 0
    assert [indicator.number, indicator.text] in data["indicators"]


def test_it_leaves_indicator_reports_out_until_asked_for(client, tps_world):
    client.force_login(tps_world["operator"])

    data = client.get(reverse("polling_stations:map_data")).json()

    assert data["with_indicators"] is False
    assert "reports" not in data["areas"]["13.12.01"]


def test_it_aggregates_per_kabupaten_nationally(client, tps_world, admin_user):
    client.force_login(admin_user)

    data = client.get(reverse("polling_stations:map_data")).json()

    assert data["level"] == "kabupaten" and data["national"] is True
    assert {code: area["tps"] for code, area in data["areas"].items()} == {"13.12": 6, "14.01": 2}


def test_its_data_stays_within_a_fixed_number_of_queries(
    client, tps_world, django_assert_max_num_queries
):
    centroid("13.12.01.2001", "0.262759", "99.316421")
    PollingStation.objects.filter(village_id="13.12.01.2001").update(latitude=None, longitude=None)
    client.force_login(tps_world["operator"])
    # The elections, the unit's area, indicator texts and region names are now cached.
    client.get(reverse("polling_stations:map_data"))

    # Session, transaction, user and memberships; the audit trail's insert; the kept counts
    # (the points are kept in the cache).
    with django_assert_max_num_queries(6):
        client.get(reverse("polling_stations:map_data"))


def boundary_codes(response) -> list[str]:
    return sorted(f["properties"]["kode"] for f in response.json()["features"])


def test_its_boundaries_are_the_kecamatan_of_the_users_area_only(client, tps_world):
    client.force_login(tps_world["operator"])

    response = client.get(reverse("polling_stations:map_boundaries"))

    codes = boundary_codes(response)
    assert len(codes) == 11
    assert all(code.startswith("13.12.") for code in codes)


def test_its_boundaries_follow_the_chosen_region(client, tps_world):
    client.force_login(tps_world["operator"])

    response = client.get(
        reverse("polling_stations:map_boundaries"),
        {"provinsi": "13", "kabupaten": "13.12", "kecamatan": "13.12.02"},
    )

    assert boundary_codes(response) == ["13.12.02"]


def test_it_draws_no_boundaries_for_a_region_outside_the_users_area(client, tps_world):
    client.force_login(tps_world["operator"])

    response = client.get(
        reverse("polling_stations:map_boundaries"), {"provinsi": "14", "kabupaten": "14.01"}
    )

    assert boundary_codes(response) == []


def test_its_national_boundaries_are_the_kabupaten(client, tps_world, admin_user):
    client.force_login(admin_user)

    response = client.get(reverse("polling_stations:map_boundaries"))

    assert len(boundary_codes(response)) == 514


def test_its_boundaries_carry_an_etag_and_are_cached_privately(client, tps_world):
    client.force_login(tps_world["operator"])

    response = client.get(reverse("polling_stations:map_boundaries"))

    assert response["ETag"].startswith('"')
    assert "private" in response["Cache-Control"]
    assert "max-age=86400" in response["Cache-Control"]


def test_its_boundaries_answer_not_modified_to_a_browser_holding_them(client, tps_world):
    client.force_login(tps_world["operator"])
    etag = client.get(reverse("polling_stations:map_boundaries"))["ETag"]

    response = client.get(reverse("polling_stations:map_boundaries"), HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304
    assert response.content == b""


def test_it_gives_another_area_another_etag(client, tps_world):
    client.force_login(tps_world["operator"])
    mine = client.get(reverse("polling_stations:map_boundaries"))["ETag"]
    client.force_login(tps_world["other_operator"])

    response = client.get(reverse("polling_stations:map_boundaries"), HTTP_IF_NONE_MATCH=mine)

    assert response.status_code == 200
    assert all(code.startswith("14.01.") for code in boundary_codes(response))


def test_it_draws_no_tiles_unless_a_tile_server_is_set(client, tps_world, settings):
    settings.MAP_TILE_URL = ""
    client.force_login(tps_world["operator"])

    html = client.get(reverse("polling_stations:map")).content.decode()

    assert 'data-tile-url=""' in html
    assert "openstreetmap" not in html


def test_the_map_reads_the_kept_counts_only_when_nothing_narrows_the_tps(
    client, tps_world, monkeypatch
):
    monkeypatch.setattr(selectors, "MAP_MARKER_LIMIT", 3)
    client.force_login(tps_world["operator"])
    # A count that no TPS backs shows whether the map read the kept counts.
    DistrictCount.objects.filter(election=tps_world["election"], district_code="13.12.01").update(
        tps=50
    )

    whole = client.get(reverse("polling_stations:map_data")).json()
    narrowed = client.get(reverse("polling_stations:map_data"), {"category": R}).json()

    assert whole["areas"]["13.12.01"]["tps"] > 50
    assert narrowed["areas"] == {
        "13.12.01": {
            "counts": {KR: 0, R: 1, SR: 0, KH: 0},
            "tps": 1,
            "name": narrowed["areas"]["13.12.01"]["name"],
        }
    }


def _categories(client) -> dict[int, str]:
    data = client.get(reverse("polling_stations:map_data")).json()
    return {point[0]: point[3] for point in data["points"]}


def test_its_kept_points_show_a_tps_saved_after_an_earlier_read(
    client, tps_world, django_capture_on_commit_callbacks
):
    client.force_login(tps_world["operator"])
    station = PollingStation.objects.filter(category=KR).first()
    _categories(client)

    with django_capture_on_commit_callbacks(execute=True):
        station.category = SR
        station.save()

    assert _categories(client)[station.pk] == SR


def test_its_kept_points_show_tps_changed_in_bulk_after_an_earlier_read(
    client, tps_world, django_capture_on_commit_callbacks
):
    client.force_login(tps_world["operator"])
    _categories(client)

    with django_capture_on_commit_callbacks(execute=True):
        PollingStation.objects.update(category=KH)
        stations_changed.send(sender=PollingStation, using="default")

    assert set(_categories(client).values()) == {KH}
