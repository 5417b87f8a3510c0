import hashlib

import pytest

from config.celery import app
from operations import services
from operations.models import ReadinessReport

from .factories import pasaman_barat

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return pasaman_barat(meetings=2)


@pytest.fixture
def media(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }
    return tmp_path


def queued(world):
    return ReadinessReport.objects.create(operation=world.operation, unit=world.polres)


def test_a_generated_report_is_done_with_the_checksum_of_its_file(world, media):
    report = queued(world)

    services.generate_readiness_report(report_id=report.pk)

    report.refresh_from_db()
    content = report.file.read()
    assert report.status == ReadinessReport.Status.DONE
    assert report.progress == 100
    assert content.startswith(b"%PDF")
    assert report.sha256 == hashlib.sha256(content).hexdigest()
    assert report.generated_at is not None


def test_a_finished_report_is_not_generated_again(world, media):
    report = queued(world)
    services.generate_readiness_report(report_id=report.pk)
    first = ReadinessReport.objects.get(pk=report.pk)

    services.generate_readiness_report(report_id=report.pk)

    again = ReadinessReport.objects.get(pk=report.pk)
    assert (again.attempts, again.generated_at, again.sha256) == (
        1,
        first.generated_at,
        first.sha256,
    )
    assert len(list((media / "laporan-kesiapan" / str(report.pk)).iterdir())) == 1


def test_a_report_left_running_by_a_dead_worker_is_redone_into_one_file(world, media):
    report = queued(world)
    folder = media / "laporan-kesiapan" / str(report.pk)
    folder.mkdir(parents=True)
    (folder / report.filename).write_bytes(b"%PDF- half written")
    ReadinessReport.objects.filter(pk=report.pk).update(status="running", progress=40, attempts=1)

    services.generate_readiness_report(report_id=report.pk)

    report.refresh_from_db()
    assert report.status == ReadinessReport.Status.DONE
    assert report.attempts == 2
    assert [p.name for p in folder.iterdir()] == [report.filename]
    assert hashlib.sha256((folder / report.filename).read_bytes()).hexdigest() == report.sha256


def test_requesting_a_report_with_redis_down_says_it_cannot_be_queued(world, monkeypatch):
    # A closed port: the broker really is unreachable, nothing is simulated.
    monkeypatch.setattr(app.conf, "broker_write_url", "redis://127.0.0.1:1/0")

    with pytest.raises(services.ReportQueueUnavailable) as raised:
        services.request_readiness_report(
            operation=world.operation, unit=world.polres, user=world.commander
        )

    assert str(raised.value) == (
        "Laporan tidak dapat diantrekan sekarang: layanan antrean (Redis) tidak tersedia. "
        "Coba lagi nanti."
    )
    report = ReadinessReport.objects.get()
    assert report.status == ReadinessReport.Status.FAILED
    assert "Redis" in report.error
