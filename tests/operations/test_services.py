import hashlib

import pytest

from config import documents
from operations import services
from operations.models import ReadinessReport
from tests.worlds import CATEGORY_SPLIT, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world(polsek=7, operation=True, tps=CATEGORY_SPLIT, held_meetings=2)


def test_a_requested_report_is_built_into_a_pdf_with_the_checksum_of_its_file(world, media):
    report = services.request_readiness_report(
        operation=world.operation, unit=world.polres, user=world.commander
    )

    documents.build_document(ReadinessReport, report.pk)

    report.refresh_from_db()
    content = report.file.read()
    assert report.status == ReadinessReport.Status.DONE
    assert content.startswith(b"%PDF")
    assert report.sha256 == hashlib.sha256(content).hexdigest()
    assert report.file.name == f"laporan-kesiapan/{report.pk}/{report.filename}"


def test_a_second_request_while_one_waits_in_the_queue_gets_that_one(world):
    waiting = services.request_readiness_report(
        operation=world.operation, unit=world.polres, user=world.operator
    )

    again = services.request_readiness_report(
        operation=world.operation, unit=world.polres, user=world.commander
    )

    assert again.pk == waiting.pk
    assert ReadinessReport.objects.count() == 1
