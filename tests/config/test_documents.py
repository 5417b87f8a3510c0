"""The generated-document pipeline on PostgreSQL, Redis and a real Celery worker."""

import hashlib
import time

import psycopg
import pytest
from django.db import connection

from config import documents
from config.celery import app
from operations.models import ReadinessReport
from polling_stations.models import PlottingDocument
from tests.factories import AgencyFactory, OperationFactory, UserFactory
from tests.worlds import CATEGORY_SPLIT, build_world

pytestmark = pytest.mark.django_db

CONTENT = b"%PDF-1.7 dokumen uji"


@pytest.fixture
def builder(monkeypatch):
    """Replaces the readiness report's builder with ``build`` for one test."""

    def use(build):
        kind = documents.DocumentType(model=ReadinessReport, build=build)
        monkeypatch.setitem(documents._types, kind.label, kind)

    return use


def queued() -> ReadinessReport:
    return ReadinessReport.objects.create(
        operation=OperationFactory(), unit=AgencyFactory(), requested_by=UserFactory()
    )


def request(requested_by=None, **identity) -> ReadinessReport:
    return documents.request_document(
        ReadinessReport, requested_by=requested_by or UserFactory(), **identity
    )


def test_it_queues_a_request_once_committed_with_the_task_id(django_capture_on_commit_callbacks):
    # Made before: saving units and users renews cached access on commit too.
    operation, unit, user = OperationFactory(), AgencyFactory(), UserFactory()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        report = request(operation=operation, unit=unit, requested_by=user)

    report.refresh_from_db()
    assert len(callbacks) == 1
    assert report.status == ReadinessReport.Status.QUEUED
    assert report.task_id


def test_it_publishes_nothing_before_the_request_commits(django_capture_on_commit_callbacks):
    operation, unit, user = OperationFactory(), AgencyFactory(), UserFactory()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        report = request(operation=operation, unit=unit, requested_by=user)

    report.refresh_from_db()
    assert len(callbacks) == 1
    assert report.task_id == ""


def test_it_returns_the_request_still_waiting_instead_of_queueing_another():
    waiting = queued()

    again = request(operation=waiting.operation, unit=waiting.unit)

    assert again.pk == waiting.pk
    assert ReadinessReport.objects.count() == 1


def test_it_queues_a_new_request_once_the_previous_one_is_finished():
    finished = queued()
    ReadinessReport.objects.filter(pk=finished.pk).update(status="failed")

    again = request(operation=finished.operation, unit=finished.unit)

    assert again.pk != finished.pk


def test_it_says_plainly_when_the_queue_is_down_and_records_the_failure(
    monkeypatch, django_capture_on_commit_callbacks
):
    # A closed port: the broker really is unreachable, nothing is simulated.
    monkeypatch.setattr(app.conf, "broker_write_url", "redis://127.0.0.1:1/0")

    with (
        pytest.raises(documents.DocumentQueueUnavailable) as raised,
        django_capture_on_commit_callbacks(execute=True),
    ):
        request(operation=OperationFactory(), unit=AgencyFactory())

    message = (
        "Laporan kesiapan pengamanan tidak dapat diantrekan sekarang: layanan antrean (Redis) "
        "tidak tersedia. Coba lagi nanti."
    )
    assert str(raised.value) == message
    report = ReadinessReport.objects.get()
    assert (report.status, report.failure_reason) == (ReadinessReport.Status.FAILED, message)
    assert report.finished_at is not None


def test_it_stores_the_built_file_with_its_checksum(builder, media):
    builder(lambda document, progress: CONTENT)
    report = queued()

    documents.build_document(ReadinessReport, report.pk)

    report.refresh_from_db()
    assert report.status == ReadinessReport.Status.DONE
    assert (report.progress, report.attempts) == (100, 1)
    assert report.file.read() == CONTENT
    assert report.sha256 == hashlib.sha256(CONTENT).hexdigest()
    assert report.started_at <= report.finished_at


def test_it_records_progress_while_the_document_is_built(builder, media):
    seen = []

    def build(document, progress):
        progress(40)
        seen.append(ReadinessReport.objects.values_list("status", "progress").get(pk=document.pk))
        return CONTENT

    builder(build)
    report = queued()

    documents.build_document(ReadinessReport, report.pk)

    assert seen == [("running", 40)]


