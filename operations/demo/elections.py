"""Loads the demo elections with their stages and the operations that secure them."""

import datetime

from agencies.models import Agency

from ..models import Election, ElectionStage, Operation, OperationPhase
from .common import upsert
from .data.elections import ELECTIONS, OPERATIONS


def load_elections() -> dict[str, Election]:
    elections = {}
    for slug, spec in ELECTIONS.items():
        election = upsert(
            Election,
            lookup={"slug": slug},
            values={"name": spec["name"], "kind": spec["kind"], "voting_day": spec["voting_day"]},
        )
        for name, starts_on, ends_on in spec["stages"]:
            upsert(
                ElectionStage,
                lookup={"election": election, "name": name},
                values={"starts_on": starts_on, "ends_on": ends_on},
            )
        elections[slug] = election
    return elections


def load_operations(
    *, agencies: dict[str, Agency], elections: dict[str, Election]
) -> dict[str, Operation]:
    operations: dict[str, Operation] = {}
    for spec in OPERATIONS:
        operation = upsert(
            Operation,
            lookup={"slug": spec.slug},
            values={
                "name": spec.name,
                "kind": spec.kind,
                "parent": operations[spec.parent] if spec.parent else None,
                "commanding_unit": agencies[spec.commanding_unit],
                "starts_on": spec.starts_on,
                "ends_on": spec.ends_on,
                "personnel_strength": spec.personnel_strength,
                "description": spec.description,
            },
        )
        operation.elections.set([elections[slug] for slug in spec.elections])
        # The reports give the execution period only; it is the operation's span.
        upsert(
            OperationPhase,
            lookup={"operation": operation, "kind": OperationPhase.Kind.EXECUTION},
            values={"starts_on": spec.starts_on, "ends_on": spec.ends_on},
        )
        if spec.pre_operation_from:
            upsert(
                OperationPhase,
                lookup={"operation": operation, "kind": OperationPhase.Kind.PRE},
                values={
                    "starts_on": spec.pre_operation_from,
                    "ends_on": spec.starts_on - datetime.timedelta(days=1),
                },
            )
        operations[spec.slug] = operation
    return operations
