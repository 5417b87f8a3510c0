"""When a readiness report already asked for can answer a new request: same operation,
same unit, nothing it shows changed since.

Each request is remembered with the stamp of what the report reads
(``selectors.freshness``) and with the first moment time alone changes it. While the
stamp holds and that moment has not come, the same report (waiting, being built or
finished) answers; a failed one never does.
"""

import datetime
from dataclasses import dataclass

from django.core.cache import cache
from django.utils import timezone

from agencies.models import Agency

from .models import Operation, ReadinessReport
from .selectors.freshness import READINESS_INPUTS, Stamp, changes_by_itself_at, readiness_stamp


@dataclass(frozen=True)
class Asked:
    stamp: Stamp
    until: datetime.datetime
    report_pk: int


def _key(operation: Operation, unit: Agency) -> str:
    return f"readiness-report:{operation.pk}:{unit.pk}"


def reusable_report(*, operation: Operation, unit: Agency) -> ReadinessReport | None:
    """The report asked for earlier that shows exactly what a new one would, if any."""
    stamp = readiness_stamp(unit)
    if stamp is None:
        return None
    try:
        asked = cache.get(_key(operation, unit))
    except Exception:
        return None
    if not isinstance(asked, Asked) or asked.stamp != stamp or timezone.now() >= asked.until:
        return None
    return (
        ReadinessReport.objects.filter(pk=asked.report_pk, operation=operation, unit=unit)
        .exclude(status=ReadinessReport.Status.FAILED)
        .first()
    )


def current_stamp(*, unit: Agency) -> Stamp | None:
    return readiness_stamp(unit)


def remember(
    *, report: ReadinessReport, operation: Operation, unit: Agency, stamp: Stamp | None
) -> None:
    """Keeps ``report`` as the answer to requests that find ``stamp`` (read before the
    report was asked for, so a write committed meanwhile makes it stale)."""
    if stamp is None or report.status == ReadinessReport.Status.FAILED:
        return
    until = changes_by_itself_at(operation=operation, unit=unit)
    seconds = int((until - timezone.now()).total_seconds())
    try:
        cache.set(
            _key(operation, unit),
            Asked(stamp=stamp, until=until, report_pk=report.pk),
            max(1, min(READINESS_INPUTS.seconds, seconds)),
        )
    except Exception:
        return
