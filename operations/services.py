"""Writes for operations: requesting readiness reports (built by ``config.documents``)."""

from django.contrib.auth.models import User

from agencies.models import Agency
from config import documents

from .models import Operation, ReadinessReport


def request_readiness_report(
    *, operation: Operation, unit: Agency, user: User | None
) -> ReadinessReport:
    """Queue the unit's readiness report; a request still waiting is returned instead.

    Raises ``config.documents.DocumentQueueUnavailable`` (the row marked failed) when the
    broker is unreachable.
    """
    return documents.request_document(
        ReadinessReport, requested_by=user, operation=operation, unit=unit
    )
