"""Writes for operations: requesting readiness reports (built by ``config.documents``)."""

from django.contrib.auth.models import User

from agencies.models import Agency
from config import documents

from . import report_reuse
from .models import Operation, ReadinessReport


def request_readiness_report(
    *, operation: Operation, unit: Agency, user: User | None
) -> ReadinessReport:
    """Queue the unit's readiness report. A report asked for earlier that would show
    exactly the same (waiting, being built or finished, see ``report_reuse``) is returned
    instead, as is a request still waiting.

    Raises ``config.documents.DocumentQueueUnavailable`` (the row marked failed) when the
    broker is unreachable.
    """
    earlier = report_reuse.reusable_report(operation=operation, unit=unit)
    if earlier is not None:
        return earlier
    # Read before the request: a write committed from here on makes the report stale.
    stamp = report_reuse.current_stamp(unit=unit)
    report = documents.request_document(
        ReadinessReport, requested_by=user, operation=operation, unit=unit
    )
    report_reuse.remember(report=report, operation=operation, unit=unit, stamp=stamp)
    return report
