"""Loads the Pasaman Barat TPS with their risk categories, and the Polsek strengths."""

import random

from django.db import DEFAULT_DB_ALIAS
from django.db.models import Q
from django.utils.text import slugify

from agencies.models import Agency, Region
from polling_stations.changes import stations_changed
from polling_stations.models import PollingStation, UnitStrength

from ..models import Election, Operation
from .common import PASAMAN_BARAT, PASAMAN_BARAT_TPS, upsert
from .data.agencies import PASAMAN_BARAT_POLSEK_KECAMATAN, PASAMAN_BARAT_POLSEK_STRENGTH
from .data.tps import (
    PLANTATION_KECAMATAN,
    REMOTE_KECAMATAN,
    TPS_KHUSUS,
    TPS_RAWAN,
    TPS_SANGAT_RAWAN,
)


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


def load_polling_stations(*, election: Election, agencies: dict[str, Agency]) -> int:
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
    # The bulk upsert sends no model signals: figures kept in the cache are told here.
    stations_changed.send(sender=PollingStation, using=DEFAULT_DB_ALIAS)
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


def load_unit_strengths(*, operation: Operation, agencies: dict[str, Agency]) -> None:
    for slug, personnel in PASAMAN_BARAT_POLSEK_STRENGTH.items():
        upsert(
            UnitStrength,
            lookup={"operation": operation, "unit": agencies[slug]},
            values={"personnel": personnel, "note": "Angka ilustrasi data demo."},
        )