def test_it_leaves_a_finished_document_alone(builder, media):
    builder(lambda document, progress: CONTENT)
    report = queued()
    documents.build_document(ReadinessReport, report.pk)
    first = ReadinessReport.objects.get(pk=report.pk)
    builder(lambda document, progress: b"%PDF-1.7 lain")

    documents.build_document(ReadinessReport, report.pk)

    again = ReadinessReport.objects.get(pk=report.pk)
    assert (again.attempts, again.finished_at, again.sha256) == (1, first.finished_at, first.sha256)


def test_it_rebuilds_a_document_a_dead_worker_left_running_into_one_file(builder, media):
    builder(lambda document, progress: CONTENT)
    report = queued()
    folder = media / "laporan-kesiapan" / str(report.pk)
    folder.mkdir(parents=True)
    (folder / report.filename).write_bytes(b"%PDF- setengah")
    ReadinessReport.objects.filter(pk=report.pk).update(status="running", progress=40, attempts=1)

    documents.build_document(ReadinessReport, report.pk)

    report.refresh_from_db()
    assert (report.status, report.attempts) == (ReadinessReport.Status.DONE, 2)
    assert [p.name for p in folder.iterdir()] == [report.filename]
    assert (folder / report.filename).read_bytes() == CONTENT


def test_it_gives_up_on_a_document_whose_builds_keep_dying(builder, media):
    builder(lambda document, progress: CONTENT)
    report = queued()
    ReadinessReport.objects.filter(pk=report.pk).update(
        status="running", attempts=documents.MAX_ATTEMPTS
    )

    documents.build_document(ReadinessReport, report.pk)

    report.refresh_from_db()
    assert report.status == ReadinessReport.Status.FAILED
    assert report.failure_reason == "Laporan kesiapan pengamanan gagal dibuat setelah 3 percobaan."
    assert report.attempts == documents.MAX_ATTEMPTS


def test_it_skips_a_document_another_worker_is_building(builder, media):
    builder(lambda document, progress: CONTENT)
    report = queued()
    kind = documents.document_type(ReadinessReport)
    params = connection.settings_dict
    # Another session holds the lock, as a live worker building this document would.
    with psycopg.connect(
        dbname=params["NAME"],
        user=params["USER"],
        host=params["HOST"],
        port=params["PORT"],
        password=params["PASSWORD"] or None,
        autocommit=True,
    ) as other:
        other.execute("SELECT pg_advisory_lock(%s, %s)", [kind.lock_namespace, report.pk])

        result = documents.build_document(ReadinessReport, report.pk)

    assert result is None
    assert ReadinessReport.objects.get(pk=report.pk).status == ReadinessReport.Status.QUEUED


def test_it_records_why_a_build_failed(builder, media):
    def build(document, progress):
        raise ValueError("templat rusak")

    builder(build)
    report = queued()

    documents.build_document(ReadinessReport, report.pk)

    report.refresh_from_db()
    assert report.status == ReadinessReport.Status.FAILED
    assert report.failure_reason == "Laporan kesiapan pengamanan gagal dibuat: templat rusak"
    assert report.file.name == ""


def test_it_locks_each_document_type_in_its_own_namespace():
    namespaces = {
        documents.document_type(model).lock_namespace
        for model in (ReadinessReport, PlottingDocument)
    }

    assert len(namespaces) == 2
    assert all(-(2**31) <= namespace < 2**31 for namespace in namespaces)


def test_it_refuses_a_model_that_is_not_registered():
    with pytest.raises(LookupError, match="auth.user"):
        documents.document_type("auth.user")


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_builds_a_requested_document(celery_worker):
    world = build_world(polsek=7, operation=True, tps=CATEGORY_SPLIT, held_meetings=1)

    report = documents.request_document(
        ReadinessReport, requested_by=world.commander, operation=world.operation, unit=world.polres
    )

    deadline = time.monotonic() + 120
    while not ReadinessReport.objects.filter(pk=report.pk, status__in=["done", "failed"]).exists():
        assert time.monotonic() < deadline, "the worker did not finish the document"
        time.sleep(0.1)
    report.refresh_from_db()
    assert report.status == ReadinessReport.Status.DONE, report.failure_reason
    assert report.task_id
    assert hashlib.sha256(report.file.read()).hexdigest() == report.sha256
