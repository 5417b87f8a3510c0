"""`load_demo`: letter registers, signatories with NRP and the invented roster."""

import pytest

from agencies.letters.selectors import letter_for
from agencies.models import Agency, LetterRegister, Official

pytestmark = pytest.mark.django_db


def test_pasaman_barat_letters_are_signed_by_the_kabag_ops_on_behalf_of_the_kapolres(demo):
    polres = Agency.objects.get(slug="polres-pasaman-barat")

    letter = letter_for(unit=polres, subject="Undangan")

    assert letter.kopstuk == [
        "KEPOLISIAN NEGARA REPUBLIK INDONESIA",
        "DAERAH SUMATERA BARAT",
        "RESOR PASAMAN BARAT",
    ]
    assert letter.place == "Simpang Empat"
    assert letter.signature.on_behalf_of == "a.n. KEPALA KEPOLISIAN RESOR PASAMAN BARAT"
    assert letter.signature.position == "KABAG OPS"
    assert letter.signature.nrp.isdigit()


def test_the_kalsel_karo_ops_signs_for_the_kapolda_with_an_nrp(demo):
    register = LetterRegister.objects.select_related("signatory").get(unit__slug="polda-kalsel")

    assert register.signatory.name.startswith("Nurhandono")
    assert len(register.signatory.nrp) == 8


def test_every_pasaman_barat_polsek_has_named_officers_with_nrp(demo):
    polsek = Agency.objects.filter(
        parent__slug="polres-pasaman-barat", kind=Agency.Kind.POLSEK
    ).order_by("slug")

    counts = {
        p.short_name: Official.objects.filter(agency=p).exclude(nrp="").count() for p in polsek
    }

    assert len(counts) == 7
    assert min(counts.values()) >= 40
