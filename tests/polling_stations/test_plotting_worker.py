"""With the real Redis and a real Celery worker process (started by the fixture)."""

from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from polling_stations import services
from polling_stations.models import PlottingDocument
from tests.pdf import pdf_text
from tests.waiting import wait_until

from .plotting_documents import plotting_world

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_requested_daftar_plotting_is_built_by_the_worker(celery_worker):
    world = plotting_world()

    document = services.request_plotting_document(
        operation=world.operation, unit=world.polres, user=world.operator
    )

    wait_until(
        lambda: PlottingDocument.objects.filter(
            pk=document.pk, status__in=["done", "failed"]
        ).exists(),
        timeout=120,
        what="the worker to finish the document",
    )
    document.refresh_from_db()
    assert document.status == PlottingDocument.Status.DONE, document.failure_reason
    text = pdf_text(document.file.read())
    assert "TPS 001" in text
    assert "Polsek Uji 1" in text


@pytest.mark.browser
def test_the_button_queues_the_pdf_and_the_row_updates_itself_to_a_download(
    celery_worker, live_server, log_in, page
):
    world = plotting_world()
    log_in(world.operator.username)
    url = reverse("polling_stations:plotting", args=[world.operation.slug, world.polres.slug])
    page.goto(f"{live_server.url}{url}")

    page.get_by_role("button", name="Buat Daftar Plotting (PDF)").click()
    row = page.get_by_test_id("plotting-document-row").first
    # htmx polls the row from queued/running to done, with no reload.
    expect(row).to_have_attribute("data-status", "done", timeout=90_000)
    with page.expect_download() as download:
        row.get_by_test_id("plotting-document-download").click()

    assert "TPS 001" in pdf_text(Path(download.value.path()).read_bytes())
