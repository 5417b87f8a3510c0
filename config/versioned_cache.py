"""Entries kept in the shared cache under a version that writes replace once they commit.

One cache round trip answers both "what is it" and "is it still true": an entry is stored
with the version it was read under and served only while that version lasts. The version
is read before the database, so an entry read while a write commits is stored under the
version that write replaces and is never served after it. A cache that does not answer is
passed over: the value is read from the database.
"""

import logging
import uuid
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, transaction

logger = logging.getLogger(__name__)

T = TypeVar("T")


def current_versions(keys: list[str], found: dict) -> list[str] | None:
    """The versions under ``keys`` (``found``: what one ``get_many`` answered), a new one
    set for each key that has none (first use, or evicted: no entry kept under a lost
    version can match the new one); None if the cache lost one again at once. Raises
    what the cache raises."""
    versions = []
    for key in keys:
        version = found.get(key)
        if version is None:
            cache.add(key, uuid.uuid4().hex, timeout=None)
            version = cache.get(key)
            if version is None:
                return None
        versions.append(version)
    return versions


class VersionedCache:
    def __init__(self, name: str, *, seconds: int):
        self.name = name
        self.version_key = f"{name}:version"
        # What no write announces is read again after this long at most.
        self.seconds = seconds

    def version(self) -> str | None:
        """The current version (a new one if it was lost or never set); None while the
        cache does not answer."""
        try:
            version = cache.get(self.version_key)
            if version is None:
                # Lost (evicted, cleared) or never set: a new one, so no older entry passes.
                cache.add(self.version_key, uuid.uuid4().hex, timeout=None)
                version = cache.get(self.version_key)
        except Exception:
            logger.warning("cache unreachable; %s read from the database", self.name)
            return None
        return version

    def get(self, key: str, read: Callable[[], T]) -> T:
        """``read()``, from the cache while the version it was stored under lasts."""
        key = f"{self.name}:{key}"
        try:
            found = cache.get_many([self.version_key, key])
        except Exception:
            logger.warning("cache unreachable; %s read from the database", key)
            return read()
        version = found.get(self.version_key)
        entry = found.get(key)
        if version is not None and entry is not None and entry[0] == version:
            return entry[1]
        version = version or self.version()
        value = read()
        if version is not None:
            try:
                cache.set(key, (version, value), self.seconds)
            except Exception:
                logger.warning("cache unreachable; %s not kept", key)
        return value

    def replace(self) -> None:
        """Every entry stored before is stale from now on."""
        try:
            cache.set(self.version_key, uuid.uuid4().hex, timeout=None)
        except Exception:
            # Nothing is served from an unreachable cache; should it come back holding the
            # entries of before, they expire within ``seconds``.
            logger.error(
                "cache unreachable: %s cached before may last %d s", self.name, self.seconds
            )

    def replace_on_commit(self, *, using: str = DEFAULT_DB_ALIAS) -> None:
        """``replace()`` once the current transaction commits (at once outside one). Every
        write asks again: a callback still pending in an enclosing transaction may never
        run for this one (a test's, or one rolled back to a savepoint)."""
        transaction.on_commit(self.replace, using=using)
