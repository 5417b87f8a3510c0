import pytest
from django.core.exceptions import ValidationError

from agencies.letters.kopstuk import KOPSTUK_MAX_CHARS, derive_kopstuk
from agencies.letters.titles import addressee_title
from agencies.models import Agency
from tests.factories import AgencyFactory, OfficialFactory

from .factories import LetterRegisterFactory, sumbar_units

pytestmark = pytest.mark.django_db


def test_it_derives_a_polres_kopstuk_from_the_units_above_it():
    units = sumbar_units()

    assert derive_kopstuk(units.polres) == [
        "KEPOLISIAN NEGARA REPUBLIK INDONESIA",
        "DAERAH SUMATERA BARAT",
        "RESOR PASAMAN BARAT",
    ]


def test_it_derives_a_polda_kopstuk_in_two_lines():
    units = sumbar_units()

    assert derive_kopstuk(units.polda) == [
        "KEPOLISIAN NEGARA REPUBLIK INDONESIA",
        "DAERAH SUMATERA BARAT",
    ]


def test_it_starts_a_polsek_kopstuk_at_its_polda_to_keep_three_lines():
    units = sumbar_units()

    assert derive_kopstuk(units.polsek) == [
        "KEPOLISIAN DAERAH SUMATERA BARAT",
        "RESOR PASAMAN BARAT",
        "SEKTOR KINALI",
    ]


def test_it_leaves_mabes_out_of_a_polda_kopstuk():
    mabes = AgencyFactory(
        kind=Agency.Kind.MABES_POLRI,
        name="Markas Besar Kepolisian Negara Republik Indonesia",
    )
    polda = AgencyFactory(kind=Agency.Kind.POLDA, name="Kepolisian Daerah Banten", parent=mabes)

    assert derive_kopstuk(polda) == ["KEPOLISIAN NEGARA REPUBLIK INDONESIA", "DAERAH BANTEN"]


def test_it_abbreviates_a_line_longer_than_41_characters():
    polda = AgencyFactory(
        kind=Agency.Kind.POLDA, name="Kepolisian Daerah Metropolitan Jakarta Raya"
    )
    polres = AgencyFactory(name="Kepolisian Resor Metropolitan Tangerang Kota", parent=polda)
    polsek = AgencyFactory(kind=Agency.Kind.POLSEK, name="Kepolisian Sektor Ciledug", parent=polres)

    lines = derive_kopstuk(polsek)

    assert lines[0] == "KEPOLISIAN DAERAH METRO JAYA"
    assert all(len(line) <= KOPSTUK_MAX_CHARS for line in lines)


def test_a_register_overrides_the_derived_kopstuk():
    units = sumbar_units()
    register = LetterRegisterFactory(
        unit=units.polres, kopstuk="KEPOLISIAN DAERAH SUMATERA BARAT\nRESOR PASAMAN BARAT\n"
    )

    assert register.kopstuk_lines == ["KEPOLISIAN DAERAH SUMATERA BARAT", "RESOR PASAMAN BARAT"]


def test_an_empty_override_falls_back_to_the_derived_kopstuk():
    units = sumbar_units()
    register = LetterRegisterFactory(unit=units.polres, kopstuk="  \n")

    assert register.kopstuk_lines == derive_kopstuk(units.polres)


def test_it_rejects_a_kopstuk_of_four_lines_naming_the_count():
    units = sumbar_units()
    register = LetterRegisterFactory.build(unit=units.polres, kopstuk="A\nB\nC\nD")

    with pytest.raises(ValidationError) as error:
        register.full_clean()

    assert "paling banyak 3 baris; terisi 4 baris" in str(error.value.message_dict["kopstuk"])


def test_it_rejects_a_kopstuk_line_over_41_characters_naming_the_line():
    units = sumbar_units()
    register = LetterRegisterFactory.build(
        unit=units.polres, kopstuk="KEPOLISIAN\nKEPOLISIAN DAERAH METROPOLITAN JAKARTA RAYA"
    )

    with pytest.raises(ValidationError) as error:
        register.full_clean()

    assert "Baris 2 kopstuk 43 karakter; paling banyak 41" in str(
        error.value.message_dict["kopstuk"]
    )


def test_it_rejects_a_lowercase_kopstuk():
    units = sumbar_units()
    register = LetterRegisterFactory.build(unit=units.polres, kopstuk="Resor Pasaman Barat")

    with pytest.raises(ValidationError) as error:
        register.full_clean()

    assert "huruf kapital" in str(error.value.message_dict["kopstuk"])


def test_it_rejects_a_signatory_from_another_unit():
    units = sumbar_units()
    outsider = OfficialFactory(agency=units.polda, position="Karo Ops")
    register = LetterRegisterFactory.build(unit=units.polres, signatory=outsider)

    with pytest.raises(ValidationError) as error:
        register.full_clean()

    assert "Polres Pasaman Barat" in str(error.value.message_dict["signatory"])


def test_it_rejects_a_slash_inside_the_archive_code():
    units = sumbar_units()
    register = LetterRegisterFactory.build(unit=units.polres, archive_code="OPS/1")

    with pytest.raises(ValidationError) as error:
        register.full_clean()

    assert "archive_code" in error.value.message_dict


def test_an_nrp_with_dots_is_rejected_with_a_message():
    units = sumbar_units()
    units.kabag_ops.nrp = "7506.0512"

    with pytest.raises(ValidationError) as error:
        units.kabag_ops.full_clean()

    assert "hanya berisi angka" in str(error.value.message_dict["nrp"])


@pytest.mark.parametrize(
    ("kind", "short_name", "title"),
    [
        (Agency.Kind.KODIM, "Kodim 0305/Pasaman", "Dandim 0305/Pasaman"),
        (Agency.Kind.PEMDA, "Pemkab Pasaman Barat", "Bupati Pasaman Barat"),
        (Agency.Kind.KPU, "KPU Pasaman Barat", "Ketua KPU Pasaman Barat"),
        (Agency.Kind.KEJAKSAAN, "Kejari Pasaman Barat", "Kajari Pasaman Barat"),
        (Agency.Kind.DINAS, "Kesbangpol Pasaman Barat", "Kepala Kesbangpol Pasaman Barat"),
        (Agency.Kind.POLRES, "Polresta Padang", "Kapolresta Padang"),
    ],
)
def test_it_addresses_the_head_of_an_agency_by_office(kind, short_name, title):
    assert addressee_title(AgencyFactory.build(kind=kind, short_name=short_name)) == title


def test_an_agency_can_name_its_heads_office_itself():
    agency = AgencyFactory.build(
        kind=Agency.Kind.KPU,
        short_name="KPU Pasbar",
        head_title="Ketua KPU Kabupaten Pasaman Barat",
    )

    assert addressee_title(agency) == "Ketua KPU Kabupaten Pasaman Barat"
