import hashlib

import pytest

from config import documents
from config.celery import app
from polling_stations import services
from polling_stations.models import PlottingDocument
from polling_stations.services.plotting_documents import render_plotting_pdf
from tests.pdf import pdf_text

from .plotting_documents import plotting_world

pytestmark = pytest.mark.django_db

QUEUE_DOWN = (
    "Dokumen daftar plotting tidak dapat diantrekan sekarang: layanan antrean (Redis) tidak "
    "tersedia. Coba lagi nanti."
)


@pytest.fixture
def world():
    return plotting_world()


def queued(world):
    return PlottingDocument.objects.create(operation=world.operation, unit=world.polres)


def test_the_pdf_builder_writes_a_daftar_plotting_with_each_polsek_and_its_tps(world):
    heard = []

    text = pdf_text(
        render_plotting_pdf(operation=world.operation, unit=world.polres, progress=heard.append)
    )

    assert "DAFTAR PLOTTING PERSONEL PENGAMANAN TPS" in text
    assert "Polsek Uji 1" in text and "Polsek Uji 2" in text and "TPS 001" in text
    assert "Halaman 1 dari" in text
    assert heard == sorted(heard) and heard[-1] < 100


def test_a_request_is_recorded_and_queued_for_a_worker(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        document = services.request_plotting_document(
            operation=world.operation, unit=world.polres, user=world.operator
        )
    document.refresh_from_db()

    assert document.status == PlottingDocument.Status.QUEUED
    assert document.requested_by == world.operator
    assert document.task_id


def test_a_second_request_while_one_waits_in_the_queue_gets_that_one(world):
    first = services.request_plotting_document(
        operation=world.operation, unit=world.polres, user=world.operator
    )

    second = services.request_plotting_document(
        operation=world.operation, unit=world.polres, user=world.commander
    )

    assert second.pk == first.pk
    assert PlottingDocument.objects.count() == 1


def test_a_generated_document_is_done_with_the_checksum_of_its_file(world, media):
    document = queued(world)

    documents.build_document(PlottingDocument, document.pk)

    document.refresh_from_db()
    content = document.file.read()
    assert document.status == PlottingDocument.Status.DONE
    assert document.progress == 100
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert "TPS 001" in pdf_text(content)
    assert document.finished_at is not None


def test_a_finished_document_is_not_generated_again(world, media):
    document = queued(world)
    documents.build_document(PlottingDocument, document.pk)
    first = PlottingDocument.objects.get(pk=document.pk)

    documents.build_document(PlottingDocument, document.pk)

    again = PlottingDocument.objects.get(pk=document.pk)
    assert (again.sha256, again.finished_at, again.file.name) == (
        first.sha256,
        first.finished_at,
        first.file.name,
    )


def test_a_document_left_running_by_a_dead_worker_is_built_again_into_one_file(world, media):
    document = queued(world)
    folder = media / "daftar-plotting" / str(document.pk)
    folder.mkdir(parents=True)
    (folder / document.filename).write_bytes(b"%PDF-partial")
    PlottingDocument.objects.filter(pk=document.pk).update(status="running", progress=40)

    documents.build_document(PlottingDocument, document.pk)

    document.refresh_from_db()
    assert document.status == PlottingDocument.Status.DONE
    assert [p.name for p in folder.iterdir()] == [document.filename]
    assert hashlib.sha256((folder / document.filename).read_bytes()).hexdigest() == (
        document.sha256
    )


def test_requesting_with_redis_down_says_it_cannot_be_queued(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    # A closed port: the broker really is unreachable, nothing is simulated.
    monkeypatch.setattr(app.conf, "broker_write_url", "redis://127.0.0.1:1/0")

    with (
        pytest.raises(documents.DocumentQueueUnavailable) as raised,
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.request_plotting_document(
            operation=world.operation, unit=world.polres, user=world.operator
        )

    assert str(raised.value) == QUEUE_DOWN
    document = PlottingDocument.objects.get()
    assert document.status == PlottingDocument.Status.FAILED
    assert document.failure_reason == QUEUE_DOWN


def test_without_a_broker_eager_mode_builds_the_document_during_the_request(
    world, media, monkeypatch, django_capture_on_commit_callbacks
):
    # What runs when REDIS_URL is unset (local SQLite runs): tasks execute in-process.
    monkeypatch.setitem(app.conf, "task_always_eager", True)

    with django_capture_on_commit_callbacks(execute=True):
        document = services.request_plotting_document(
            operation=world.operation, unit=world.polres, user=world.operator
        )
    document.refresh_from_db()

    assert document.status == PlottingDocument.Status.DONE
    assert document.file.read().startswith(b"%PDF")
