"""The operator's journey in Chromium: log a rakor, record its outcome, get the minutes."""

import pytest
from playwright.sync_api import expect

from meetings.models import Meeting
from tests.factories import AgendaItemFactory, InvitationFactory
from tests.pdf import pdf_words
from tests.worlds import build_world, rakor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

INVITED = [
    "KPU Pasaman Barat",
    "Kodim 0305/Pasaman",
    "Pemkab Pasaman Barat",
    "Kesbangpol Pasaman Barat",
    "Kejari Pasaman Barat",
    "Batalyon C Pelopor Brimob",
    "PWI Pasaman Barat",
    "Dinas Kesehatan Pasaman Barat",
]
AGENDA = [
    ("Pembukaan dan sambutan Kapolres", "AKBP Agung Tribawanto", "10"),
    ("Paparan Kabag Ops: pengamanan 893 TPS", "Kabag Ops", "30"),
    ("Paparan KBO Sat Intelkam: kerawanan", "KBO Sat Intelkam", "20"),
    ("Paparan Ketua KPU: tahapan Pilkada", "Ketua KPU", "20"),
    ("Paparan Ketua Bawaslu: pengawasan", "Ketua Bawaslu", "15"),
]


def _log_a_rakor(page, live_server):
    page.goto(f"{live_server.url}/rapat/")
    page.get_by_test_id("new-meeting").click()
    page.fill("#id_title", "Rakor lintas sektoral Mantap Praja Singgalang 2024")
    page.select_option("#id_kind", "rakor")
    expect(page.get_by_test_id("zone-label")).to_have_text("WIB")
    page.fill("#id_starts_at", "2024-08-15T08:30")
    page.fill("#id_ends_at", "2024-08-15T11:30")
    page.fill("#id_venue", "Lapangan indoor Polres Pasaman Barat")
    search = page.get_by_test_id("invited-agencies-search")
    for name in INVITED:
        search.fill(name)
        page.locator(".ts-dropdown .option", has_text=name).first.click()
    page.keyboard.press("Escape")
    expect(page.locator("#id_invited_agencies option:checked")).to_have_count(len(INVITED))
    for index, (title, presenter, minutes) in enumerate(AGENDA):
        page.get_by_test_id("add-agenda-item").click()
        page.fill(f"#id_agenda-{index}-title", title)
        page.fill(f"#id_agenda-{index}-presenter_name", presenter)
        page.fill(f"#id_agenda-{index}-duration_minutes", minutes)
    rows = page.locator("[data-formset-body] > tr:visible")
    expect(rows).to_have_count(5)
    # Start times follow the durations before them, in the host's zone.
    expect(rows.nth(1).locator("[data-start-time]")).to_have_text("08.40 WIB")
    expect(rows.nth(4).locator("[data-start-time]")).to_have_text("09.50 WIB")
    # Move the last item up one place; orders stay 1..5.
    rows.nth(4).locator("button[data-row-action=up]").click()
    expect(rows.nth(3).locator("[data-order-label]")).to_have_text("4")
    expect(rows.nth(3).locator("input[name$='-title']")).to_have_value(AGENDA[4][0])
    page.get_by_test_id("save-meeting").click()
    expect(page.get_by_test_id("meeting-title")).to_have_text(
        "Rakor lintas sektoral Mantap Praja Singgalang 2024"
    )


