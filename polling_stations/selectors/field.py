"""What every request of a field officer re-reads, kept in the cache until it changes.

A phone sends each report (or its queue) in a request of its own, thousands a second at
the national peak. Each would otherwise read the officer's field account, its operation's
elections, its group's TPS and the incident types again: four queries that change only
when someone edits the plotting, the groups, the accounts or the types. They are kept in
one cache entry per officer, stamped with a version that every such write replaces
(``forget_field_contexts``, on commit), so one cache round trip answers both "what is it"
and "is it still true".
"""

from dataclasses import dataclass
from typing import Any

from django.db import DEFAULT_DB_ALIAS

from config.versioned_cache import VersionedCache
from operations.models import Operation

from ..models import PollingStation
from ..models.election_day import FieldAccount, IncidentType

# What no write announces (a TPS moved to another village by a later import) is read
# again after ten minutes at most.
FIELD_CONTEXTS = VersionedCache("field-context", seconds=600)
VERSION_KEY = FIELD_CONTEXTS.version_key


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
    return FIELD_CONTEXTS.get(f"user:{user.pk}", lambda: _load(user))


def forget_field_contexts(using: str = DEFAULT_DB_ALIAS) -> None:
    """Every officer's field context is read again from the database at their next
    request, once the current transaction commits (at once outside one)."""
    FIELD_CONTEXTS.replace_on_commit(using=using)
