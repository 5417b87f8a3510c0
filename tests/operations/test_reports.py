import re

import pytest

from agencies.models import IssuedNumber, Official
from operations import reports
from operations.models import ReadinessReport
from tests.agencies.factories import LetterRegisterFactory
from tests.pdf import pdf_text
from tests.worlds import CATEGORY_SPLIT, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world(polsek=7, operation=True, tps=CATEGORY_SPLIT, held_meetings=3)


@pytest.fixture
def text(world):
    return pdf_text(reports.render_readiness_pdf(operation=world.operation, unit=world.polres))


def test_the_cover_carries_the_classification_and_the_unit(text):
    cover = text.split("\f")[0]
    assert "TERBATAS" in cover
    assert "KEPOLISIAN RESOR PASAMAN BARAT" in cover


def test_the_tps_table_holds_the_counts_per_category(text):
    total_line = [line for line in text.splitlines() if line.strip().startswith("Jumlah ")][0]
    assert total_line.split()[1:] == ["840", "42", "7", "4", "893"]


def test_the_summary_states_tps_meetings_and_follow_ups(text):
    summary = " ".join(text.split())
    assert "mengamankan 893 TPS pada Pilkada Uji: 840 kurang rawan, 42 rawan, 7 sangat rawan" in (
        summary
    )
    assert "Telah dilaksanakan 3 rapat koordinasi dengan 4 instansi" in summary
    assert "1 selesai, 1 terbuka, 1 lewat tenggat" in summary


def test_the_countdown_counts_the_days_to_voting(text):
    assert "H-40" in text


def test_the_participation_matrix_shows_who_missed_a_meeting(text):
    bawaslu = [line for line in text.splitlines() if line.strip().startswith("Bawaslu Pasaman")]
    assert any("✓" in line and "✗" in line and "2/3" in line for line in bawaslu)


def test_follow_ups_carry_their_status(text):
    flat = " ".join(text.split())
    assert "Pemetaan TPS rawan Bawaslu Pasaman Barat" in flat
    assert "Lewat tenggat" in flat
    assert "Selesai" in flat


def test_risks_raised_in_meetings_are_listed(text):
    assert "Sebaran hoaks di media" in text


def test_the_signature_block_names_the_commander_with_rank_and_nrp(world):
    Official.objects.filter(name="Agung Tribawanto").update(nrp="80010622")

    text = pdf_text(reports.render_readiness_pdf(operation=world.operation, unit=world.polres))

    flat = " ".join(text.split())
    signature = flat[flat.rindex("KEPALA KEPOLISIAN RESOR PASAMAN BARAT") :]
    assert "AGUNG TRIBAWANTO AKBP NRP 80010622" in signature


def test_a_report_built_without_a_stored_row_is_a_draft_without_nomor(text):
    cover = " ".join(text.split("\f")[0].split())
    assert "Nomor: (konsep, belum bernomor)" in cover


def test_a_stored_report_carries_a_terbatas_nomor_and_keeps_it_when_rebuilt(world):
    report = ReadinessReport.objects.create(
        operation=world.operation, unit=world.polres, requested_by=world.commander
    )
    LetterRegisterFactory(unit=world.polres, archive_code="KKA", section="Bag Ops")

    first = pdf_text(
        reports.render_readiness_pdf(operation=world.operation, unit=world.polres, report=report)
    )
    again = pdf_text(
        reports.render_readiness_pdf(operation=world.operation, unit=world.polres, report=report)
    )

    number = IssuedNumber.objects.get(object_id=report.pk, kind=reports.LETTER_KIND)
    assert re.fullmatch(r"T/1/[IVX]+/KKA/20\d\d/Bag Ops", number.reference)
    assert f"Nomor: {number.reference}" in " ".join(first.split())
    assert f"Nomor: {number.reference}" in " ".join(again.split())


def test_every_page_is_numbered_out_of_the_total(text):
    pages = [page for page in text.split("\f") if page.strip()]
    assert f"Halaman {len(pages)} dari {len(pages)}" in pages[-1]
    assert "Halaman 1 dari" in pages[0]


def test_personnel_needed_strength_and_shortfall_follow_the_pattern(text):
    flat = " ".join(text.split())
    assert "Personel untuk pengamanan TPS 554" in flat
    # The reserve line wraps in its cell: its words and its figure, in order.
    assert re.search(r"Peleton cadangan \(7 peleton @ 30 personel, untuk .*?Polsek.*? 210", flat)
    assert "Jumlah kebutuhan 764" in flat
    assert "Kekuatan 700" in flat
    assert "Kekurangan 64" in flat


def test_the_security_pattern_of_each_category_is_shown(text):
    flat = " ".join(text.split())
    assert "Kurang rawan 840 2:4:6 210 420 1.260" in flat
