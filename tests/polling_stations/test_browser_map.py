import pytest

from agencies.models import Membership, Region
from polling_stations.models import PollingStation
from tests.factories import MembershipFactory
from tests.worlds import build_world, stations_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def operator_with_tps():
    world = build_world(polsek=2, operation=True)
    election = world.election
    polres = world.polres
    first, second = world.polsek
    stations = [
        *stations_in(
            election=election,
            polsek=first,
            village_code="13.12.01.2001",
            counts={"kurang_rawan": 3, "rawan": 1},
        ),
        *stations_in(
            election=election,
            polsek=second,
            village_code="13.12.02.2001",
            counts={"sangat_rawan": 1},
        ),
    ]
    for i, station in enumerate(stations):
        PollingStation.objects.filter(pk=station.pk).update(
            latitude=0.10 + i * 0.05, longitude=99.60 + i * 0.05
        )
    membership = MembershipFactory(
        agency=polres, role=Membership.Role.OPERATOR, user__username="op-pasbar"
    )
    return membership.user


def test_the_map_draws_its_base_layer_and_every_tps_without_any_tile(
    page, log_in, live_server, operator_with_tps, settings
):
    settings.MAP_TILE_URL = ""
    # The second village's TPS have no coordinates: they sit at its centroid.
    Region.objects.filter(code="13.12.02.2001").update(latitude=0.366629, longitude=99.586079)
    PollingStation.objects.filter(village_id="13.12.02.2001").update(latitude=None, longitude=None)
    elsewhere = []
    page.on(
        "request",
        lambda request: (
            None if request.url.startswith(live_server.url) else elsewhere.append(request.url)
        ),
    )
    log_in("op-pasbar")

    page.goto(f"{live_server.url}/tps/peta/")

    tps_map = page.get_by_test_id("tps-map")
    page.wait_for_function("document.getElementById('tps-map').dataset.loaded === 'true'")
    assert tps_map.get_attribute("data-boundaries") == "11"  # Pasaman Barat's kecamatan
    assert tps_map.get_attribute("data-markers") == "5"
    assert tps_map.get_attribute("data-approximate") == "1"
    page.wait_for_selector(".leaflet-overlay-pane canvas")
    assert page.locator("img.leaflet-tile").count() == 0
    assert elsewhere == []
    assert "5 TPS ditampilkan sebagai titik; 1 di lokasi perkiraan" in (
        page.get_by_test_id("map-status").inner_text()
    )


def test_the_choropleth_switches_to_bawaslu_indicator_counts(
    page, log_in, live_server, operator_with_tps
):
    log_in("op-pasbar")
    page.goto(f"{live_server.url}/tps/peta/")
    page.wait_for_function("document.getElementById('tps-map').dataset.loaded === 'true'")

    page.get_by_test_id("map-metric").select_option("reports")

    page.wait_for_function("document.getElementById('tps-map').dataset.metric === 'reports'")
    assert "Laporan indikator kerawanan Bawaslu" in (
        page.get_by_test_id("choropleth-legend").inner_text()
    )


def test_an_operator_filters_the_list_by_region_and_opens_a_tps(
    page, log_in, live_server, operator_with_tps
):
    log_in("op-pasbar")
    page.goto(f"{live_server.url}/tps/")
    assert "5 TPS" in page.get_by_test_id("tps-count").inner_text()

    page.select_option("select[name=provinsi]", "13")
    page.wait_for_load_state("networkidle")
    page.select_option("select[name=kabupaten]", "13.12")
    page.wait_for_load_state("networkidle")
    page.select_option("select[name=kecamatan]", "13.12.02")
    page.wait_for_load_state("networkidle")

    assert "1 TPS" in page.get_by_test_id("tps-count").inner_text()
    page.get_by_test_id("tps-table").get_by_role("link").first.click()
    assert page.get_by_test_id("tps-category").inner_text() == "Sangat rawan"