def test_an_operator_logs_a_rakor_records_its_outcome_and_gets_the_minutes(
    page, live_server, log_in
):
    build_world()
    log_in("operator.pasbar")

    _log_a_rakor(page, live_server)

    meeting = Meeting.objects.get()
    assert meeting.invitations.count() == 8
    assert list(meeting.agenda_items.values_list("title", flat=True)) == [
        AGENDA[0][0],
        AGENDA[1][0],
        AGENDA[2][0],
        AGENDA[4][0],
        AGENDA[3][0],
    ]
    expect(page.get_by_test_id("meeting-time")).to_contain_text("Kamis, 15 Agustus 2024 08.30 WIB")
    expect(page.get_by_test_id("agenda").locator("tbody tr")).to_have_count(5)
    expect(page.get_by_test_id("invitations").locator("tbody tr")).to_have_count(8)

    page.get_by_test_id("record-outcome").click()
    page.select_option("#id_chair", label="AKBP Agung Tribawanto, Kapolres Pasaman Barat")
    expect(page.locator("#id_mark_held")).not_to_be_checked()
    page.check("#id_mark_held")
    presence = page.get_by_test_id("presence").locator("select")
    expect(presence).to_have_count(8)
    for index in range(8):
        presence.nth(index).select_option("true" if index < 6 else "false")

    page.locator("[data-formset=attendees] [data-formset-add]").click()
    page.select_option("#id_attendees-0-agency", label="Kodim 0305/Pasaman")
    page.fill("#id_attendees-0-name", "Sutrisno")
    page.fill("#id_attendees-0-rank", "Mayor Inf")
    page.fill("#id_attendees-0-position", "Pasi Ops Kodim 0305")
    page.select_option(
        "#id_attendees-0-represents",
        label="Letkol Inf Dandim Pasaman, Dandim 0305/Pasaman",
    )
    page.locator("[data-formset=attendees] [data-formset-add]").click()
    page.select_option("#id_attendees-1-agency", label="KPU Pasaman Barat")
    page.select_option("#id_attendees-1-official", label="Ketua KPU Pasbar, Ketua KPU")

    page.locator("#id_minutes-1-minutes").fill("893 TPS diamankan, pola 2:4:6.")
    decisions = ["Patroli gabungan TNI-Polri setiap malam", "Apel gelar pasukan 26 Agustus 2024"]
    for index, text in enumerate(decisions):
        page.locator("[data-formset=decisions] [data-formset-add]").click()
        page.fill(f"#id_decisions-{index}-text", text)

    page.locator("[data-formset=actions] [data-formset-add]").click()
    page.fill("#id_actions-0-text", "Sosialisasi lokasi TPS rawan kepada masyarakat")
    page.select_option("#id_actions-0-owner_agency", label="KPU Pasaman Barat")
    page.select_option("#id_actions-0-owner_official", label="Ketua KPU Pasbar, Ketua KPU")
    page.fill("#id_actions-0-due_date", "2024-08-01")
    page.locator("[data-formset=risks] [data-formset-add]").click()
    page.fill("#id_risks-0-description", "Massa dua paslon berpapasan di Simpang Empat")
    page.select_option("#id_risks-0-level", label="Tinggi")
    page.select_option("#id_risks-0-raised_by", label="Kodim 0305/Pasaman")
    page.get_by_test_id("save-outcome").click()
    expect(page.locator("[data-formset=actions] .invalid-feedback")).to_have_text(
        "Tenggat tidak boleh sebelum tanggal rapat."
    )

    page.fill("#id_actions-0-due_date", "2024-08-30")
    page.get_by_test_id("save-outcome").click()
    expect(page.get_by_test_id("meeting-status")).to_have_text("Terlaksana")
    expect(page.get_by_test_id("decisions")).to_contain_text(decisions[0])
    expect(page.get_by_test_id("attendees")).to_contain_text("mewakili Dandim 0305/Pasaman")
    expect(page.get_by_test_id("action-items")).to_contain_text("KPU Pasaman Barat")
    expect(page.get_by_test_id("risks")).to_contain_text("Simpang Empat")
    page.get_by_test_id("history-open").click()  # read on demand, over htmx
    expect(page.get_by_test_id("history")).to_contain_text("Risiko “Massa dua paslon")
    expect(page.get_by_test_id("history")).to_contain_text("operator.pasbar")

    href = page.get_by_test_id("minutes-pdf").get_attribute("href")
    response = page.request.get(f"{live_server.url}{href}")
    assert response.headers["content-type"] == "application/pdf"
    text = pdf_words(response.body())
    for decision in decisions:
        assert decision in text
    assert "Sosialisasi lokasi TPS rawan kepada masyarakat" in text
    assert "08.30 WIB" in text


