"""The one PDF renderer, on real WeasyPrint and poppler's pdftotext."""

import pytest
from django.utils import translation

from config.pdf import render_pdf
from tests.pdf import pdf_text

THREE_PAGES = """<html><body>
<p>Satu</p><p style="page-break-before: always">Dua</p><p style="page-break-before: always">Tiga</p>
</body></html>"""
OWN_FOOTER = """<html><head><style>
@page { @bottom-right { content: "Rahasia " counter(page); } }
</style></head><body><p>Isi</p></body></html>"""


@pytest.fixture
def templates(settings):
    """Templates held in memory, so each test states the HTML it renders."""

    def use(**sources: str) -> None:
        settings.TEMPLATES = [
            {
                "BACKEND": "django.template.backends.django.DjangoTemplates",
                "OPTIONS": {"loaders": [("django.template.loaders.locmem.Loader", sources)]},
            }
        ]

    return use


def test_it_numbers_every_page_x_of_y(templates):
    templates(**{"tiga.html": THREE_PAGES})

    with translation.override("id"):
        text = pdf_text(render_pdf(template_name="tiga.html", context={}))

    assert "Halaman 1 dari 3" in text
    assert "Halaman 3 dari 3" in text


def test_it_numbers_pages_in_the_active_language(templates):
    templates(**{"tiga.html": THREE_PAGES})

    with translation.override("en"):
        text = pdf_text(render_pdf(template_name="tiga.html", context={}))

    assert "Page 2 of 3" in text


def test_a_templates_own_page_footer_wins_over_the_default(templates):
    templates(**{"sendiri.html": OWN_FOOTER})

    text = pdf_text(render_pdf(template_name="sendiri.html", context={}))

    assert "Rahasia 1" in text
    assert "Halaman" not in text


def test_it_reports_progress_after_layout_and_after_writing(templates):
    templates(**{"tiga.html": THREE_PAGES})
    heard: list[int] = []

    render_pdf(template_name="tiga.html", context={}, progress=heard.append)

    assert heard == [85, 95]
