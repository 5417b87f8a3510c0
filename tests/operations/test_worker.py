"""With the real Redis and a real Celery worker process (started by the fixture)."""

import hashlib
import os
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from operations import services
from operations.models import ReadinessReport
from tests.pdf import pdf_text
from tests.waiting import wait_until
from tests.worker import WorkerProcess
from tests.worlds import CATEGORY_SPLIT, build_world

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.mark.browser
def test_a_report_requested_in_the_browser_finishes_and_downloads(
    celery_worker, live_server, log_in, page
):
    world = build_world(polsek=7, operation=True, tps=CATEGORY_SPLIT, held_meetings=3)
    log_in(world.commander.username)
    url = reverse("operations:readiness_reports", args=[world.operation.slug])
    page.goto(f"{live_server.url}{url}?unit={world.polres.slug}")

    page.get_by_role("button", name="Buat laporan baru").click()
    row = page.get_by_test_id("report-row").first
    # The row updates itself (htmx polling) from queued/running to done, with no reload.
    expect(row).to_have_attribute("data-status", "done", timeout=90_000)
    with page.expect_download() as download:
        row.get_by_test_id("report-download").click()
    pdf = Path(download.value.path()).read_bytes()

    text = pdf_text(pdf)
    total_line = [line for line in text.splitlines() if line.strip().startswith("Jumlah ")][0]
    assert total_line.split()[1:] == ["840", "42", "7", "4", "893"]
    assert "KEPOLISIAN RESOR PASAMAN BARAT" in text
    report = ReadinessReport.objects.get()
    assert row.get_by_test_id("report-checksum").inner_text() == report.sha256


def test_a_worker_killed_mid_report_leaves_exactly_one_report(celery_worker, monkeypatch):
    world = build_world(polsek=7, operation=True, tps=CATEGORY_SPLIT, held_meetings=20)
    report = services.request_readiness_report(
        operation=world.operation, unit=world.polres, user=world.commander
    )
    wait_until(
        lambda: ReadinessReport.objects.filter(pk=report.pk, status="running").exists(),
        timeout=60,
        interval=0.05,
        what="the worker to start the report",
    )

    celery_worker.kill()
    # The job was never acknowledged; a new worker gets it again once the visibility
    # timeout (lowered here from 15 minutes) has passed.
    monkeypatch.setenv("CELERY_VISIBILITY_TIMEOUT", "2")
    monkeypatch.setenv("CELERY_UNACKED_RESTORE_INTERVAL", "1")
    assert ReadinessReport.objects.get(pk=report.pk).status == "running"
    second = WorkerProcess()
    second.start()
    try:
        wait_until(
            lambda: ReadinessReport.objects.filter(pk=report.pk, status="done").exists(),
            timeout=120,
            interval=0.5,
            what="the second worker to finish the report",
        )
    finally:
        second.stop()

    report.refresh_from_db()
    folder = report.file.storage.path(f"laporan-kesiapan/{report.pk}")
    assert os.listdir(folder) == [report.filename]
    assert report.attempts == 2
    assert ReadinessReport.objects.count() == 1
    assert hashlib.sha256(report.file.read()).hexdigest() == report.sha256
