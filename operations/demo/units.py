"""Loads the demo police units (the Polda Sumbar tree), partner agencies and officials."""

import csv
import re
from collections.abc import Iterable

from django.utils.text import slugify

from agencies.models import Agency, Official, Region

from .common import (
    PASAMAN_BARAT,
    UNITS_CSV,
    Kind,
    Level,
    upsert,
)
from .data.agencies import (
    PASAMAN_BARAT_POLSEK_KECAMATAN,
    AgencySpec,
)
from .data.officials import OFFICIALS

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


def sumbar_unit_specs() -> list[AgencySpec]:
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


def load_agencies(specs: list[AgencySpec]) -> dict[str, Agency]:
    existing = {agency.slug: agency for agency in Agency.objects.all()}
    agencies: dict[str, Agency] = {}
    for spec in specs:
        agency = upsert(
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


def load_officials(agencies: dict[str, Agency]) -> dict[str, Official]:
    officials = {}
    for spec in OFFICIALS:
        officials[spec.key] = upsert(
            Official,
            lookup={"agency": agencies[spec.agency], "name": spec.name, "position": spec.position},
            values={"rank": spec.rank},
        )
    return officials
