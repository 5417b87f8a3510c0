"""What every request of a field officer re-reads, kept in the cache until it changes.

A phone sends each report (or its queue) in a request of its own, thousands a second at
the national peak. Each would otherwise read the officer's field account, its operation's
elections, its group's TPS and the incident types again: four queries that change only
when someone edits the plotting, the groups, the accounts or the types. They are kept in
one cache entry per officer, stamped with a version that every such write replaces
(``forget_field_contexts``, on commit), so one cache round trip answers both "what is it"
and "is it still true".
"""

import logging
import uuid
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, transaction

from operations.models import Operation

from ..models import PollingStation
from ..models.election_day import FieldAccount, IncidentType

logger = logging.getLogger(__name__)

VERSION_KEY = "field-context:version"
# What no write announces (a TPS moved to another village by a later import) is read
# again after this long at most.
CONTEXT_SECONDS = 600


@dataclass(frozen=True)
class FieldContext:
    """A field officer's account (with its group, operation and Polsek), the TPS the
    group reports on, by id, and the active incident types, by id."""

    account: FieldAccount
    stations: dict[int, PollingStation]
    incident_types: dict[int, IncidentType]

    @property
    def operation(self) -> Operation:
        return self.account.group.operation


def _key(user_pk: int) -> str:
    return f"field-context:user:{user_pk}"


def _load(user: Any) -> FieldContext | None:
    account = (
        FieldAccount.objects.filter(user=user)
        .select_related("group__operation", "group__polsek")
        .first()
    )
    if account is None:
        return None
    operation = account.group.operation
    # The ingestion checks each TPS against these; read once here, not once per request.
    operation._election_ids = set(  # type: ignore[attr-defined]
        operation.elections.values_list("pk", flat=True)
    )
    stations = PollingStation.objects.filter(plottingassignment__group=account.group_id)
    return FieldContext(
        account=account,
        stations={station.pk: station for station in stations.order_by("pk")},
        incident_types={kind.pk: kind for kind in IncidentType.objects.filter(is_active=True)},
    )


def field_context(*, user: Any) -> FieldContext | None:
    """The officer's field context, or None for a user without a field account: from the
    cache when no write has replaced its version since, else read and kept. Read from the
    database alone while the cache does not answer: phones keep reporting through a Redis
    outage."""
    key = _key(user.pk)
    try:
        found = cache.get_many([VERSION_KEY, key])
        version = found.get(VERSION_KEY)
        if version is None:
            # Lost (evicted, cleared) or never set: a new one, so no older entry passes.
            cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
            version = cache.get(VERSION_KEY)
    except Exception:
        logger.warning("cache unreachable; field context read from the database")
        return _load(user)
    entry = found.get(key)
    if entry is not None and entry[0] == version:
        return entry[1]
    # The version is read before the database: an entry read before a write commits is
    # stored under the version that write replaces, so it is never served after it.
    context = _load(user)
    try:
        cache.set(key, (version, context), CONTEXT_SECONDS)
    except Exception:
        logger.warning("cache unreachable; field context not kept")
    return context


def _replace_version() -> None:
    try:
        cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:
        # Nothing is served from an unreachable cache; should it come back holding the
        # entries of before, they expire within CONTEXT_SECONDS.
        logger.error(
            "cache unreachable: field contexts cached before may last %d s", CONTEXT_SECONDS
        )


def forget_field_contexts(using: str = DEFAULT_DB_ALIAS) -> None:
    """Every officer's field context is read again from the database at their next
    request, once the current transaction commits (at once outside one). Once per
    transaction, however many rows it changes (replotting a Polda deletes thousands of
    groups)."""
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        _replace_version()
        return
    if any(entry[1] is _replace_version for entry in connection.run_on_commit):
        return
    transaction.on_commit(_replace_version, using=using)
