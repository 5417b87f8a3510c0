"""When a readiness report already asked for can answer a new request: same operation,
same unit, nothing it shows changed since.

A report shows the unit's TPS and personnel figures, its meetings, decisions, follow-ups
and risks, its commander and letterhead, on the unit's day. Each request is remembered
with the versions of what it reads (the choice lists' for units and regions, the
dashboard figures', and this module's for the rest, which every such write replaces once
it commits) and with the first moment time alone changes the report: the unit's next
midnight, or a meeting that starts, ends or leaves the lights' window. While the versions
hold and that moment has not come, the same report (waiting, being built or finished)
answers; a failed one never does.
"""

import datetime
from dataclasses import dataclass

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS
from django.db.models import Min, Q
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from agencies.choice_lists import current_version
from agencies.letters.models import LetterRegister
from agencies.models import Agency, Membership, Official
from config.versioned_cache import VersionedCache
from meetings.models import ActionItem, Attendee, Decision, Invitation, Meeting, MeetingRisk

from .models import Operation, OperationPhase, ReadinessReport
from .selectors import operation_tree, unit_today
from .selectors.figures import READINESS_FIGURES

# What the report reads besides the units and the dashboard figures.
REPORT_INPUTS = VersionedCache("readiness-report-inputs", seconds=600)
INPUT_MODELS = (
    Meeting,
    Invitation,
    Attendee,
    Decision,
    ActionItem,
    MeetingRisk,
    Official,
    Membership,
    LetterRegister,
    OperationPhase,
)


@dataclass(frozen=True)
class Asked:
    stamp: tuple[str, str, str]
    until: datetime.datetime
    report_pk: int


def _key(operation: Operation, unit: Agency) -> str:
    return f"readiness-report:{operation.pk}:{unit.pk}"


def _stamp() -> tuple[str, str, str] | None:
    versions = (current_version(), READINESS_FIGURES.version(), REPORT_INPUTS.version())
    if any(version is None for version in versions):
        return None
    return versions  # type: ignore[return-value]


def _changes_by_itself_at(*, operation: Operation, unit: Agency) -> datetime.datetime:
    """The first moment the report would read differently with no write at all."""
    now = timezone.now()
    tomorrow = unit_today(unit) + datetime.timedelta(days=1)
    midnight = datetime.datetime.combine(tomorrow, datetime.time(), tzinfo=unit.tzinfo)
    window = datetime.timedelta(days=operation.light_meeting_days)
    moments = Meeting.objects.filter(
        operation_id__in=operation_tree(operation), host__path__startswith=unit.path
    ).aggregate(
        starts=Min("starts_at", filter=Q(starts_at__gt=now)),
        ends=Min("ends_at", filter=Q(ends_at__gt=now)),
        leaves=Min("starts_at", filter=Q(starts_at__gt=now - window)),
    )
    candidates = [midnight, moments["starts"], moments["ends"]]
    if moments["leaves"] is not None:
        candidates.append(moments["leaves"] + window)
    return min(moment for moment in candidates if moment is not None)


def reusable_report(*, operation: Operation, unit: Agency) -> ReadinessReport | None:
    """The report asked for earlier that shows exactly what a new one would, if any."""
    stamp = _stamp()
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


def remember(
    *,
    report: ReadinessReport,
    operation: Operation,
    unit: Agency,
    stamp: tuple[str, str, str] | None,
) -> None:
    """Keeps ``report`` as the answer to requests that find ``stamp`` (read before the
    report was asked for, so a write committed meanwhile makes it stale)."""
    if stamp is None or report.status == ReadinessReport.Status.FAILED:
        return
    until = _changes_by_itself_at(operation=operation, unit=unit)
    seconds = max(1, min(REPORT_INPUTS.seconds, int((until - timezone.now()).total_seconds())))
    try:
        cache.set(
            _key(operation, unit),
            Asked(stamp=stamp, until=until, report_pk=report.pk),
            seconds,
        )
    except Exception:
        return


def current_stamp() -> tuple[str, str, str] | None:
    return _stamp()


def forget_report_inputs(using: str = DEFAULT_DB_ALIAS) -> None:
    """No report asked for before is reused once the current transaction commits."""
    REPORT_INPUTS.replace_on_commit(using=using)


def _forget(sender: object, using: str = DEFAULT_DB_ALIAS, **kwargs: object) -> None:
    forget_report_inputs(using=using)


def connect() -> None:
    for model in INPUT_MODELS:
        label = model._meta.label_lower
        post_save.connect(_forget, sender=model, dispatch_uid=f"report-inputs-save-{label}")
        post_delete.connect(_forget, sender=model, dispatch_uid=f"report-inputs-delete-{label}")