def test_the_meeting_page_shows_a_liaison_only_what_was_shared_with_its_agency(
    page, live_server, log_in
):
    world = build_world()
    meeting = rakor(world)
    InvitationFactory(meeting=meeting, agency=world.partners["KPU Pasaman Barat"])
    AgendaItemFactory(meeting=meeting, order=1, title="Paparan Ketua KPU")
    AgendaItemFactory(meeting=meeting, order=2, title="Kerawanan internal", is_internal=True)
    url = f"{live_server.url}/rapat/{meeting.pk}/"

    log_in("kpu.pasbar")
    page.goto(url)
    expect(page.get_by_test_id("meeting-title")).to_have_text(meeting.title)
    expect(page.get_by_test_id("agenda")).to_contain_text("Paparan Ketua KPU")
    expect(page.get_by_test_id("agenda")).not_to_contain_text("Kerawanan internal")
    expect(page.get_by_test_id("edit-meeting")).to_have_count(0)

    page.context.clear_cookies()
    log_in("bawaslu.pasbar")
    response = page.goto(url)
    assert response.status == 404
    expect(page.locator("body")).not_to_contain_text(meeting.title)


def test_dragging_an_agenda_item_renumbers_the_agenda_and_its_start_times(
    page, live_server, log_in
):
    world = build_world()
    meeting = rakor(world)
    for order, (title, minutes) in enumerate([("A", 10), ("B", 20), ("C", 30)], start=1):
        AgendaItemFactory(meeting=meeting, order=order, title=title, duration_minutes=minutes)
    log_in("operator.pasbar")
    page.goto(f"{live_server.url}/rapat/{meeting.pk}/ubah/")
    rows = page.locator("[data-formset-body] > tr")

    rows.nth(2).locator("[data-drag-handle]").drag_to(rows.nth(0).locator("[data-drag-handle]"))

    expect(rows.nth(0).locator("input[name$='-title']")).to_have_value("C")
    expect(rows.nth(1).locator("[data-start-time]")).to_have_text("09.00 WIB")
    page.get_by_test_id("save-meeting").click()
    expect(page.get_by_test_id("agenda").locator("tbody tr").first).to_contain_text("C")
    assert list(meeting.agenda_items.values_list("title", flat=True)) == ["C", "A", "B"]


def test_an_operator_cancels_a_meeting_from_its_editing_page(page, live_server, log_in):
    world = build_world()
    meeting = rakor(world)
    log_in("operator.pasbar")
    page.goto(f"{live_server.url}/rapat/{meeting.pk}/ubah/")

    page.get_by_test_id("cancel-form").get_by_label("Alasan pembatalan").fill(
        "Banjir di Simpang Empat"
    )
    page.get_by_test_id("confirm-cancel").click()

    expect(page.get_by_test_id("meeting-status")).to_have_text("Dibatalkan")
    expect(page.get_by_test_id("cancelled")).to_contain_text("Alasan: Banjir di Simpang Empat")
    page.get_by_test_id("history-open").click()
    expect(page.get_by_test_id("history")).to_contain_text("(Banjir di Simpang Empat)")


def test_a_refused_cancel_reason_is_summarised_focused_and_counted(page, live_server, log_in):
    world = build_world()
    meeting = rakor(world)
    log_in("operator.pasbar")
    page.goto(f"{live_server.url}/rapat/{meeting.pk}/batal/")

    page.fill("input[name=reason]", "Banjir besar " * 10)
    expect(page.get_by_test_id("char-counter")).to_contain_text("130 dari 100 karakter")
    page.locator("form button[type=submit]").last.click()

    summary = page.get_by_test_id("error-summary")
    expect(summary).to_be_focused()
    summary.get_by_role("link").first.click()
    expect(page.locator("input[name=reason]")).to_be_focused()
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.SCHEDULED
