"""Each demo user logs in through the real form, in Chromium, and lands on its own home page."""

import pytest

from operations.demo import load_demo
from tests.conftest import JOURNEY_CONTEXT, sign_in

PASBAR_RAKOR = "Rakor lintas sektoral kesiapan Operasi Mantap Praja Singgalang 2024"
KPU_ONLY = "Koordinasi pemutakhiran data lokasi TPS bersama KPU Pasaman Barat"
INTERNAL = "Anev internal kesiapan personel pengamanan TPS"
POLDA_SHARED = "Rakor lintas sektoral evaluasi pengamanan pemilihan di Sumatera Barat"
KALSEL_RAKOR = "Rakor lintas sektoral kesiapan Operasi Mantap Brata Intan 2023-2024"

# username: (name, role line, meetings shown, meetings not shown)
HOME_PAGES = {
    "operator.pasbar": (
        "Rahmat Hidayat",
        "Operator · Polres Pasaman Barat",
        {PASBAR_RAKOR, KPU_ONLY, INTERNAL},
        {POLDA_SHARED, KALSEL_RAKOR},
    ),
    "pimpinan.sumbar": (
        "Hendra Gunawan",
        "Pimpinan · Polda Sumbar",
        {PASBAR_RAKOR, KPU_ONLY, INTERNAL, POLDA_SHARED},
        {KALSEL_RAKOR},
    ),
    "kpu.pasbar": (
        "Nurul Aini",
        "Penghubung · KPU Kab. Pasaman Barat",
        {PASBAR_RAKOR, KPU_ONLY, POLDA_SHARED},
        {INTERNAL, KALSEL_RAKOR},
    ),
    "bawaslu.pasbar": (
        "Fadli Syahputra",
        "Penghubung · Bawaslu Kab. Pasaman Barat",
        {PASBAR_RAKOR, POLDA_SHARED},
        {KPU_ONLY, INTERNAL, KALSEL_RAKOR},
    ),
    "admin": (
        "Siti Rahmawati",
        "Administrator",
        {PASBAR_RAKOR, KPU_ONLY, INTERNAL, POLDA_SHARED, KALSEL_RAKOR},
        set(),
    ),
}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_each_demo_user_sees_its_own_home_page(regions, browser, live_server):
    # One test for the five users: a transactional test flushes the database, and
    # reloading 91,599 regions plus the demo for each user would cost a minute.
    load_demo()

    for username, (name, role, shown, hidden) in HOME_PAGES.items():
        context = browser.new_context(**JOURNEY_CONTEXT)
        context.set_default_timeout(15_000)
        page = sign_in(context.new_page(), live_server.url, username)

        assert page.url == f"{live_server.url}/", username
        assert f"Selamat datang, {name}" in page.locator("h1").inner_text(), username
        assert role in page.get_by_test_id("home-role").inner_text(), username
        titles = set(page.locator(".list-group-item .fw-semibold").all_inner_texts())
        assert shown <= titles, username
        assert not (hidden & titles), username
        if username == "admin":
            # Each meeting in its host's zone, whatever the browser's zone.
            page_text = page.locator("main").inner_text()
            assert "Kamis, 19 Oktober 2023 08.30 WITA" in page_text
            assert "Kamis, 15 Agustus 2024 09.00 WIB" in page_text
        context.close()
