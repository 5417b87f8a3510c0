"""The TPS map page and its marker data."""

import pytest
from django.urls import reverse

from polling_stations import selectors

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


def test_it_gives_markers_with_their_category(client, tps_world):
    client.force_login(tps_world["operator"])

    data = client.get(reverse("polling_stations:map_data")).json()

    assert data["mode"] == "markers"
    assert data["count"] == 6
    assert sorted(point[3] for point in data["points"]) == sorted([KR, KR, KR, R, SR, KH])


def test_it_shows_counts_per_kecamatan_beyond_the_marker_limit(client, tps_world, monkeypatch):
    monkeypatch.setattr(selectors, "MAP_MARKER_LIMIT", 3)
    client.force_login(tps_world["operator"])

    data = client.get(reverse("polling_stations:map_data")).json()

    assert data["mode"] == "kecamatan"
    areas = {area["code"]: area for area in data["areas"]}
    assert {code: area["count"] for code, area in areas.items()} == {"13.12.01": 4, "13.12.02": 2}
    assert areas["13.12.01"]["counts"][R] == 1
    assert 0.1 <= areas["13.12.01"]["lat"] <= 0.14
