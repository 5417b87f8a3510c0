"""The version of the choice lists pages keep in the cache (regions, units, indicators).

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
