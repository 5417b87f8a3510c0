"""The one test world: Polda Sumbar > Polres Pasaman Barat (seat 13.12, WIB) beside
Polres Agam, nine partner agencies with their officials, and one user per role.

Tests ask for what they need beyond that (Polsek, an election and its operation, TPS,
meetings) through ``build_world``'s parameters, so that every app's tests read the same
places and people.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.utils import timezone

from agencies.models import Agency, Membership, Region
from meetings import services
from meetings.models import ActionItem, Invitation, Meeting, MeetingRisk
from operations.models import Election, Operation, ReadinessReport
from polling_stations.models import PollingStation, SecurityPattern, UnitStrength
from polling_stations.services.patterns import NATIONAL_DEFAULT, PRESETS
from tests.factories import (
    ActionItemFactory,
    AgencyFactory,
    AgendaItemFactory,
    AttendeeFactory,
    DecisionFactory,
    ElectionFactory,
    InvitationFactory,
    MeetingFactory,
    MembershipFactory,
    OfficialFactory,
    OperationFactory,
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
# The partners at every rakor of the operation (``held_meetings``).
RAKOR_PARTNERS = [
    "KPU Pasaman Barat",
    "Bawaslu Pasaman Barat",
    "Kodim 0305/Pasaman",
    "Kesbangpol Pasaman Barat",
]

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
    other_polres: Agency
    partners: dict[str, Agency]
    operator: User
    other_operator: User
    commander: User
    kpu_liaison: User
    bawaslu_liaison: User
    polsek: list[Agency] = field(default_factory=list)
    election: Election | None = None
    operation: Operation | None = None
    # The operation's rakor, held every other day up to yesterday (``held_meetings``).
    meetings: list[Meeting] = field(default_factory=list)
    # Polda Riau > Polres Kampar (14.01) > Polsek Kampar 1, beyond the Polda's reach
    # (``outside``).
    outside_polda: Agency | None = None
    outside_polres: Agency | None = None
    outside_polsek: Agency | None = None
    # The shared rakor (``build_world(shared_rakor=True)``) and its two follow-ups.
    meeting: Meeting | None = None
    kpu_item: ActionItem | None = None
    kodim_item: ActionItem | None = None

    @property
    def kpu(self) -> Agency:
        return self.partners["KPU Pasaman Barat"]

    @property
    def bawaslu(self) -> Agency:
        return self.partners["Bawaslu Pasaman Barat"]

    @property
    def kodim(self) -> Agency:
        return self.partners["Kodim 0305/Pasaman"]


def user_with(role: str, agency: Agency, username: str) -> User:
    """A user holding ``role`` in ``agency``; usernames read ``<role or agency>.<place>``."""
    user = UserFactory(username=username, first_name=username.replace(".", " ").title())
    MembershipFactory(user=user, agency=agency, role=role)
    return user


def build_world(
    *,
    polsek: int = 0,
    outside: bool = False,
    operation: bool = False,
    voting_in_days: int = 40,
    tps: dict[str, int] | None = None,
    held_meetings: int = 0,
    shared_rakor: bool = False,
    starts_at: datetime.datetime | None = None,
) -> World:
    """The world, and beyond it:

    - ``polsek`` Polsek (Polsek Uji n, holding kecamatan 13.12.0n) under the Polres;
    - ``outside``: a Polda, Polres and Polsek of another province (Riau, 14.01);
    - ``operation``: a Pilkada voting in ``voting_in_days`` and Operasi Mantap Praja
      Singgalang commanded by the Polda, running from 60 days ago to 60 days ahead;
    - ``tps``: that many TPS per category over 11 kecamatan, dealt round robin to the
      Polsek, with the national security pattern and a strength of 700 for the Polres
      (needs ``operation``);
    - ``held_meetings``: the operation's rakor with KPU, Bawaslu, Kodim and Kesbangpol,
      their decisions, follow-ups and a risk (needs ``operation``);
    - ``shared_rakor``: the Polres' rakor (in three days, or at ``starts_at``) to which
      every partner but Bawaslu is invited.
    """
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
    polres.regions.add(region_chain("13.12"))
    other_polres = AgencyFactory(kind=Agency.Kind.POLRES, short_name="Polres Agam", parent=polda)
    partners = {
        name: AgencyFactory(kind=kind, short_name=name, name=name) for kind, name in PARTNERS
    }
    OfficialFactory(
        agency=polres, name="Agung Tribawanto", rank="AKBP", position="Kapolres Pasaman Barat"
    )
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
    world = World(
        polda=polda,
        polres=polres,
        other_polres=other_polres,
        partners=partners,
        operator=user_with(Membership.Role.OPERATOR, polres, "operator.pasbar"),
        other_operator=user_with(Membership.Role.OPERATOR, other_polres, "operator.agam"),
        commander=user_with(Membership.Role.COMMANDER, polda, "kapolda.sumbar"),
        kpu_liaison=user_with(Membership.Role.LIAISON, partners["KPU Pasaman Barat"], "kpu.pasbar"),
        bawaslu_liaison=user_with(
            Membership.Role.LIAISON, partners["Bawaslu Pasaman Barat"], "bawaslu.pasbar"
        ),
        polsek=[_polsek(polres, f"Polsek Uji {n}", f"13.12.{n:02d}") for n in range(1, polsek + 1)],
    )
    if outside:
        world.outside_polda = AgencyFactory(
            kind=Agency.Kind.POLDA, short_name="Polda Riau", seat=region_chain("14")
        )
        world.outside_polres = AgencyFactory(
            kind=Agency.Kind.POLRES, parent=world.outside_polda, short_name="Polres Kampar"
        )
        world.outside_polres.regions.add(region_chain("14.01"))
        world.outside_polsek = _polsek(world.outside_polres, "Polsek Kampar 1", "14.01.01")
    if operation:
        today = timezone.localdate()
        world.election = ElectionFactory(
            name="Pilkada Uji",
            slug="pilkada-uji",
            voting_day=today + datetime.timedelta(days=voting_in_days),
        )
        world.operation = OperationFactory(
            name="Operasi Mantap Praja Singgalang",
            slug="mantap-praja-singgalang",
            commanding_unit=polda,
            starts_on=today - datetime.timedelta(days=60),
            ends_on=today + datetime.timedelta(days=60),
        )
        world.operation.elections.add(world.election)
    if tps:
        _add_tps(world, split=tps)
    if held_meetings:
        _add_held_meetings(world, count=held_meetings)
    if shared_rakor:
        _add_shared_rakor(world, starts_at=starts_at or timezone.now() + datetime.timedelta(days=3))
    return world


def _polsek(polres: Agency, name: str, kecamatan_code: str) -> Agency:
    polsek = AgencyFactory(kind=Agency.Kind.POLSEK, parent=polres, short_name=name)
    polsek.regions.add(region_chain(kecamatan_code))
    return polsek


def stations_in(
    *, election: Election, polsek: Agency | None, village_code: str, counts: dict[str, int]
) -> list[PollingStation]:
    """Bulk-creates TPS in one village with the given number per category."""
    village = region_chain(village_code)
    start = PollingStation.objects.filter(election=election, village=village).count() + 1
    stations = []
    for category, n in counts.items():
        for _ in range(n):
            special = category == PollingStation.Category.KHUSUS
            stations.append(
                PollingStation(
                    election=election,
                    village=village,
                    number=start + len(stations),
                    category=category,
                    kind="khusus" if special else "reguler",
                    special_location="lapas" if special else "",
                    polsek=polsek,
                )
            )
    return PollingStation.objects.bulk_create(stations)


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


def seed_national_pattern() -> None:
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


def _add_tps(world: World, *, split: dict[str, int]) -> None:
    assert world.election and world.operation, "TPS need build_world(operation=True)"
    villages = _regions("13.12", len(KECAMATAN))
    categories = [c for c, n in split.items() for _ in range(n)]
    stations = []
    for index, category in enumerate(categories):
        kind = "khusus" if category == "khusus" else "reguler"
        stations.append(
            PollingStation(
                election=world.election,
                village=villages[index % len(villages)],
                number=index // len(villages) + 1,
                category=category,
                kind=kind,
                special_location="lapas" if kind == "khusus" else "",
                polsek=world.polsek[index % len(world.polsek)] if world.polsek else None,
            )
        )
    PollingStation.objects.bulk_create(stations, batch_size=2000)
    seed_national_pattern()
    UnitStrength.objects.create(operation=world.operation, unit=world.polres, personnel=STRENGTH)


def _add_held_meetings(world: World, *, count: int) -> None:
    assert world.operation, "the operation's rakor need build_world(operation=True)"
    partners = {name: world.partners[name] for name in RAKOR_PARTNERS}
    first = timezone.now() - datetime.timedelta(days=2 * count + 1)
    for n in range(count):
        starts = first + datetime.timedelta(days=2 * n)
        meeting = MeetingFactory(
            host=world.polres,
            operation=world.operation,
            title=f"Rakor lintas sektoral {n + 1}",
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=2),
            venue="Lapangan indoor Polres Pasaman Barat",
            status=Meeting.Status.HELD,
        )
        for agency in partners.values():
            # Bawaslu missed every other meeting.
            present = not (agency == world.bawaslu and n % 2 == 1)
            Invitation.objects.create(meeting=meeting, agency=agency, present=present)
            if present:
                AttendeeFactory(meeting=meeting, agency=agency)
        DecisionFactory(meeting=meeting, text=f"Pengamanan 893 TPS, keputusan {n + 1}")
        world.meetings.append(meeting)
    first_held, last_held = world.meetings[0], world.meetings[-1]
    today = timezone.localdate()
    ActionItemFactory(
        meeting=first_held,
        owner_agency=world.kpu,
        text="Distribusi logistik ke TPS khusus",
        due_date=today - datetime.timedelta(days=1),
    )
    ActionItemFactory(
        meeting=last_held,
        owner_agency=world.kodim,
        text="Simulasi sispam kota",
        due_date=today + datetime.timedelta(days=5),
    )
    ActionItemFactory(
        meeting=first_held,
        owner_agency=world.bawaslu,
        text="Pemetaan TPS rawan",
        due_date=today - datetime.timedelta(days=3),
        status="done",
    )
    MeetingRisk.objects.create(
        meeting=first_held,
        description="Sebaran hoaks di media sosial",
        raised_by=world.bawaslu,
        level=MeetingRisk.Level.HIGH,
    )


def _add_shared_rakor(world: World, *, starts_at: datetime.datetime) -> None:
    meeting = MeetingFactory(
        host=world.polres,
        title="Rakor lintas sektoral Pilkada Pasaman Barat",
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=3),
        venue="Lapangan indoor Polres Pasaman Barat",
    )
    for agency in world.partners.values():
        if agency != world.bawaslu:
            InvitationFactory(meeting=meeting, agency=agency)
    AgendaItemFactory(meeting=meeting, order=1, title="Pembukaan", duration_minutes=15)
    AgendaItemFactory(
        meeting=meeting, order=2, title="Paparan intelijen", duration_minutes=30, is_internal=True
    )
    AgendaItemFactory(meeting=meeting, order=3, title="Paparan Ketua KPU", duration_minutes=20)
    DecisionFactory(meeting=meeting, order=1, text="Patroli gabungan di 893 TPS")
    DecisionFactory(meeting=meeting, order=2, text="Plotting personel rahasia", is_internal=True)
    world.meeting = meeting
    world.kpu_item = ActionItemFactory(
        meeting=meeting, owner_agency=world.kpu, text="Serahkan data TPS rawan kepada Polres"
    )
    world.kodim_item = ActionItemFactory(
        meeting=meeting, owner_agency=world.kodim, text="Siapkan satu SST cadangan"
    )


def rakor(world: World, **kwargs: object) -> Meeting:
    """Polres Pasaman Barat's rakor of 15 August 2024 (override any field)."""
    defaults: dict[str, object] = {
        "host": world.polres,
        "title": "Rakor lintas sektoral Operasi Mantap Praja Singgalang 2024",
        "starts_at": RAKOR_START,
        "ends_at": RAKOR_START + datetime.timedelta(hours=3),
        "venue": "Lapangan indoor Polres Pasaman Barat",
    }
    defaults.update(kwargs)
    return MeetingFactory(**defaults)


