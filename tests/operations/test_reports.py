import subprocess
import tempfile

import pytest

from operations import reports

from .factories import pasaman_barat

pytestmark = pytest.mark.django_db


def pdf_text(pdf: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        return subprocess.run(
            ["pdftotext", "-layout", handle.name, "-"], capture_output=True, text=True, check=True
        ).stdout


@pytest.fixture
def world():
    return pasaman_barat(meetings=3)


@pytest.fixture
def text(world):
    return pdf_text(reports.render_readiness_pdf(operation=world.operation, unit=world.polres))


def test_the_cover_carries_the_classification_and_the_unit(text):
    cover = text.split("\f")[0]
    assert "TERBATAS" in cover
    assert "KEPOLISIAN RESOR PASAMAN BARAT" in cover
