"""With the real Redis and a real Celery worker process (started by the fixture)."""

import time

import pytest

from polling_stations import services
from polling_stations.models import PlottingDocument

from .plotting_documents import pdf_text, plotting_world

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_requested_daftar_plotting_is_built_by_the_worker(celery_worker):
    world = plotting_world()

    document = services.request_plotting_document(
        operation=world.operation, unit=world.polres, user=world.operator
    )

    deadline = time.monotonic() + 120
    while not PlottingDocument.objects.filter(pk=document.pk, status__in=["done", "failed"]):
        assert time.monotonic() < deadline, "the worker did not finish the document"
        time.sleep(0.1)
    document.refresh_from_db()
    assert document.status == PlottingDocument.Status.DONE, document.error
    text = pdf_text(document.file.read())
    assert "TPS 001" in text
    assert "Polsek 1" in text
