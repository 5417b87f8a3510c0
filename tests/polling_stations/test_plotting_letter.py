"""The Daftar Plotting as a naskah dinas: Nomor, TERBATAS, named officers, signature."""

import re

import pytest

from agencies.models import IssuedNumber
from polling_stations import services
from polling_stations.models import PlottingGroup
from polling_stations.services.plotting_documents import render_plotting_pdf
from tests.agencies.factories import LetterRegisterFactory
from tests.factories import OfficialFactory
from tests.pdf import pdf_text

from .plotting_documents import plotting_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = plotting_world()
    kabag_ops = OfficialFactory(
        agency=world.polres, name="Afrizal", rank="Kompol", position="Kabag Ops", nrp="75060512"
    )
    LetterRegisterFactory(
        unit=world.polres, archive_code="KKA", section="Bag Ops", signatory=kabag_ops
    )
    return world


def flat(pdf: bytes) -> str:
    return " ".join(pdf_text(pdf).split())


def test_it_carries_a_terbatas_nomor_that_a_reprint_keeps(world):
    first = flat(render_plotting_pdf(operation=world.operation, unit=world.polres))
    again = flat(render_plotting_pdf(operation=world.operation, unit=world.polres))

    reference = IssuedNumber.objects.get(unit=world.polres).reference
    assert re.fullmatch(r"T/1/[IVX]+/KKA/\d{4}/Bag Ops", reference)
    assert f"Nomor: {reference}" in first
    assert f"Nomor: {reference}" in again
    assert first.count("TERBATAS") >= 2


def test_it_names_the_officers_with_rank_and_nrp_and_counts_the_rest(world):
    polsek = world.polseks[0]
    group = PlottingGroup.objects.filter(operation=world.operation, polsek=polsek).first()
    rahmat = OfficialFactory(
        agency=polsek,
        name="Rahmat Hidayat",
        rank="Aipda",
        position="Bhabinkamtibmas",
        nrp="86010101",
    )
    services.update_plotting_group(
        group=group, name="", officer_count=3, officers=[rahmat], note=""
    )

    text = flat(render_plotting_pdf(operation=world.operation, unit=world.polres))

    assert "Aipda Rahmat Hidayat, NRP 86010101" in text
    assert "2 personel belum ditunjuk" in text


def test_it_is_signed_for_the_head_of_the_unit_with_rank_and_nrp(world):
    text = flat(render_plotting_pdf(operation=world.operation, unit=world.polres))

    assert "a.n. KEPALA " in text
    assert "KABAG OPS" in text
    assert "AFRIZAL" in text and "KOMPOL NRP 75060512" in text
