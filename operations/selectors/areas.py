"""Versions of the readiness figures per province: a TPS write makes stale only the pages
of the units whose area holds it.

A unit's dashboard and report count the TPS of its area (region codes, see
``polling_stations.models.area_q``), so a TPS can only change the pages of units whose
area holds its province. Each province has a version, replaced by every write to one of
its TPS, and so has the whole country (``NATIONAL``): a unit reads the versions of the
provinces of its area, a national unit (or one spread over many provinces) the country's.
Writes that cannot say where they fall replace ``figures.READINESS_FIGURES`` instead,
which every unit reads.
"""

import logging
import uuid
from collections.abc import Iterable

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, transaction

from agencies.models import Agency
from config.versioned_cache import current_versions
from polling_stations.models.tps import area_codes

logger = logging.getLogger(__name__)

NATIONAL = "ri"
# Past this many provinces a unit reads the country's version rather than each one's.
MANY_PROVINCES = 3


def province_of(region_code: str) -> str:
    """As ``Region.province_code``, from a code alone."""
    return region_code[:2]


def version_key(area: str) -> str:
    return f"readiness-area:{area}:version"


def unit_areas(unit: Agency) -> list[str]:
    """The areas whose versions the unit's pages are kept under."""
    if unit.level == Agency.Level.NATIONAL or unit.kind == Agency.Kind.MABES_POLRI:
        return [NATIONAL]
    provinces = sorted({province_of(code) for code in area_codes([unit])})
    return [NATIONAL] if len(provinces) > MANY_PROVINCES else provinces


def unit_area_keys(unit: Agency) -> list[str]:
    return [version_key(area) for area in unit_areas(unit)]


def versions(keys: list[str], found: dict) -> list[str] | None:
    """The versions under ``keys`` (``found``: what one ``get_many`` answered), new ones
    set for those lost or never set; None while the cache does not answer."""
    try:
        values = current_versions(keys, found)
    except Exception:
        logger.warning("cache unreachable; readiness areas read from the database")
        return None
    return values


def area_versions(unit: Agency) -> str | None:
    """The unit's areas' versions as one string; None while the cache does not answer."""
    keys = unit_area_keys(unit)
    try:
        found = cache.get_many(keys)
    except Exception:
        return None
    values = versions(keys, found)
    return None if values is None else ",".join(values)


def replace_areas(provinces: Iterable[str]) -> None:
    """Pages kept for units whose area holds one of ``provinces`` are stale from now on,
    and so are the national ones."""
    areas = {*provinces, NATIONAL}
    try:
        cache.set_many({version_key(area): uuid.uuid4().hex for area in areas}, timeout=None)
    except Exception:
        logger.error("cache unreachable: readiness pages of %s may last 10 minutes", areas)


def replace_areas_on_commit(provinces: Iterable[str], *, using: str = DEFAULT_DB_ALIAS) -> None:
    provinces = frozenset(provinces)
    transaction.on_commit(lambda: replace_areas(provinces), using=using)
