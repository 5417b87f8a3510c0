"""The people and places of the meetings tests: Polres Pasaman Barat's rakor."""

import datetime
from dataclasses import dataclass

from agencies.models import Agency, Membership
from tests.factories import (
    AgencyFactory,
    MeetingFactory,
    MembershipFactory,
    OfficialFactory,
    UserFactory,
    region_chain,
)

# Thursday 15 August 2024, 08.30 WIB: the real rakor of seed 003.
RAKOR_START = datetime.datetime(2024, 8, 15, 1, 30, tzinfo=datetime.UTC)

PARTNERS = [
    (Agency.Kind.KPU, "KPU Pasaman Barat"),
    (Agency.Kind.BAWASLU, "Bawaslu Pasaman Barat"),
    (Agency.Kind.KODIM, "Kodim 0305/Pasaman"),
    (Agency.Kind.PEMDA, "Pemkab Pasaman Barat"),
    (Agency.Kind.DINAS, "Kesbangpol Pasaman Barat"),
    (Agency.Kind.KEJAKSAAN, "Kejari Pasaman Barat"),
    (Agency.Kind.SATKER_POLRI, "Batalyon C Pelopor Brimob"),
    (Agency.Kind.PERS, "PWI Pasaman Barat"),
    (Agency.Kind.DINAS, "Dinas Kesehatan Pasaman Barat"),
]


@dataclass
class PasamanBarat:
    polda: Agency
    polres: Agency
    other_polres: Agency
    partners: dict[str, Agency]
    operator: object
    other_operator: object
    commander: object
    kpu_liaison: object
    bawaslu_liaison: object


def pasaman_barat() -> PasamanBarat:
    """Polda Sumbar > Polres Pasaman Barat (seat 13.12, WIB), nine partner agencies
    and one user per role."""
    region_chain("13.12")
    polda = AgencyFactory(
        kind=Agency.Kind.POLDA,
        short_name="Polda Sumbar",
        name="Kepolisian Daerah Sumatera Barat",
        seat_id="13",
    )
    polres = AgencyFactory(
        kind=Agency.Kind.POLRES,
        short_name="Polres Pasaman Barat",
        name="Kepolisian Resor Pasaman Barat",
        parent=polda,
        seat_id="13.12",
    )
    other_polres = AgencyFactory(kind=Agency.Kind.POLRES, short_name="Polres Agam", parent=polda)
    partners = {
        name: AgencyFactory(kind=kind, short_name=name, name=name) for kind, name in PARTNERS
    }
    OfficialFactory(agency=polres, name="Agung Tribawanto", rank="AKBP", position="Kapolres")
    OfficialFactory(agency=polres, name="Kabag Ops Pasbar", rank="Kompol", position="Kabag Ops")
    OfficialFactory(
        agency=partners["KPU Pasaman Barat"], name="Ketua KPU Pasbar", rank="", position="Ketua KPU"
    )
    OfficialFactory(
        agency=partners["Kodim 0305/Pasaman"],
        name="Dandim Pasaman",
        rank="Letkol Inf",
        position="Dandim 0305/Pasaman",
    )

    def member(username, agency, role):
        return MembershipFactory(user=UserFactory(username=username), agency=agency, role=role).user

    return PasamanBarat(
        polda=polda,
        polres=polres,
        other_polres=other_polres,
        partners=partners,
        operator=member("operator.pasbar", polres, Membership.Role.OPERATOR),
        other_operator=member("operator.agam", other_polres, Membership.Role.OPERATOR),
        commander=member("kapolda.sumbar", polda, Membership.Role.COMMANDER),
        kpu_liaison=member("kpu.pasbar", partners["KPU Pasaman Barat"], Membership.Role.LIAISON),
        bawaslu_liaison=member(
            "bawaslu.pasbar", partners["Bawaslu Pasaman Barat"], Membership.Role.LIAISON
        ),
    )


def rakor(world: PasamanBarat, **kwargs):
    defaults = {
        "host": world.polres,
        "title": "Rakor lintas sektoral Operasi Mantap Praja Singgalang 2024",
        "starts_at": RAKOR_START,
        "ends_at": RAKOR_START + datetime.timedelta(hours=3),
        "venue": "Lapangan indoor Polres Pasaman Barat",
    }
    defaults.update(kwargs)
    return MeetingFactory(**defaults)
