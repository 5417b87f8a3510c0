"""The choice lists pages keep in the cache (regions, units, indicators) and their version.

Every write that changes such a list replaces the version once it commits, so an entry
stored under an older version is never served again. Writes that send no model signals
(the regions' bulk import) replace it themselves.
"""

from collections.abc import Callable
from typing import TypeVar

from config.versioned_cache import VersionedCache

T = TypeVar("T")

CHOICE_LISTS = VersionedCache("choice-lists", seconds=600)
VERSION_KEY = CHOICE_LISTS.version_key


def current_version() -> str | None:
    """The version choice lists are stored and looked up under; None while the cache
    does not answer (the lists are then read from the database)."""
    return CHOICE_LISTS.version()


def replace_version(*, using: str = "default") -> None:
    """Makes every cached choice list stale once the current transaction commits."""
    CHOICE_LISTS.replace_on_commit(using=using)


def cached_list(name: str, read: Callable[[], T]) -> T:
    """``read()``, kept in the cache while no write has replaced the version."""
    return CHOICE_LISTS.get(name, read)
