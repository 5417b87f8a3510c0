import datetime
import subprocess

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from agencies.letters.selectors import letter_for, signature_for
from agencies.letters.services import issue_number
from agencies.models import Classification
from tests.factories import MeetingFactory

from .factories import LetterRegisterFactory, sumbar_units

pytestmark = pytest.mark.django_db

NOV_30 = datetime.datetime(2026, 11, 30, 3, 0, tzinfo=datetime.UTC)
BODY = (
    '{% extends "documents/base.html" %}{% block body %}<p>Isi surat.</p>{% endblock %}'
    "{% block attachments %}"
    '{% include "documents/_attachment_head.html" with attachment_title="Lampiran undangan" %}'
    "{% endblock %}"
)


@pytest.fixture
def units():
    units = sumbar_units()
    LetterRegisterFactory(unit=units.polres, place="Simpang Empat", signatory=units.kabag_ops)
    return units


def _letter(units, **overrides):
    meeting = MeetingFactory(host=units.polres)
    number = issue_number(
        unit=units.polres,
        document=meeting,
        kind="undangan",
        classification=overrides.pop("classification", Classification.BIASA),
        now=NOV_30,
    )
    return letter_for(
        unit=units.polres,
        number=number,
        subject="Undangan rapat koordinasi",
        addressees=["Ketua KPU Kabupaten Pasaman Barat", "Dandim 0305/Pasaman"],
        copies=["Kapolda Sumbar"],
        attachment="1 (satu) lembar",
        **overrides,
    )


def _render_pdf_text(letter) -> str:
    from django.template import engines
    from weasyprint import HTML

    with translation.override("id"):
        html = engines["django"].from_string(BODY).render({"letter": letter})
    pdf = HTML(string=html).write_pdf()
    result = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
    return " ".join(result.stdout.decode().split())


def test_it_signs_on_behalf_of_the_head_with_position_name_rank_and_nrp(units):
    letter = _letter(units)

    assert letter.signature.on_behalf_of == "a.n. KEPALA KEPOLISIAN RESOR PASAMAN BARAT"
    assert letter.signature.position == "KABAG OPS"
    assert letter.signature.name == "AFRIZAL"
    assert letter.signature.rank_and_nrp == "KOMPOL NRP 75060512"


def test_the_head_signs_without_a_n(units):
    block = signature_for(
        unit=units.polres, register=units.polres.letter_register, official=units.kapolres
    )

    assert block.on_behalf_of == ""
    assert block.position == "KEPALA KEPOLISIAN RESOR PASAMAN BARAT"


def test_the_letter_carries_the_issued_date_and_nomor(units):
    letter = _letter(units)

    assert letter.date == datetime.date(2026, 11, 30)
    assert letter.reference == "B/1/XI/KKA/2026/Bag Ops"
    assert letter.classification_label == "BIASA"
    assert letter.marking == ""


def test_the_pdf_prints_kopstuk_nomor_addressees_signature_and_copies(units):
    text = _render_pdf_text(_letter(units))

    for expected in (
        "KEPOLISIAN NEGARA REPUBLIK INDONESIA",
        "DAERAH SUMATERA BARAT",
        "RESOR PASAMAN BARAT",
        "Simpang Empat, 30 November 2026",
        "B/1/XI/KKA/2026/Bag Ops",
        "BIASA",
        "1 (satu) lembar",
        "Undangan rapat koordinasi",
        "Ketua KPU Kabupaten Pasaman Barat",
        "a.n. KEPALA KEPOLISIAN RESOR PASAMAN BARAT",
        "KABAG OPS",
        "AFRIZAL",
        "KOMPOL NRP 75060512",
        "Tembusan",
        "Kapolda Sumbar.",
        "LAMPIRAN UNDANGAN",
    ):
        assert expected in text, expected


def test_a_terbatas_letter_is_marked_on_every_page(units):
    letter = _letter(units, classification=Classification.TERBATAS)

    text = _render_pdf_text(letter)

    assert letter.reference.startswith("T/")
    assert text.count("TERBATAS") >= 3  # top, bottom and Klasifikasi


def test_a_letter_without_a_signatory_leaves_lines_to_fill_in(units):
    units.polres.letter_register.signatory = None
    units.polres.letter_register.save()

    with translation.override("id"):
        html = render_to_string("documents/_signature.html", {"letter": _letter(units)})

    assert "a.n. KEPALA KEPOLISIAN RESOR PASAMAN BARAT" in html
    assert "......" in html
