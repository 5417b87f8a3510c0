"""Demo data drawn from the five real meetings in the project's seeds.

``load_demo()`` builds the elections and operations they belong to, their police units and
partner agencies with the real officials, ranks and positions the reports name, the full
Polda Sumbar unit tree, the 893 Pilkada 2024 TPS of Kabupaten Pasaman Barat, a few upcoming
meetings and one demo user per role.

Every row is found by a natural key (slug, Kemendagri code, (agency, name, position),
(meeting, agency), (meeting, order)...) and saved only when one of its values differs, so
a second run creates nothing, saves nothing and adds no history records.

Choices made where the sources are silent (each is repeated where it is used):

- Times: only the Kalsel rakor has one (08.30 WITA). The others start at 09.00 local time,
  a usual morning start for a rakor, and rakors last three hours.
- Officials the reports mention only by office ("Dandim 0305/Pasaman", "Ketua KPU
  Kabupaten Pasaman Barat") are recorded with the office as their name, so that
  "represented by" can point at them without inventing a person.
- Decisions and follow-ups restate what each report says was raised; owners and due
  dates are plausible, not reported.
- Upcoming meetings are fictional and dated in 2027 so that they stay "upcoming" and the
  data does not depend on the day it is loaded.
- Letter registers, NRPs and the Pasaman Barat personnel roster (invented people): see
  ``operations/demo_letters.py``.
- TPS categories are a synthetic but plausible mix; only the total (893) and the count of
  rawan TPS (81, radarsumbar.com, November 2024) are reported figures.
"""

import csv
import datetime
import random
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, Membership, Official
from meetings.models import ActionItem, AgendaItem, Attendee, Decision, Invitation, Meeting
from polling_stations.models import PollingStation, Region, UnitStrength
from polling_stations.services import import_indicators

from .demo_data import (
    DEMO_USERS,
    ELECTIONS,
    MEETINGS,
    OFFICIALS,
    OPERATIONS,
    PARTNER_AGENCIES,
    PASAMAN_BARAT_POLSEK_KECAMATAN,
    PASAMAN_BARAT_POLSEK_STRENGTH,
    PLANTATION_KECAMATAN,
    POLICE_AGENCIES,
    REMOTE_KECAMATAN,
    SUMBAR_SATKER,
    TPS_KHUSUS,
    TPS_RAWAN,
    TPS_SANGAT_RAWAN,
    AgencySpec,
    MeetingSpec,
)
from .demo_letters import load_letter_registers, load_plotting, load_roster
from .models import Election, ElectionStage, Operation, OperationPhase

DEMO_PASSWORD = "sinergi-demo-2024"
UNITS_CSV = Path(settings.BASE_DIR) / "agencies" / "data" / "polda_sumbar_polres_polsek.csv"
PASAMAN_BARAT = "13.12"
PASAMAN_BARAT_TPS = 893
MISSING_REGIONS_MESSAGE = _(
    "Data wilayah belum ada (kode %(code)s tidak ditemukan). "
    "Jalankan `python manage.py import_regions` terlebih dahulu."
)

Kind = Agency.Kind
Level = Agency.Level
Role = Membership.Role


class DemoDataError(Exception):
    """The demo cannot be loaded here; the message says why, in Bahasa Indonesia."""


# --- Generic upsert -------------------------------------------------------------------


def _differs(obj: models.Model, name: str, value) -> bool:
    model_field = obj._meta.get_field(name)
    if model_field.many_to_one or model_field.one_to_one:
        current = getattr(obj, model_field.attname)
        return current != (value.pk if isinstance(value, models.Model) else value)
    return getattr(obj, name) != value


_NOT_LOOKED_UP = object()


