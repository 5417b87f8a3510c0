"""Each user's access kept in the shared cache between requests, dropped by every write it
depends on.

An ``Access`` is built from the user row (active, superuser), the user's memberships and
the units they name (path, kind, names). Two tokens stand beside the entries: one for every
membership and unit (any change to either may change anyone's access) and one per user. An
entry counts only while both tokens it was built under are current; every save or delete
of those rows replaces the tokens at once and again when its transaction commits, so an
entry built meanwhile from the writer's uncommitted rows never outlives the commit. While
the connection holds such uncommitted writes nothing is stored, so a rolled-back change
is never cached either.

The cache is an optimisation, never a dependency: when it cannot be reached the access is
built from the database, and entries expire after ``ACCESS_CACHE_SECONDS`` whatever
happens (a token change that could not reach the cache is late by that much at most).
``ACCESS_CACHE_SECONDS = 0`` (the default without a shared Redis cache) turns it off.
"""

import logging
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction

from config.versioned_cache import current_versions

logger = logging.getLogger(__name__)

ANY_USER = "access:any"


def _user_token_key(user_pk: int) -> str:
    return f"access:user:{user_pk}"


def _entry_key(user_pk: int) -> str:
    return f"access:entry:{user_pk}"


def read_through(user, *, build: Callable[[Any], Any]) -> Any:
    """The cached access of ``user`` if still current, else ``build(user)`` (cached)."""
    seconds = settings.ACCESS_CACHE_SECONDS
    if not seconds:
        return build(user)
    token_keys = [ANY_USER, _user_token_key(user.pk)]
    entry_key = _entry_key(user.pk)
    try:
        found = cache.get_many([*token_keys, entry_key])
        tokens = current_versions(token_keys, found)
    except Exception:
        logger.warning("access cache unreachable; reading access from the database")
        return build(user)
    entry = found.get(entry_key)
    if tokens is not None and entry is not None and entry[0] == tokens:
        return entry[1]
    access = build(user)
    if tokens is not None and not _uncommitted_changes():
        try:
            cache.set(entry_key, (tokens, access), timeout=seconds)
        except Exception:
            logger.warning("access cache unreachable; access not stored")
    return access


def _user_row_key(user_pk) -> str:
    return f"access:row:{user_pk}"


def read_user(user_pk, *, build: Callable[[Any], Any]) -> Any:
    """The user row of ``user_pk`` for a request, cached under the user's token, with the
    user's access attached when that is current too: one round trip to the cache instead
    of a query for the user and another round trip for the access. ``build(user_pk)``
    reads the row (``None``: no such user, or one who may not sign in; never cached)."""
    seconds = settings.ACCESS_CACHE_SECONDS
    if not seconds:
        return build(user_pk)
    token_keys = [ANY_USER, _user_token_key(user_pk)]
    row_key, entry_key = _user_row_key(user_pk), _entry_key(user_pk)
    try:
        found = cache.get_many([*token_keys, row_key, entry_key])
        tokens = current_versions(token_keys, found)
    except Exception:
        logger.warning("access cache unreachable; reading the user from the database")
        return build(user_pk)
    row = found.get(row_key)
    if tokens is not None and row is not None and row[0] == tokens[1]:
        user = row[1]
    else:
        user = build(user_pk)
        if user is None:
            return None
        if tokens is not None and not _uncommitted_changes():
            try:
                cache.set(row_key, (tokens[1], user), timeout=seconds)
            except Exception:
                logger.warning("access cache unreachable; user not stored")
    entry = found.get(entry_key)
    if tokens is not None and entry is not None and entry[0] == tokens:
        # What roles.access_for looks for first: the request asks the cache no more.
        user._sinergi_access = entry[1]
    return user


# --- Invalidation ---------------------------------------------------------------------


class _Renew:
    """Replaces a token; queued on commit, where it also marks the connection as holding
    uncommitted changes that access depends on."""

    def __init__(self, key: str) -> None:
        self.key = key

    def __call__(self) -> None:
        try:
            cache.set(self.key, uuid.uuid4().hex, timeout=None)
        except Exception:
            logger.warning("access cache unreachable; entries expire on their own")


def _uncommitted_changes() -> bool:
    pending = connection.run_on_commit
    return any(isinstance(callback, _Renew) for _sids, callback, _robust in pending)


def _renew(key: str) -> None:
    if not settings.ACCESS_CACHE_SECONDS:
        return
    renew = _Renew(key)
    renew()
    transaction.on_commit(renew)


def renew_for_everyone(**_signal) -> None:
    """A membership or a unit changed: every entry is rebuilt on its next use."""
    _renew(ANY_USER)


def renew_for_user(*, instance, **_signal) -> None:
    """A user row changed (active, superuser, password, names): that user's cached row and
    access are rebuilt."""
    _renew(_user_token_key(instance.pk))
