"""Units with a letter register: Polda Sumbar > Polres Pasaman Barat > Polsek Kinali."""

from dataclasses import dataclass

import factory

from agencies.models import Agency, LetterRegister, Official
from tests.factories import AgencyFactory, OfficialFactory, region_chain


class LetterRegisterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LetterRegister

    unit = factory.SubFactory(AgencyFactory)
    archive_code = "KKA"
    section = "Bag Ops"


@dataclass
class SumbarUnits:
    polda: Agency
    polres: Agency
    polsek: Agency
    kapolres: Official
    kabag_ops: Official


def sumbar_units() -> SumbarUnits:
    """The Pasaman Barat chain with its Kapolres and Kabag Ops (NRPs illustrative)."""
    region_chain("13.12")
    polda = AgencyFactory(
        kind=Agency.Kind.POLDA,
        short_name="Polda Sumbar",
        name="Kepolisian Daerah Sumatera Barat",
        seat_id="13",
    )
    polres = AgencyFactory(
        short_name="Polres Pasaman Barat",
        name="Kepolisian Resor Pasaman Barat",
        parent=polda,
        seat_id="13.12",
    )
    polsek = AgencyFactory(
        kind=Agency.Kind.POLSEK,
        short_name="Polsek Kinali",
        name="Kepolisian Sektor Kinali",
        parent=polres,
    )
    kapolres = OfficialFactory(
        agency=polres, name="Agung Tribawanto", rank="AKBP", position="Kapolres", nrp="79050412"
    )
    kabag_ops = OfficialFactory(
        agency=polres, name="Afrizal", rank="Kompol", position="Kabag Ops", nrp="75060512"
    )
    return SumbarUnits(polda, polres, polsek, kapolres, kabag_ops)