def _upsert(model: type[models.Model], *, lookup: dict, values: dict, existing=_NOT_LOOKED_UP):
    """Create the row found by ``lookup``, or update it only if a value differs.

    ``update_or_create`` would save every time, bumping ``auto_now`` fields and adding a
    history record per run; the demo must be a fixed point. ``existing`` passes a row
    already fetched (or None for none) to save the lookup query.
    """
    obj = model.objects.filter(**lookup).first() if existing is _NOT_LOOKED_UP else existing
    if obj is None:
        return model.objects.create(**lookup, **values)
    changed = [name for name, value in values.items() if _differs(obj, name, value)]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save()
    return obj


# --- Elections and operations ----------------------------------------------------------


def _load_elections() -> dict[str, Election]:
    elections = {}
    for slug, spec in ELECTIONS.items():
        election = _upsert(
            Election,
            lookup={"slug": slug},
            values={"name": spec["name"], "kind": spec["kind"], "voting_day": spec["voting_day"]},
        )
        for name, starts_on, ends_on in spec["stages"]:
            _upsert(
                ElectionStage,
                lookup={"election": election, "name": name},
                values={"starts_on": starts_on, "ends_on": ends_on},
            )
        elections[slug] = election
    return elections


def _load_operations(
    *, agencies: dict[str, Agency], elections: dict[str, Election]
) -> dict[str, Operation]:
    operations: dict[str, Operation] = {}
    for spec in OPERATIONS:
        operation = _upsert(
            Operation,
            lookup={"slug": spec.slug},
            values={
                "name": spec.name,
                "kind": spec.kind,
                "parent": operations[spec.parent] if spec.parent else None,
                "commanding_unit": agencies[spec.commanding_unit],
                "starts_on": spec.starts_on,
                "ends_on": spec.ends_on,
                "personnel_strength": spec.personnel_strength,
                "description": spec.description,
            },
        )
        operation.elections.set([elections[slug] for slug in spec.elections])
        # The reports give the execution period only; it is the operation's span.
        _upsert(
            OperationPhase,
            lookup={"operation": operation, "kind": OperationPhase.Kind.EXECUTION},
            values={"starts_on": spec.starts_on, "ends_on": spec.ends_on},
        )
        if spec.pre_operation_from:
            _upsert(
                OperationPhase,
                lookup={"operation": operation, "kind": OperationPhase.Kind.PRE},
                values={
                    "starts_on": spec.pre_operation_from,
                    "ends_on": spec.starts_on - datetime.timedelta(days=1),
                },
            )
        operations[spec.slug] = operation
    return operations


# --- Agencies ---------------------------------------------------------------------------


# --- The Polda Sumbar unit tree -----------------------------------------------------------

_KEEP_UPPER = {"BIM", "KPPP", "KPGD", "II", "III", "IV", "V", "VI", "VII", "IX", "X", "XI"}
_TYPOS = {"VLL": "VII", "POLSEK": "Polsek", "POLRES": "Polres", "POLRESTA": "Polresta"}
# The CSV lists these Polsek under a parent (5) it does not contain; see agencies/data/SOURCE.md.
_ORPHAN_PARENTS = {"5": "170"}
_UNIT_TITLES = (
    ("Polresta", "Kepolisian Resor Kota"),
    ("Polres", "Kepolisian Resor"),
    ("Polsek", "Kepolisian Sektor"),
)
# A Polres name that is not its kabupaten/kota's name.
_POLRES_REGENCY_ALIASES = {"50 kota": "lima puluh kota", "mentawai": "kepulauan mentawai"}


def normalise_unit_name(raw: str) -> str:
    """ "POLSEK KINALI" -> "Polsek Kinali", keeping acronyms and Roman numerals."""
    words = []
    for word in raw.split():
        bare = word.strip("()").upper()
        if bare in _TYPOS:
            fixed = _TYPOS[bare]
        elif bare in _KEEP_UPPER:
            fixed = bare
        elif re.fullmatch(r"\d+X\d+", bare):
            fixed = bare.lower()
        else:
            fixed = bare.capitalize()
        words.append(word.replace(word.strip("()"), fixed))
    return " ".join(words)


