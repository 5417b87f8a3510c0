"""How long what a unit's readiness pages show stays true: the versions of what they read
and the first moment time alone changes it.

The dashboard and the readiness report show a unit's TPS and personnel figures (their
versions: ``figures.READINESS_FIGURES`` and those of the provinces of its area,
``areas``), its units and regions (the choice lists'
version, ``agencies.choice_lists``), and its meetings, decisions, follow-ups, risks,
officials, letterhead and operation phases (``READINESS_INPUTS``, replaced once any such
write commits), all on the unit's day. What they show changes with no write at all when
the unit's day ends or a meeting starts, ends or leaves a counting window.
"""

import datetime

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS
from django.db.models import Min, Q
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from agencies.choice_lists import CHOICE_LISTS
from agencies.letters.models import LetterRegister
from agencies.models import Agency, Membership, Official
from config.versioned_cache import VersionedCache
from meetings.models import ActionItem, Attendee, Decision, Invitation, Meeting, MeetingRisk

from ..models import Operation, OperationPhase
from . import areas
from .figures import READINESS_FIGURES
from .report import operation_tree, unit_today

# What the pages read besides the units and the TPS figures.
READINESS_INPUTS = VersionedCache("readiness-inputs", seconds=600)
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

Stamp = tuple[str, ...]


def readiness_stamp(unit: Agency) -> Stamp | None:
    """The versions of everything the unit's pages read; None while the cache does not
    answer."""
    kept = (CHOICE_LISTS, READINESS_FIGURES, READINESS_INPUTS)
    area_keys = areas.unit_area_keys(unit)
    try:
        # One round trip for all; a lost one is set anew.
        found = cache.get_many([versioned.version_key for versioned in kept] + area_keys)
    except Exception:
        return None
    versions = [found.get(versioned.version_key) or versioned.version() for versioned in kept]
    if any(version is None for version in versions):
        return None
    area_versions = areas.versions(area_keys, found)
    if area_versions is None:
        return None
    return (*versions, *area_versions)  # type: ignore[arg-type]


def changes_by_itself_at(
    *, operation: Operation, unit: Agency, windows_days: tuple[int, ...] = ()
) -> datetime.datetime:
    """The first moment the unit's pages would read differently with no write: its next
    midnight, a meeting of the operation in its area that starts or ends, or one leaving
    the lights' window (``operation.light_meeting_days``) or one of ``windows_days``."""
    now = timezone.now()
    tomorrow = unit_today(unit) + datetime.timedelta(days=1)
    # The unit's day (its dates, overdue follow-ups) and the server's (which election
    # is the next, ``operation_election``).
    moments: list[datetime.datetime] = [
        datetime.datetime.combine(tomorrow, datetime.time(), tzinfo=unit.tzinfo),
        datetime.datetime.combine(
            timezone.localdate() + datetime.timedelta(days=1),
            datetime.time(),
            tzinfo=timezone.get_current_timezone(),
        ),
    ]
    windows = sorted({operation.light_meeting_days, *windows_days})
    found = Meeting.objects.filter(
        operation_id__in=operation_tree(operation), host__path__startswith=unit.path
    ).aggregate(
        starts=Min("starts_at", filter=Q(starts_at__gt=now)),
        ends=Min("ends_at", filter=Q(ends_at__gt=now)),
        **{
            f"leaves_{days}": Min(
                "starts_at", filter=Q(starts_at__gt=now - datetime.timedelta(days=days))
            )
            for days in windows
        },
    )
    moments += [found["starts"], found["ends"]]
    moments += [
        found[f"leaves_{days}"] + datetime.timedelta(days=days)
        for days in windows
        if found[f"leaves_{days}"] is not None
    ]
    return min(moment for moment in moments if moment is not None)


def forget_readiness_inputs(using: str = DEFAULT_DB_ALIAS) -> None:
    """Nothing kept under the current stamp is served once the transaction commits."""
    READINESS_INPUTS.replace_on_commit(using=using)


def _forget(sender: object, using: str = DEFAULT_DB_ALIAS, **kwargs: object) -> None:
    forget_readiness_inputs(using=using)


def connect() -> None:
    for model in INPUT_MODELS:
        label = model._meta.label_lower
        post_save.connect(_forget, sender=model, dispatch_uid=f"readiness-inputs-save-{label}")
        post_delete.connect(_forget, sender=model, dispatch_uid=f"readiness-inputs-delete-{label}")
