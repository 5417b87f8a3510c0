"""The meeting editor's pickers in Chromium: the agency picker asks the server for the
agencies, ranked around the host chosen a moment ago, and the agenda offers as speakers
the officials of agencies picked a moment ago, before anything is saved."""

import pytest
from playwright.sync_api import expect

from agencies.models import Agency, Membership, Region
from meetings.models import Meeting
from tests.factories import AgencyFactory, region_chain
from tests.worlds import build_world, user_with

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _first_offered_agency(page) -> str:
    page.get_by_test_id("invited-agencies-search").click()
    first = page.locator(".ts-dropdown .option").first
    expect(first).to_be_visible()
    text = first.inner_text()
    page.keyboard.press("Escape")
    return text


def test_the_agency_picker_offers_the_new_hosts_area_first_without_a_reload(
    page, live_server, log_in
):
    world = build_world()
    region_chain("13.06")
    Agency.objects.filter(pk=world.other_polres.pk).update(seat_id="13.06")
    Agency.objects.filter(short_name="KPU Pasaman Barat").update(seat_id="13.12")
    AgencyFactory(kind=Agency.Kind.KPU, short_name="KPU Agam", seat_id="13.06")
    user_with(Membership.Role.OPERATOR, world.polda, "operator.sumbar")
    log_in("operator.sumbar")
    page.goto(f"{live_server.url}/rapat/baru/")
    picker = page.locator("[data-ranked-for]")

    page.select_option("#id_host", label="Polres Agam")
    expect(picker).to_have_attribute("data-ranked-for", str(world.other_polres.pk))
    agam_first = _first_offered_agency(page)
    page.select_option("#id_host", label="Polres Pasaman Barat")
    expect(picker).to_have_attribute("data-ranked-for", str(world.polres.pk))
    pasbar_first = _first_offered_agency(page)

    assert agam_first in {"KPU Agam", "Polres Agam"}
    assert pasbar_first in {"KPU Pasaman Barat", "Polres Pasaman Barat"}


def test_the_agency_picker_keeps_what_was_chosen_when_the_host_changes(page, live_server, log_in):
    world = build_world()
    user_with(Membership.Role.OPERATOR, world.polda, "operator.sumbar")
    log_in("operator.sumbar")
    page.goto(f"{live_server.url}/rapat/baru/")
    page.get_by_test_id("invited-agencies-search").fill("KPU Pasaman")
    page.locator(".ts-dropdown .option", has_text="KPU Pasaman Barat").first.click()
    page.keyboard.press("Escape")

    page.select_option("#id_host", label="Polres Agam")

    chosen = page.locator("#id_invited_agencies option:checked")
    expect(chosen).to_have_count(1)
    expect(chosen).to_have_text("KPU Pasaman Barat")
    expect(page.locator(".ts-control .item")).to_have_count(1)
    expect(page.locator(".ts-control .item")).to_contain_text("KPU Pasaman Barat")


def test_the_agenda_offers_the_officials_of_an_agency_just_invited(page, live_server, log_in):
    build_world()
    log_in("operator.pasbar")
    page.goto(f"{live_server.url}/rapat/baru/")
    page.fill("#id_title", "Rakor kesiapan TPS")
    page.select_option("#id_kind", "rakor")
    page.fill("#id_starts_at", "2024-08-15T08:30")
    page.fill("#id_ends_at", "2024-08-15T10:00")
    page.fill("#id_venue", "Aula Polres")
    page.get_by_test_id("add-agenda-item").click()
    speaker = page.locator("#id_agenda-0-presenter")
    expect(speaker.locator("option", has_text="Ketua KPU")).to_have_count(0)

    search = page.get_by_test_id("invited-agencies-search")
    search.fill("KPU Pasaman")
    page.locator(".ts-dropdown .option", has_text="KPU Pasaman Barat").first.click()
    page.keyboard.press("Escape")
    expect(speaker.locator("option", has_text="Ketua KPU")).to_have_count(1)
    speaker.select_option(label="Ketua KPU Pasbar, Ketua KPU")
    page.fill("#id_agenda-0-title", "Paparan tahapan Pilkada")
    page.fill("#id_agenda-0-duration_minutes", "20")
    # A row added after the invitation offers the same speakers.
    page.get_by_test_id("add-agenda-item").click()
    expect(page.locator("#id_agenda-1-presenter option", has_text="Ketua KPU")).to_have_count(1)
    page.fill("#id_agenda-1-title", "Tanya jawab")
    page.fill("#id_agenda-1-duration_minutes", "10")
    page.get_by_test_id("save-meeting").click()

    expect(page.get_by_test_id("meeting-title")).to_have_text("Rakor kesiapan TPS")
    item = Meeting.objects.get().agenda_items.get(order=1)
    assert item.presenter.name == "Ketua KPU Pasbar"


def test_the_agency_picker_finds_every_agency_of_a_place_by_its_name(page, live_server, log_in):
    world = build_world()
    Agency.objects.filter(pk=world.other_polres.pk).update(seat=region_chain("13.06"))
    AgencyFactory(kind=Agency.Kind.KPU, short_name="KPU Agam", seat_id="13.06")
    log_in("operator.pasbar")
    page.goto(f"{live_server.url}/rapat/baru/")

    page.get_by_test_id("invited-agencies-search").fill(Region.objects.get(code="13.06").name)

    options = page.locator(".ts-dropdown .option")
    expect(options).to_have_count(2)
    expect(options.filter(has_text="KPU Agam")).to_have_count(1)
    expect(options.filter(has_text="Polres Agam")).to_have_count(1)
