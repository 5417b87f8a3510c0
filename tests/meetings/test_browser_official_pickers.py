"""The official pickers of the editor and the outcome page in Chromium: the page holds
only the chosen officials, the browser asks the server for the rest, keeps what was
chosen and offers the same officials in rows added afterwards."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from meetings.models import Meeting
from tests.factories import AgendaItemFactory, AttendeeFactory, InvitationFactory
from tests.worlds import build_world, rakor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _rakor_with_kpu(world):
    meeting = rakor(world)
    InvitationFactory(meeting=meeting, agency=world.partners["KPU Pasaman Barat"])
    return meeting


def test_the_editor_keeps_the_saved_speaker_and_offers_the_others_from_the_server(
    page, live_server, log_in
):
    world = build_world()
    meeting = _rakor_with_kpu(world)
    kapolres = world.polres.officials.first()
    AgendaItemFactory(meeting=meeting, order=1, title="Sambutan", presenter=kapolres)
    log_in("operator.pasbar")

    page.goto(live_server.url + reverse("meetings:edit", args=[meeting.pk]))

    speaker = page.locator("#id_agenda-0-presenter")
    expect(speaker.locator("option", has_text="Ketua KPU Pasbar")).to_have_count(1)
    expect(speaker).to_have_value(str(kapolres.pk))
    expect(speaker.locator("option", has_text=kapolres.name)).to_have_count(1)
    # The signatory is one of the host's officials, asked for on its own.
    signatory = page.locator("#id_signatory")
    expect(signatory).to_have_attribute("data-officials-filled", "")
    expect(signatory.locator("option", has_text=kapolres.name)).to_have_count(1)
    expect(signatory.locator("option", has_text="Ketua KPU")).to_have_count(0)


def test_the_outcome_page_offers_the_parties_officials_in_every_picker(page, live_server, log_in):
    world = build_world()
    meeting = _rakor_with_kpu(world)
    kapolres = world.polres.officials.first()
    ketua_kpu = world.partners["KPU Pasaman Barat"].officials.get()
    Meeting.objects.filter(pk=meeting.pk).update(chair=kapolres)
    AttendeeFactory(meeting=meeting, agency=world.partners["KPU Pasaman Barat"])
    log_in("operator.pasbar")

    page.goto(live_server.url + reverse("meetings:outcome", args=[meeting.pk]))

    chair = page.locator("#id_chair")
    expect(chair.locator("option", has_text="Ketua KPU Pasbar")).to_have_count(1)
    expect(chair).to_have_value(str(kapolres.pk))
    # Kodim is not invited: its Dandim is not offered.
    expect(chair.locator("option", has_text="Dandim")).to_have_count(0)
    page.select_option("#id_attendees-0-official", label="Ketua KPU Pasbar, Ketua KPU")
    page.locator("[data-formset=actions] [data-formset-add]").click()
    page.fill("#id_actions-0-text", "Sosialisasi lokasi TPS")
    page.select_option("#id_actions-0-owner_agency", label="KPU Pasaman Barat")
    page.select_option("#id_actions-0-owner_official", label="Ketua KPU Pasbar, Ketua KPU")
    page.fill("#id_actions-0-due_date", "2024-09-01")
    page.get_by_test_id("save-outcome").click()

    expect(page.get_by_test_id("meeting-title")).to_be_visible()
    meeting.refresh_from_db()
    assert meeting.chair == kapolres
    assert meeting.attendees.get().official == ketua_kpu
    assert meeting.action_items.get().owner_official == ketua_kpu