def many_meetings(world: World, *, count: int) -> None:
    """``count`` rakor an hour apart from RAKOR_START, alternately hosted by the two
    Polres: for the query-count tests on a full database."""
    Meeting.objects.bulk_create(
        Meeting(
            host=world.polres if n % 2 else world.other_polres,
            kind=Meeting.Kind.RAKOR,
            title=f"Rakor massal {n}",
            starts_at=RAKOR_START + datetime.timedelta(hours=n),
            ends_at=RAKOR_START + datetime.timedelta(hours=n, minutes=90),
            venue="Aula",
        )
        for n in range(count)
    )


def record_outcome(meeting: Meeting, user: User, **kwargs: object) -> Meeting:
    """``meetings.services.record_outcome`` with nothing changed but what ``kwargs`` says:
    no chair, no rows, minutes shared, the meeting marked held."""
    values: dict = {
        "meeting": meeting,
        "user": user,
        "version": meeting.version,
        "chair": None,
        "chair_on_behalf_of": None,
        "summary": "",
        "minutes_shared": True,
        "mark_held": True,
        "presence": {},
        "minutes": {},
        "attendees": services.RowChanges(),
        "decisions": services.RowChanges(),
        "action_items": services.RowChanges(),
        "risks": services.RowChanges(),
    }
    values.update(kwargs)
    return services.record_outcome(**values)


def finish_report(report: ReadinessReport) -> None:
    """Marks a queued readiness report built, as the worker would, without rendering it."""
    ReadinessReport.objects.filter(pk=report.pk).update(
        status=ReadinessReport.Status.DONE,
        file="laporan-kesiapan/uji.pdf",
        sha256="a" * 64,
        finished_at=timezone.now(),
    )
