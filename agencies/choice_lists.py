"""The choice lists pages keep in the cache (regions, units, indicators) and their version.

Every write that changes such a list replaces the version once it commits, so an entry
stored under an older version is never served again. Writes that send no model signals
(the regions' bulk import) replace it themselves.
"""

import logging
import uuid

from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)

VERSION_KEY = "choice-lists:version"


def current_version() -> str | None:
    """The version to store and look up choice lists under; None while the cache does
    not answer (the lists are then read from the database)."""
    try:
        version = cache.get(VERSION_KEY)
        if version is None:
            # Lost (evicted, cleared) or never set: a new one, so no older entry passes.
            cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
            version = cache.get(VERSION_KEY)
    except Exception:
        logger.warning("cache unreachable; choice lists read from the database")
        return None
    return version


def _replace() -> None:
    try:
        cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:
        logger.error("cache unreachable: choice lists cached before may last until they expire")


def replace_version(*, using: str = "default") -> None:
    """Makes every cached choice list stale once the current transaction commits."""
    transaction.on_commit(_replace, using=using)


LIST_SECONDS = 600


def cached_list(name: str, read):
    """``read()``, kept in the cache with the version it was read under and served while
    that version lasts; one cache round trip when it is there. The version is read
    before the database: a list read while a write commits is stored under the version
    that write replaces, so it is never served after it."""
    key = f"choice-lists:{name}"
    try:
        found = cache.get_many([VERSION_KEY, key])
    except Exception:
        logger.warning("cache unreachable; choice list %s read from the database", name)
        return read()
    version = found.get(VERSION_KEY)
    entry = found.get(key)
    if version is not None and entry is not None and entry[0] == version:
        return entry[1]
    version = version or current_version()
    value = read()
    if version is not None:
        try:
            cache.set(key, (version, value), LIST_SECONDS)
        except Exception:
            logger.warning("cache unreachable; choice list %s not kept", name)
    return value