def _full_unit_name(name: str) -> str:
    """ "Polresta Padang" -> "Kepolisian Resor Kota Padang", "Polsek Kinali" -> "Kepolisian
    Sektor Kinali"."""
    for short, full in _UNIT_TITLES:
        if name.startswith(short + " "):
            return full + name[len(short) :]
    return name


def _compact(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def regency_for_polres(name: str, regencies: Iterable[Region]) -> Region | None:
    """The kabupaten/kota a Polres is named after ("Polres Bukit Tinggi" -> Kota Bukittinggi).

    "Polres Solok" is Kabupaten Solok and "Polres Solok Kota" is Kota Solok: a bare name
    that is both prefers the kabupaten, as the Kota's Polres carries "Kota".
    """
    base = re.sub(r"^polres(ta)?\s+", "", name.strip().lower())
    wants_kota = base.endswith(" kota") and base not in _POLRES_REGENCY_ALIASES
    base = _POLRES_REGENCY_ALIASES.get(base, base.removesuffix(" kota") if wants_kota else base)
    matches = [
        region
        for region in regencies
        if _compact(re.sub(r"^(kabupaten|kota)\s+", "", region.name.lower())) == _compact(base)
    ]
    if wants_kota:
        matches = [r for r in matches if r.kind == Region.Kind.KOTA] or matches
    elif len(matches) > 1:
        matches = [r for r in matches if r.kind == Region.Kind.KABUPATEN] or matches
    return matches[0] if matches else None


def read_sumbar_units() -> list[dict[str, str]]:
    with UNITS_CSV.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _sumbar_unit_specs() -> list[AgencySpec]:
    rows = read_sumbar_units()
    regencies = list(Region.objects.filter(code__startswith="13.", level=Region.Level.REGENCY))
    districts = list(Region.objects.filter(code__startswith="13.", level=Region.Level.DISTRICT))
    names = {row["unit_id"]: normalise_unit_name(row["name"]) for row in rows}
    polsek_names = [names[r["unit_id"]] for r in rows if r["level"] == "POLSEK"]
    duplicated = {name for name in polsek_names if polsek_names.count(name) > 1}
    slugs: dict[str, str] = {}
    regency_of: dict[str, Region | None] = {}
    specs = []
    for level in ("POLDA", "POLRES", "POLSEK"):
        for row in (r for r in rows if r["level"] == level):
            unit_id, name = row["unit_id"], names[row["unit_id"]]
            parent_id = _ORPHAN_PARENTS.get(row["parent_unit_id"], row["parent_unit_id"])
            if level == "POLDA":
                slug = "polda-sumbar"
                spec = AgencySpec(
                    slug,
                    Kind.POLDA,
                    Level.PROVINCE,
                    "Kepolisian Daerah Sumatera Barat",
                    name,
                    "mabes-polri",
                    "13.71",
                    ("13",),
                )
            elif level == "POLRES":
                slug = slugify(name)
                regency = regency_for_polres(name, regencies)
                regency_of[unit_id] = regency
                code = regency.code if regency else None
                spec = AgencySpec(
                    slug,
                    Kind.POLRES,
                    Level.REGENCY,
                    _full_unit_name(name),
                    name,
                    slugs[parent_id],
                    code,
                    (code,) if code else (),
                )
            else:
                parent_name = names[parent_id]
                slug = slugify(
                    name if name not in duplicated else f"{name} {parent_name.split(' ', 1)[1]}"
                )
                regency = regency_of.get(parent_id)
                kecamatan = _polsek_kecamatan(name, regency, districts)
                spec = AgencySpec(
                    slug,
                    Kind.POLSEK,
                    Level.DISTRICT,
                    _full_unit_name(name),
                    name,
                    slugs[parent_id],
                    kecamatan[0] if kecamatan else None,
                    kecamatan,
                )
            slugs[unit_id] = slug
            specs.append(spec)
    return specs


def _polsek_kecamatan(
    name: str, regency: Region | None, districts: list[Region]
) -> tuple[str, ...]:
    """The kecamatan a Polsek covers: Pasaman Barat's from the documented map, elsewhere
    the kecamatan of the same name in its Polres's kabupaten/kota, when there is one."""
    if regency is None:
        return ()
    if regency.code == PASAMAN_BARAT:
        return PASAMAN_BARAT_POLSEK_KECAMATAN.get(name, ())
    base = _compact(name.removeprefix("Polsek "))
    return tuple(
        d.code for d in districts if d.parent_id == regency.code and _compact(d.name) == base
    )


def _load_agencies(specs: list[AgencySpec]) -> dict[str, Agency]:
    existing = {agency.slug: agency for agency in Agency.objects.all()}
    agencies: dict[str, Agency] = {}
    for spec in specs:
        agency = _upsert(
            Agency,
            lookup={"slug": spec.slug},
            values={
                "kind": spec.kind,
                "level": spec.level,
                "name": spec.name,
                "short_name": spec.short_name,
                "parent": agencies[spec.parent] if spec.parent else None,
                "seat_id": spec.seat,
            },
            existing=existing.get(spec.slug),
        )
        agency.regions.set(spec.regions)
        agencies[spec.slug] = agency
    return agencies


# --- Officials ------------------------------------------------------------------------------


def _load_officials(agencies: dict[str, Agency]) -> dict[str, Official]:
    officials = {}
    for spec in OFFICIALS:
        officials[spec.key] = _upsert(
            Official,
            lookup={"agency": agencies[spec.agency], "name": spec.name, "position": spec.position},
            values={"rank": spec.rank},
        )
    return officials


# --- Meetings -------------------------------------------------------------------------------


def _aware(agency: Agency, parts: tuple[int, int, int, int, int]) -> datetime.datetime:
    """A wall-clock time in the host's own zone (08.30 WITA stays 08.30 WITA)."""
    return datetime.datetime(*parts, tzinfo=agency.tzinfo)


def _load_meeting(
    spec: MeetingSpec,
    *,
    agencies: dict[str, Agency],
    officials: dict[str, Official],
    operations: dict[str, Operation],
) -> Meeting:
    host = agencies[spec.host]
    starts_at = _aware(host, spec.start)
    meeting = _upsert(
        Meeting,
        lookup={"host": host, "title": spec.title},
        values={
            "kind": spec.kind,
            "operation": operations[spec.operation] if spec.operation else None,
            "description": spec.description,
            "starts_at": starts_at,
            "ends_at": starts_at + datetime.timedelta(hours=spec.hours),
            "venue": spec.venue,
            "chair": officials[spec.chair] if spec.chair else None,
            "chair_on_behalf_of": officials[spec.on_behalf_of] if spec.on_behalf_of else None,
            "visibility": spec.visibility,
            "status": spec.status,
            "summary": spec.summary,
        },
    )
    for invite in spec.invitations:
        _upsert(
            Invitation,
            lookup={"meeting": meeting, "agency": agencies[invite.agency]},
            values={
                "rsvp": invite.rsvp,
                "present": invite.present,
                "rsvp_delegate": invite.delegate,
            },
        )
    for person in spec.attendees:
        official = officials[person.official] if person.official else None
        lookup = {"meeting": meeting, "agency": agencies[person.agency]}
        lookup |= {"official": official} if official else {"name": person.name}
        _upsert(
            Attendee,
            lookup=lookup,
            values={
                "position": person.position,
                "represents": officials[person.represents] if person.represents else None,
            },
        )
    items = {}
    for order, item in enumerate(spec.agenda, start=1):
        items[order] = _upsert(
            AgendaItem,
            lookup={"meeting": meeting, "order": order},
            values={
                "title": item.title,
                "presenter": officials[item.presenter] if item.presenter else None,
                "presenter_name": item.presenter_name,
                "duration_minutes": item.minutes,
                "is_internal": item.internal,
            },
        )
    for order, decide in enumerate(spec.decisions, start=1):
        decision = _upsert(
            Decision,
            lookup={"meeting": meeting, "order": order},
            values={
                "text": decide.text,
                "agenda_item": items[decide.item] if decide.item else None,
                "is_internal": decide.internal,
            },
        )
        for follow in decide.follow_ups:
            _upsert(
                ActionItem,
                lookup={"meeting": meeting, "text": follow.text},
                values={
                    "decision": decision,
                    "owner_agency": agencies[follow.owner],
                    "owner_official": officials[follow.official] if follow.official else None,
                    "due_date": follow.due,
                    "status": follow.status,
                },
            )
    return meeting


# --- Polling stations -------------------------------------------------------------------------


def tps_per_village(villages: list[Region], *, total: int, seed: int = 1312) -> dict[str, int]:
    """Spread ``total`` TPS over ``villages``, at least one each, by seeded random weights.

    Aia Bangih is the only nagari of Kecamatan Sungai Beremas, so it weighs as a
    kecamatan's worth of nagari; the rest follow the largest-remainder method.
    """
    rng = random.Random(seed)
    weights = {}
    for village in villages:
        weight = rng.uniform(0.6, 1.6)
        siblings = sum(1 for v in villages if v.parent_id == village.parent_id)
        weights[village.code] = weight * (4 if siblings == 1 else 1)
    spare = total - len(villages)
    scale = spare / sum(weights.values())
    shares = {code: 1 + w * scale for code, w in weights.items()}
    counts = {code: int(share) for code, share in shares.items()}
    left = total - sum(counts.values())
    for code in sorted(shares, key=lambda c: (counts[c] - shares[c], c))[:left]:
        counts[code] += 1
    return counts


def _load_polling_stations(*, election: Election, agencies: dict[str, Agency]) -> int:
    villages = list(
        Region.objects.filter(
            code__startswith=PASAMAN_BARAT + ".", level=Region.Level.VILLAGE
        ).order_by("code")
    )
    counts = tps_per_village(villages, total=PASAMAN_BARAT_TPS)
    polsek_of = {
        kecamatan: agencies[slugify(name)]
        for name, codes in PASAMAN_BARAT_POLSEK_KECAMATAN.items()
        for kecamatan in codes
    }
    rng = random.Random(2024)
    rng_voters = random.Random(27)
    stations = []
    for village in villages:
        for number in range(1, counts[village.code] + 1):
            stations.append(
                PollingStation(
                    election=election,
                    village=village,
                    number=number,
                    registered_voters=rng_voters.randint(180, 580),
                    polsek=polsek_of[village.parent_id],
                )
            )
    _assign_categories(stations, rng)
    PollingStation.objects.bulk_create(
        stations,
        update_conflicts=True,
        unique_fields=["election", "village", "number"],
        update_fields=["registered_voters", "polsek", "kind", "special_location", "category"],
    )
    # A village may hold fewer TPS than an earlier version of the spread gave it.
    stale = Q(pk__in=[])
    for village in villages:
        stale |= Q(village=village, number__gt=counts[village.code])
    PollingStation.objects.filter(stale, election=election).delete()
    return len(stations)


def _assign_categories(stations: list[PollingStation], rng: random.Random) -> None:
    Category, Kind = PollingStation.Category, PollingStation.Kind
    plantation = [s for s in stations if s.village.parent_id in PLANTATION_KECAMATAN]
    remote = [s for s in stations if s.village.parent_id in REMOTE_KECAMATAN]
    chosen: set[int] = set()

    def pick(pool: list[PollingStation], count: int) -> list[PollingStation]:
        free = [s for s in pool if id(s) not in chosen]
        picked = rng.sample(free, count)
        chosen.update(id(s) for s in picked)
        return picked

    for station, location in zip(pick(plantation, len(TPS_KHUSUS)), TPS_KHUSUS, strict=True):
        station.kind, station.special_location, station.category = (
            Kind.SPECIAL,
            location,
            Category.KHUSUS,
        )
    for station in pick(remote, TPS_SANGAT_RAWAN):
        station.category = Category.SANGAT_RAWAN
    for station in pick(stations, TPS_RAWAN):
        station.category = Category.RAWAN


# --- Users ------------------------------------------------------------------------------------


def _load_users(agencies: dict[str, Agency]) -> None:
    """One user per role. A new user gets the demo password; an existing one keeps the
    password it has, so a second run neither rehashes nor overrides a changed password."""
    User = get_user_model()
    encoded = None
    for spec in DEMO_USERS:
        is_admin = spec.role == Role.ADMIN
        user = _upsert(
            User,
            lookup={"username": spec.username},
            values={
                "first_name": spec.first_name,
                "last_name": spec.last_name,
                "is_staff": is_admin,
                "is_superuser": is_admin,
                "is_active": True,
            },
        )
        if not user.password or not user.has_usable_password():
            # Hashing costs most of a second; the five demo users share one hash.
            encoded = encoded or make_password(DEMO_PASSWORD)
            user.password = encoded
            user.save(update_fields=["password"])
        Membership.objects.get_or_create(user=user, agency=agencies[spec.agency], role=spec.role)


# --- Entry point ------------------------------------------------------------------------------

REQUIRED_REGIONS = ("13", "13.12", "13.12.01.2001", "36.74", "63.71", "91.71")


@dataclass(frozen=True)
class DemoSummary:
    agencies: int
    officials: int
    meetings: int
    polling_stations: int
    users: tuple[str, ...]


def _load_unit_strengths(*, operation: Operation, agencies: dict[str, Agency]) -> None:
    for slug, personnel in PASAMAN_BARAT_POLSEK_STRENGTH.items():
        _upsert(
            UnitStrength,
            lookup={"operation": operation, "unit": agencies[slug]},
            values={"personnel": personnel, "note": "Angka ilustrasi data demo."},
        )


def load_demo(*, with_users: bool = True) -> DemoSummary:
    """Create or update all demo data; running it again changes nothing."""
    missing = [code for code in REQUIRED_REGIONS if not Region.objects.filter(code=code).exists()]
    if missing:
        raise DemoDataError(MISSING_REGIONS_MESSAGE % {"code": missing[0]})
    if with_users and settings.PRODUCTION:
        raise DemoDataError(
            _("Pengguna demo tidak dibuat di lingkungan produksi (DJANGO_ENV=production).")
        )
    with transaction.atomic():
        elections = _load_elections()
        police = [spec for spec in POLICE_AGENCIES if spec.slug != "polda-sumbar"]
        specs = police[:1] + _sumbar_unit_specs() + police[1:] + SUMBAR_SATKER + PARTNER_AGENCIES
        agencies = _load_agencies(specs)
        operations = _load_operations(agencies=agencies, elections=elections)
        officials = _load_officials(agencies)
        for spec in MEETINGS:
            _load_meeting(spec, agencies=agencies, officials=officials, operations=operations)
        stations = _load_polling_stations(election=elections["pilkada-2024"], agencies=agencies)
        singgalang = operations["mantap-praja-singgalang-2024"]
        _load_unit_strengths(operation=singgalang, agencies=agencies)
        load_roster(agencies=agencies)
        load_letter_registers(agencies=agencies, officials=officials)
        load_plotting(operation=singgalang, agencies=agencies)
        # Bawaslu's indicator list per election, so TPS risk can be recorded (idempotent).
        for election in elections.values():
            import_indicators(election=election)
        if with_users:
            _load_users(agencies)
    return DemoSummary(
        agencies=len(agencies),
        officials=len(officials),
        meetings=len(MEETINGS),
        polling_stations=stations,
        users=tuple(user.username for user in DEMO_USERS) if with_users else (),
    )
