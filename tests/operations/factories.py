"""A Pasaman Barat-like world: Polda Sumbar, Polres Pasaman Barat with 7 Polsek and
11 kecamatan, 893 TPS for the Pilkada, and coordination meetings with partner agencies."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from agencies.models import Agency, Membership, Region
from meetings.models import Invitation, Meeting
from polling_stations.models import PollingStation, SecurityPattern, UnitStrength
from polling_stations.services.patterns import NATIONAL_DEFAULT, PRESETS
from tests.factories import (
    ActionItemFactory,
    AgencyFactory,
    AttendeeFactory,
    DecisionFactory,
    ElectionFactory,
    MeetingFactory,
    MembershipFactory,
    OfficialFactory,
    OperationFactory,
    region_chain,
)

# 893 TPS as in the Pilkada of 27 November 2024; the split by category is made up so that
# it falls evenly on the 7 Polsek (round robin): 120 + 6 + 1 each, and 4 khusus on the
# first four. With the national pattern (2:4, 4:2, 6:2, khusus 2:1) each Polsek needs
# 60 + 12 + 6 police (+2 with a khusus): 554 at the TPS, plus 7 backup platoons of 30:
# 764 in all; against a strength of 700 that is 64 short.
CATEGORY_SPLIT = {"kurang_rawan": 840, "rawan": 42, "sangat_rawan": 7, "khusus": 4}
STRENGTH = 700
KECAMATAN = [f"Kecamatan Uji {n}" for n in range(1, 12)]


@dataclass
class World:
    polda: Agency
    polres: Agency
    polsek: list
    other_polres: Agency
    operation: object
    election: object
    partners: dict
    meetings: list
    commander: object
    operator: object


def _regions(kabupaten_code: str, kecamatan_count: int) -> list[Region]:
    kabupaten = region_chain(kabupaten_code)
    villages = []
    for k in range(1, kecamatan_count + 1):
        kecamatan, _ = Region.objects.get_or_create(
            code=f"{kabupaten_code}.{k:02d}",
            defaults={
                "name": KECAMATAN[(k - 1) % len(KECAMATAN)],
                "level": Region.Level.DISTRICT,
                "kind": Region.Kind.KECAMATAN,
                "parent": kabupaten,
            },
        )
        village, _ = Region.objects.get_or_create(
            code=f"{kecamatan.code}.2001",
            defaults={
                "name": f"Nagari {k}",
                "level": Region.Level.VILLAGE,
                "kind": Region.Kind.DESA,
                "parent": kecamatan,
            },
        )
        villages.append(village)
    return villages


def seed_national_pattern():
    """The 2019 national pattern, as its data migration leaves it (transactional tests
    flush migration data)."""
    preset = PRESETS[NATIONAL_DEFAULT]
    for category, (police, tps, linmas) in preset["patterns"].items():
        SecurityPattern.objects.update_or_create(
            operation=None,
            unit=None,
            category=category,
            defaults={
                "police_per_group": police,
                "tps_per_group": tps,
                "linmas_per_group": linmas,
                "source": preset["source"],
            },
        )


def make_stations(*, election, villages, split, polsek=()) -> int:
    categories = [c for c, n in split.items() for _ in range(n)]
    stations = []
    for index, category in enumerate(categories):
        village = villages[index % len(villages)]
        kind = "khusus" if category == "khusus" else "reguler"
        stations.append(
            PollingStation(
                election=election,
                village=village,
                number=index // len(villages) + 1,
                category=category,
                kind=kind,
                special_location="lapas" if kind == "khusus" else "",
                polsek=polsek[index % len(polsek)] if polsek else None,
            )
        )
    PollingStation.objects.bulk_create(stations, batch_size=2000)
    return len(stations)


def pasaman_barat(*, meetings: int = 3, voting_in_days: int = 40, split=None) -> World:
    split = split or CATEGORY_SPLIT
    polda = AgencyFactory(
        kind=Agency.Kind.POLDA,
        short_name="Polda Sumbar",
        name="Kepolisian Daerah Sumatera Barat",
        seat=region_chain("13"),
    )
    polres = AgencyFactory(
        parent=polda,
        short_name="Polres Pasaman Barat",
        name="Kepolisian Resor Pasaman Barat",
        seat=region_chain("13.12"),
    )
    polres.regions.add(region_chain("13.12"))
    polsek = [
        AgencyFactory(kind=Agency.Kind.POLSEK, parent=polres, short_name=f"Polsek Uji {n}")
        for n in range(1, 8)
    ]
    other_polres = AgencyFactory(parent=polda, short_name="Polres Pasaman")
    election = ElectionFactory(
        name="Pilkada Uji",
        slug="pilkada-uji",
        voting_day=timezone.localdate() + datetime.timedelta(days=voting_in_days),
    )
    operation = OperationFactory(
        name="Operasi Mantap Praja Singgalang",
        slug="mantap-praja-singgalang",
        commanding_unit=polda,
        starts_on=timezone.localdate() - datetime.timedelta(days=60),
        ends_on=timezone.localdate() + datetime.timedelta(days=60),
    )
    operation.elections.add(election)
    make_stations(election=election, villages=_regions("13.12", 11), split=split, polsek=polsek)
    seed_national_pattern()
    UnitStrength.objects.create(operation=operation, unit=polres, personnel=STRENGTH)

    partners = {
        "KPU": AgencyFactory(kind=Agency.Kind.KPU, short_name="KPU Pasaman Barat"),
        "Bawaslu": AgencyFactory(kind=Agency.Kind.BAWASLU, short_name="Bawaslu Pasaman Barat"),
        "Kodim": AgencyFactory(kind=Agency.Kind.KODIM, short_name="Kodim 0305/Pasaman"),
        "Kesbangpol": AgencyFactory(kind=Agency.Kind.DINAS, short_name="Kesbangpol Pasbar"),
    }
    OfficialFactory(
        agency=polres, name="Agung Tribawanto", rank="AKBP", position="Kapolres Pasaman Barat"
    )
    held = []
    first = timezone.now() - datetime.timedelta(days=2 * meetings + 1)
    for n in range(meetings):
        starts = first + datetime.timedelta(days=2 * n)
        meeting = MeetingFactory(
            host=polres,
            operation=operation,
            title=f"Rakor lintas sektoral {n + 1}",
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=2),
            venue="Lapangan indoor Polres Pasaman Barat",
            status=Meeting.Status.HELD,
        )
        for key, agency in partners.items():
            # Bawaslu missed every other meeting.
            present = not (key == "Bawaslu" and n % 2 == 1)
            Invitation.objects.create(meeting=meeting, agency=agency, present=present)
            if present:
                AttendeeFactory(meeting=meeting, agency=agency)
        DecisionFactory(meeting=meeting, text=f"Pengamanan 893 TPS, keputusan {n + 1}")
        held.append(meeting)
    if held:
        ActionItemFactory(
            meeting=held[0],
            owner_agency=partners["KPU"],
            text="Distribusi logistik ke TPS khusus",
            due_date=timezone.localdate() - datetime.timedelta(days=1),
        )
        ActionItemFactory(
            meeting=held[-1],
            owner_agency=partners["Kodim"],
            text="Simulasi sispam kota",
            due_date=timezone.localdate() + datetime.timedelta(days=5),
        )
        ActionItemFactory(
            meeting=held[0],
            owner_agency=partners["Bawaslu"],
            text="Pemetaan TPS rawan",
            due_date=timezone.localdate() - datetime.timedelta(days=3),
            status="done",
        )
        from meetings.models import MeetingRisk

        MeetingRisk.objects.create(
            meeting=held[0],
            description="Sebaran hoaks di media sosial",
            raised_by=partners["Bawaslu"],
            level=MeetingRisk.Level.HIGH,
        )
    commander = MembershipFactory(agency=polres, role=Membership.Role.COMMANDER).user
    operator = MembershipFactory(agency=polres, role=Membership.Role.OPERATOR).user
    return World(
        polda=polda,
        polres=polres,
        polsek=polsek,
        other_polres=other_polres,
        operation=operation,
        election=election,
        partners=partners,
        meetings=held,
        commander=commander,
        operator=operator,
    )
