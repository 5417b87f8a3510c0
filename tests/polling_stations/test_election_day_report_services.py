import hashlib

import pytest

from agencies.letters.models import IssuedNumber
from config import documents
from polling_stations.models import ElectionDayReport
from polling_stations.services.election_day_report import (
    duration_text,
    render_election_day_report,
    request_election_day_report,
)
from tests.pdf import pdf_text, pdf_words

from .election_day_report_world import history, signed_by_kabag_ops

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = history()
    signed_by_kabag_ops(world)
    return world


def queued(world, **kwargs):
    return ElectionDayReport.objects.create(
        operation=world.operation, unit=world.polres, requested_by=world.operator, **kwargs
    )


def test_the_report_is_a_terbatas_naskah_dinas_signed_on_behalf_of_the_head(world):
    report = queued(world)

    words = pdf_words(
        render_election_day_report(operation=world.operation, unit=world.polres, report=report)
    )

    assert "LAPORAN HASIL PENGAMANAN HARI-H" in words
    assert "TERBATAS" in words
    assert "Nomor: " + IssuedNumber.objects.get().reference in words
    assert "a.n. KEPALA KEPOLISIAN RESOR PASAMAN BARAT" in words
    assert "KABAG OPS PASBAR" in words
    assert "Tembusan" in words and "Kapolda" in words
    assert "LATIHAN" not in words


def test_the_report_shows_coverage_by_hour_and_time_to_acknowledge(world):
    text = pdf_text(render_election_day_report(operation=world.operation, unit=world.polres))

    assert "Rabu, 14 Februari 2024" in text
    assert "07.00–07.59" in text and "08.00–08.59" in text
    assert "Semua waktu dalam WIB" in " ".join(text.split())
    # Severity 2: one incident acknowledged after 4 minutes; severity 3: none acknowledged.
    assert "4 mnt 00 dtk" in text


def test_each_incident_shows_its_steps_closing_note_and_gakkumdu_hand_over(world):
    words = pdf_words(render_election_day_report(operation=world.operation, unit=world.polres))

    assert "Satuan dikirim" in words and "Unit Sabhara 2 orang" in words
    assert "Catatan penutupan: Pelaku diamankan, TPS kondusif" in words
    assert "Diteruskan ke Gakkumdu: Rabu, 14 Februari 2024 09.30 WIB" in words
    assert "Belum ditutup pada saat laporan dibuat." in words


def test_a_real_report_leaves_the_drill_out_and_says_so(world):
    words = pdf_words(render_election_day_report(operation=world.operation, unit=world.polres))

    assert "Data latihan (1 laporan) tidak termasuk dalam laporan ini" in words


def test_an_exercise_report_is_marked_latihan_and_holds_only_the_drill(world):
    words = pdf_words(
        render_election_day_report(operation=world.operation, unit=world.polres, is_exercise=True)
    )

    assert "LAPORAN HASIL LATIHAN PENGAMANAN HARI-H" in words
    assert (
        "LATIHAN: seluruh laporan, insiden dan waktu dalam dokumen ini berasal dari latihan"
        in words
    )
    assert words.count("LATIHAN") >= 4  # the marking on every page, the banner, the title
    assert "Tidak ada insiden." in words


def test_the_builder_reports_progress_in_order_below_100(world):
    heard = []

    render_election_day_report(operation=world.operation, unit=world.polres, progress=heard.append)

    assert heard == sorted(heard) and heard[-1] < 100


def test_a_request_is_queued_once_and_a_second_click_gets_it_back(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = request_election_day_report(
            operation=world.operation, unit=world.polres, user=world.operator
        )
    second = request_election_day_report(
        operation=world.operation, unit=world.polres, user=world.commander
    )

    first.refresh_from_db()
    assert second.pk == first.pk and first.task_id
    assert not first.is_exercise


def test_a_drill_report_is_a_request_of_its_own(world):
    real = request_election_day_report(operation=world.operation, unit=world.polres, user=None)

    exercise = request_election_day_report(
        operation=world.operation, unit=world.polres, user=None, is_exercise=True
    )

    assert exercise.pk != real.pk and exercise.is_exercise


def test_a_built_report_is_stored_with_its_checksum_and_keeps_its_nomor_when_rebuilt(world, media):
    report = queued(world)

    documents.build_document(ElectionDayReport, report.pk)
    ElectionDayReport.objects.filter(pk=report.pk).update(status="running")
    documents.build_document(ElectionDayReport, report.pk)

    report.refresh_from_db()
    content = report.file.read()
    assert report.status == ElectionDayReport.Status.DONE
    assert report.sha256 == hashlib.sha256(content).hexdigest()
    assert IssuedNumber.objects.count() == 1
    assert IssuedNumber.objects.get().reference in pdf_words(content)


def test_durations_read_in_minutes_and_seconds_or_hours_and_minutes():
    import datetime

    assert duration_text(datetime.timedelta(minutes=4, seconds=5)) == "4 mnt 05 dtk"
    assert duration_text(datetime.timedelta(hours=1, minutes=12)) == "1 jam 12 mnt"
    assert duration_text(None) == "–"
