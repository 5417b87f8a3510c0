"""Journeys of partner liaisons through Agenda bersama, RSVP and follow-ups, in Chromium."""

import pytest
from playwright.sync_api import expect

from meetings.models import ActionItem, ActionItemComment, Invitation
from tests.worlds import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_kpu_liaison_finds_the_rakor_rsvps_and_updates_its_follow_up(page, log_in, live_server):
    world = build_world(shared_rakor=True)

    log_in(world.kpu_liaison.username)
    page.get_by_test_id("nav-shared-agenda").click()
    meeting_row = page.locator(f'[data-testid="agenda-meeting"][data-meeting="{world.meeting.pk}"]')
    expect(meeting_row).to_contain_text("Rakor lintas sektoral Pilkada Pasaman Barat")
    expect(meeting_row).to_contain_text("WIB")

    meeting_row.get_by_test_id("rsvp-link").click()
    expect(page.get_by_test_id("viewer-agenda")).to_contain_text("Paparan Ketua KPU")
    expect(page.get_by_test_id("viewer-agenda")).not_to_contain_text("Paparan intelijen")
    page.get_by_label("Diwakilkan").check()
    page.get_by_label("Yang akan hadir / mewakili").fill("Dedi Saputra, Komisioner KPU")
    page.get_by_role("button", name="Kirim konfirmasi").click()
    expect(page.locator(".alert-success")).to_contain_text("Konfirmasi KPU Pasaman Barat")

    page.get_by_test_id("nav-action-items").click()
    rows = page.get_by_test_id("action-item")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Serahkan data TPS rawan")
    rows.first.get_by_test_id("update-action-item").click()
    page.get_by_label("Status").select_option("done")
    page.get_by_label("Komentar").fill("Data 893 TPS sudah diserahkan ke Kabag Ops.")
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator(".alert-success")).to_contain_text("Tindak lanjut diperbarui.")
    expect(page.get_by_test_id("comments")).to_contain_text("Data 893 TPS sudah diserahkan")
    expect(page.get_by_test_id("status-history")).to_contain_text("Selesai")

    invitation = world.meeting.invitations.get(agency=world.kpu)
    assert invitation.rsvp == Invitation.Rsvp.REPRESENTED
    assert invitation.responded_by == world.kpu_liaison
    world.kpu_item.refresh_from_db()
    assert world.kpu_item.status == ActionItem.Status.DONE
    assert ActionItemComment.objects.filter(action_item=world.kpu_item).count() == 1


def test_an_uninvited_bawaslu_liaison_sees_nothing_of_the_rakor(page, log_in, live_server):
    world = build_world(shared_rakor=True)

    log_in(world.bawaslu_liaison.username)
    page.get_by_test_id("nav-shared-agenda").click()
    expect(page.get_by_test_id("agenda-empty")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Rakor lintas sektoral Pilkada Pasaman Barat")
    page.get_by_test_id("nav-action-items").click()
    expect(page.get_by_test_id("action-items-empty")).to_be_visible()

    # Straight at its URLs: the meeting page (meetings-ops), RSVP, .ics, follow-up.
    for path in (
        f"/rapat/{world.meeting.pk}/",
        f"/rapat/{world.meeting.pk}/konfirmasi/",
        f"/rapat/{world.meeting.pk}/kalender.ics",
        f"/rapat/tindak-lanjut/{world.kpu_item.pk}/",
    ):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 404, path
        expect(page.locator("main")).not_to_contain_text(world.meeting.title)
