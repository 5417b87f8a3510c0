"""A small world for the shared side of meetings: Polda Sumbar with Polres Pasaman
Barat hosting a rakor, its partner agencies, and one user per role.

Kept out of a conftest so that tests import exactly what they use.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from agencies.models import Agency, Membership
from meetings.models import ActionItem, Meeting
from tests.factories import (
    ActionItemFactory,
    AgencyFactory,
    AgendaItemFactory,
    DecisionFactory,
    InvitationFactory,
    MeetingFactory,
    MembershipFactory,
    UserFactory,
    region_chain,
)

PARTNERS = [
    (Agency.Kind.KPU, "KPU Pasaman Barat"),
    (Agency.Kind.KODIM, "Kodim 0305/Pasaman"),
    (Agency.Kind.PEMDA, "Kesbangpol Pasaman Barat"),
    (Agency.Kind.KEJAKSAAN, "Kejari Pasaman Barat"),
    (Agency.Kind.DINAS, "Dinkes Pasaman Barat"),
    (Agency.Kind.DINAS, "Dishub Pasaman Barat"),
    (Agency.Kind.DINAS, "Satpol PP Pasaman Barat"),
]


@dataclass
class World:
    polda: Agency
    polres: Agency
    other_polres: Agency
    kpu: Agency
    bawaslu: Agency
    partners: list[Agency]
    meeting: Meeting
    kpu_item: ActionItem
    kodim_item: ActionItem
    operator: object
    other_operator: object
    commander: object
    kpu_liaison: object
    bawaslu_liaison: object


def user_with(role: str, agency: Agency, username: str):
    user = UserFactory(username=username, first_name=username.replace("_", " ").title())
    MembershipFactory(user=user, agency=agency, role=role)
    return user


def build_world(*, starts_at: datetime.datetime | None = None) -> World:
    polda = AgencyFactory(
        kind=Agency.Kind.POLDA,
        short_name="Polda Sumbar",
        slug="polda-sumbar",
        seat=region_chain("13"),
    )
    polres = AgencyFactory(short_name="Polres Pasaman Barat", slug="polres-pasbar", parent=polda)
    other_polres = AgencyFactory(short_name="Polres Agam", slug="polres-agam", parent=polda)
    partners = [
        AgencyFactory(kind=kind, short_name=name, slug=name.lower().replace(" ", "-"))
        for kind, name in PARTNERS
    ]
    kpu = partners[0]
    bawaslu = AgencyFactory(
        kind=Agency.Kind.BAWASLU, short_name="Bawaslu Pasaman Barat", slug="bawaslu-pasbar"
    )
    starts_at = starts_at or timezone.now() + datetime.timedelta(days=3)
    meeting = MeetingFactory(
        host=polres,
        title="Rakor lintas sektoral Pilkada Pasaman Barat",
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=3),
        venue="Lapangan indoor Polres Pasaman Barat",
    )
    for agency in partners:
        InvitationFactory(meeting=meeting, agency=agency)
    AgendaItemFactory(meeting=meeting, order=1, title="Pembukaan", duration_minutes=15)
    AgendaItemFactory(
        meeting=meeting, order=2, title="Paparan intelijen", duration_minutes=30, is_internal=True
    )
    AgendaItemFactory(meeting=meeting, order=3, title="Paparan Ketua KPU", duration_minutes=20)
    DecisionFactory(meeting=meeting, order=1, text="Patroli gabungan di 893 TPS")
    DecisionFactory(meeting=meeting, order=2, text="Plotting personel rahasia", is_internal=True)
    kpu_item = ActionItemFactory(
        meeting=meeting, owner_agency=kpu, text="Serahkan data TPS rawan kepada Polres"
    )
    kodim_item = ActionItemFactory(
        meeting=meeting, owner_agency=partners[1], text="Siapkan satu SST cadangan"
    )
    return World(
        polda=polda,
        polres=polres,
        other_polres=other_polres,
        kpu=kpu,
        bawaslu=bawaslu,
        partners=partners,
        meeting=meeting,
        kpu_item=kpu_item,
        kodim_item=kodim_item,
        operator=user_with(Membership.Role.OPERATOR, polres, "op_pasbar"),
        other_operator=user_with(Membership.Role.OPERATOR, other_polres, "op_agam"),
        commander=user_with(Membership.Role.COMMANDER, polda, "kapolda"),
        kpu_liaison=user_with(Membership.Role.LIAISON, kpu, "kpu_pasbar"),
        bawaslu_liaison=user_with(Membership.Role.LIAISON, bawaslu, "bawaslu_pasbar"),
    )
