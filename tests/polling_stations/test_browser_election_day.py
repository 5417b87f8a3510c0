"""The field page on a phone-sized Chromium, offline and back, and the situation room."""

import pytest

from polling_stations.models.election_day import FieldReport, StationStatus
from polling_stations.services.field_accounts import create_field_accounts
from tests.conftest import JOURNEY_CONTEXT
from tests.polling_stations.election_day_world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(
        **JOURNEY_CONTEXT,
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield context, page
    context.close()


def _log_in(page, live_server, username, password):
    page.goto(f"{live_server.url}/masuk/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/lapangan/")


def test_a_report_made_offline_arrives_once_when_the_phone_is_back_online(phone, live_server):
    world = build_world()
    account = create_field_accounts(operation=world.operation, unit=world.polres)[0]
    context, page = phone
    _log_in(page, live_server, account.username, account.password)
    station = world.stations[0]

    context.set_offline(True)
    page.click(f"[data-testid=safe-{station.pk}-opening]")

    page.wait_for_function(
        "document.querySelector('[data-testid=queue-count]').textContent === '1'"
    )
    assert "Tidak ada sinyal" in page.text_content("[data-testid=network-state]")
    assert FieldReport.objects.count() == 0

    context.set_offline(False)

    page.wait_for_function(
        "document.querySelector('[data-testid=queue-count]').textContent === '0'"
    )
    page.wait_for_selector(f"[data-testid=safe-{station.pk}-opening].done")
    # Reconnecting again (the 'online' event and the timer) sends nothing twice.
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.wait_for_timeout(500)
    report = FieldReport.objects.get()
    assert (report.polling_station_id, report.phase, report.status) == (
        station.pk,
        "opening",
        "aman",
    )
    assert StationStatus.objects.get().phases == 2


def test_reports_queued_offline_go_as_one_batch_when_the_phone_is_back(phone, live_server):
    world = build_world()
    account = create_field_accounts(operation=world.operation, unit=world.polres)[0]
    context, page = phone
    _log_in(page, live_server, account.username, account.password)
    posts = []
    page.on("request", lambda r: posts.append(r) if r.method == "POST" else None)
    context.set_offline(True)
    for station in world.stations[:2]:
        page.click(f"[data-testid=safe-{station.pk}-voting]")
    page.wait_for_function(
        "document.querySelector('[data-testid=queue-count]').textContent === '2'"
    )

    context.set_offline(False)

    page.wait_for_function(
        "document.querySelector('[data-testid=queue-count]').textContent === '0'"
    )
    sent = [p for p in posts if p.url.endswith("/lapangan/lapor/")]
    assert len(sent) == 1
    assert FieldReport.objects.filter(phase="voting").count() == 2


def test_an_incident_reported_on_the_phone_shows_in_the_situation_room(phone, browser, live_server):
    world = build_world()
    account = create_field_accounts(operation=world.operation, unit=world.polres)[0]
    context, page = phone
    _log_in(page, live_server, account.username, account.password)

    page.select_option("#incident-type", label="Keributan/pengumpulan massa")
    page.select_option("#incident-severity", "3")
    page.fill("#incident-description", "Dua kelompok pendukung saling dorong.")
    page.click("[data-testid=incident-submit]")
    page.wait_for_function(
        "document.querySelector('[data-testid=queue-count]').textContent === '0'"
    )

    room = browser.new_context(**JOURNEY_CONTEXT).new_page()
    room.goto(f"{live_server.url}/masuk/")
    room.fill("input[name=username]", world.operator.username)
    room.fill("input[name=password]", "sinergi-demo-2024")
    room.click("button[type=submit]")
    room.goto(f"{live_server.url}/situasi/{world.operation.slug}/{world.polres.slug}/")
    room.wait_for_selector("[data-testid=open-incident]")
    assert "Keributan/pengumpulan massa" in room.text_content("[data-testid=open-incidents]")
    assert room.text_content("[data-testid=summary-incidents]").strip() == "1"
    room.wait_for_selector("#situation-map[data-loaded=true]")
    assert room.get_attribute("#situation-map", "data-markers") == "3"
    room.context.close()
