"""The change history of a meeting and everything hanging off it, readable by people.

simple-history keeps a full copy of a row per change. When a copy is stored, this module
compares it with the row's previous copy once and keeps the difference as a
``MeetingChange`` (field names and language-neutral values); the page reads a page of
those and labels them in the reader's language. ``change_values`` is the same work for
the data migration that filled in the changes made before they were stored.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.core.paginator import Page, Paginator
from django.db import models
from django.template.defaultfilters import truncatechars
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from agencies.templatetags.sinergi import local_date, local_datetime

from .models import (
    ActionItem,
    AgendaItem,
    Attendee,
    Decision,
    Invitation,
    Meeting,
    MeetingChange,
    MeetingRisk,
)

CHANGES_PER_PAGE = 20

# Bookkeeping fields whose change says nothing to a reader.
_SKIPPED = {
    "id",
    "meeting",
    "version",
    "page_revision",
    "created_at",
    "updated_at",
    "created_by",
    "responded_at",
}

# The tracked models by the subject their changes carry, and how each finds its meeting.
TRACKED: dict[str, tuple[type[models.Model], str]] = {
    MeetingChange.Subject.MEETING: (Meeting, "id"),
    MeetingChange.Subject.INVITATION: (Invitation, "meeting_id"),
    MeetingChange.Subject.ATTENDEE: (Attendee, "meeting_id"),
    MeetingChange.Subject.AGENDA_ITEM: (AgendaItem, "meeting_id"),
    MeetingChange.Subject.DECISION: (Decision, "meeting_id"),
    MeetingChange.Subject.ACTION_ITEM: (ActionItem, "meeting_id"),
    MeetingChange.Subject.RISK: (MeetingRisk, "meeting_id"),
}
_SUBJECT_OF = {model: subject for subject, (model, _key) in TRACKED.items()}

# How a row another row points to is named in the history: its model's label and the
# columns that make up its name, read with values_list so that the data migration can
# use the same table on its historical models.
_NAME_COLUMNS: dict[str, tuple[str, ...]] = {
    "agencies.agency": ("short_name",),
    "agencies.official": ("rank", "name"),
    "auth.user": ("username",),
    "operations.operation": ("name",),
    "meetings.agendaitem": ("title",),
    "meetings.decision": ("text",),
}


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: datetime.datetime
    who: str
    subject: str
    action: str
    changes: list[FieldChange] = field(default_factory=list)
    reason: str = ""


# --- Worked out once, when a change is made ------------------------------------------


def tracked_fields(model: type[models.Model]) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if f.name not in _SKIPPED]


def _stored(f: models.Field, value: Any, names: dict[str, dict[Any, str]]) -> Any:
    """A value as the change keeps it: JSON, independent of the reader's language."""
    if value is None or value == "":
        return None
    if f.is_relation:
        return names.get(f.related_model._meta.label_lower, {}).get(value)
    if isinstance(value, bool) or f.choices:
        return value
    if isinstance(value, datetime.date):  # datetimes included
        return value.isoformat()
    return truncatechars(str(value), 120)


def _name_lookups(
    wanted: dict[str, set], get_model: Callable[[str], type[models.Model]]
) -> dict[str, dict[Any, str]]:
    """One query per related model for the rows the changes point to."""
    names: dict[str, dict[Any, str]] = {}
    for label, ids in wanted.items():
        ids.discard(None)
        columns = _NAME_COLUMNS.get(label)
        if not ids or not columns:
            names[label] = {}
            continue
        rows = get_model(label)._default_manager.filter(pk__in=ids).values_list("pk", *columns)
        names[label] = {
            pk: truncatechars(" ".join(str(part) for part in parts if part), 60)
            for pk, *parts in rows
        }
    return names


def _subject_name(subject: str, record: Any, names: dict[str, dict[Any, str]]) -> str:
    if subject == MeetingChange.Subject.INVITATION:
        return names.get("agencies.agency", {}).get(record.agency_id, "?")
    if subject == MeetingChange.Subject.ATTENDEE:
        official = names.get("agencies.official", {}).get(record.official_id)
        return official or f"{record.rank} {record.name}".strip()
    text = {
        MeetingChange.Subject.AGENDA_ITEM: "title",
        MeetingChange.Subject.DECISION: "text",
        MeetingChange.Subject.ACTION_ITEM: "text",
        MeetingChange.Subject.RISK: "description",
    }.get(subject)
    return truncatechars(getattr(record, text), 60) if text else ""


def change_values(
    *,
    subject: str,
    record: Any,
    previous: Any | None,
    get_model: Callable[[str], type[models.Model]],
) -> dict[str, Any] | None:
    """The ``MeetingChange`` fields for one simple-history copy, compared with the row's
    previous copy; None for a save that changed nothing a reader cares about."""
    model, key = TRACKED[subject]
    fields = tracked_fields(model)
    changed = []
    if record.history_type == "~" and previous is not None:
        changed = [f for f in fields if getattr(previous, f.attname) != getattr(record, f.attname)]
        if not changed and not record.history_change_reason:
            return None
    wanted: dict[str, set] = {}
    for f in changed:
        if f.is_relation:
            wanted.setdefault(f.related_model._meta.label_lower, set()).update(
                {getattr(previous, f.attname), getattr(record, f.attname)}
            )
    if subject in (MeetingChange.Subject.INVITATION, MeetingChange.Subject.ATTENDEE):
        wanted.setdefault("agencies.agency", set()).add(getattr(record, "agency_id", None))
        wanted.setdefault("agencies.official", set()).add(getattr(record, "official_id", None))
    names = _name_lookups(wanted, get_model)
    return {
        "meeting_id": getattr(record, key),
        "subject": subject,
        "subject_name": _subject_name(subject, record, names)[:200],
        "history_id": record.history_id,
        "changed_at": record.history_date,
        "user_id": record.history_user_id,
        "action": record.history_type,
        "fields": [
            {
                "field": f.name,
                "old": _stored(f, getattr(previous, f.attname), names),
                "new": _stored(f, getattr(record, f.attname), names),
            }
            for f in changed
        ],
        "reason": record.history_change_reason or "",
    }


def _live_model(label: str) -> type[models.Model]:
    from django.apps import apps

    return apps.get_model(label)


def record_change(*, instance: models.Model, history_instance: Any) -> MeetingChange | None:
    """Stores the change simple-history just copied, if ``instance`` is a tracked row."""
    subject = _SUBJECT_OF.get(type(instance))
    if subject is None:
        return None
    previous = (
        type(history_instance)
        .objects.filter(id=history_instance.id, history_id__lt=history_instance.history_id)
        .order_by("-history_id")
        .first()
    )
    values = change_values(
        subject=subject, record=history_instance, previous=previous, get_model=_live_model
    )
    if values is None:
        return None
    return MeetingChange.objects.create(**values)


# --- Read a page at a time -----------------------------------------------------------


def _who(user: User | None) -> str:
    if user is None:
        return _("sistem")
    full_name = user.get_full_name()
    return f"{full_name} ({user.get_username()})" if full_name else user.get_username()


def _subject(change: MeetingChange) -> str:
    name = change.subject_name
    match change.subject:
        case MeetingChange.Subject.MEETING:
            return pgettext("satu rapat", "Rapat")
        case MeetingChange.Subject.INVITATION:
            return _("Undangan %(agency)s") % {"agency": name}
        case MeetingChange.Subject.ATTENDEE:
            return _("Peserta hadir %(name)s") % {"name": name}
        case MeetingChange.Subject.AGENDA_ITEM:
            return _("Acara “%(title)s”") % {"title": name}
        case MeetingChange.Subject.DECISION:
            return _("Keputusan “%(text)s”") % {"text": name}
        case MeetingChange.Subject.RISK:
            return _("Risiko “%(text)s”") % {"text": name}
    return _("Tindak lanjut “%(text)s”") % {"text": name}


def _shown(f: models.Field | None, value: Any, *, meeting: Meeting) -> str:
    if value is None or value == "":
        return "—"
    if f is None:
        return str(value)
    if f.is_relation:
        return str(value)
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("ya") if value else _("tidak")
    if isinstance(f, models.DateTimeField):
        moment = parse_datetime(value)
        return local_datetime(moment, meeting) if moment else str(value)
    if isinstance(f, models.DateField):
        day = parse_date(value)
        if day is None:
            return str(value)
        noon = datetime.datetime.combine(day, datetime.time(12), tzinfo=meeting.tzinfo)
        return local_date(noon, meeting)
    return str(value)


def _entry(change: MeetingChange, *, meeting: Meeting) -> HistoryEntry:
    model = TRACKED[change.subject][0]
    fields = {f.name: f for f in tracked_fields(model)}
    changes = []
    for row in change.fields:
        f = fields.get(row["field"])
        changes.append(
            FieldChange(
                label=str(f.verbose_name) if f else row["field"],
                old=_shown(f, row["old"], meeting=meeting),
                new=_shown(f, row["new"], meeting=meeting),
            )
        )
    return HistoryEntry(
        when=change.changed_at,
        who=_who(change.user),
        subject=_subject(change),
        action=change.get_action_display(),
        changes=changes,
        reason=change.reason,
    )


def _changes(meeting: Meeting) -> models.QuerySet[MeetingChange]:
    return (
        MeetingChange.objects.filter(meeting=meeting)
        .select_related("user")
        .only(
            *(f.name for f in MeetingChange._meta.concrete_fields),
            "user__username",
            "user__first_name",
            "user__last_name",
        )
        .order_by("-changed_at", "-id")
    )


def entries(changes: Iterable[MeetingChange], *, meeting: Meeting) -> list[HistoryEntry]:
    return [_entry(change, meeting=meeting) for change in changes]


def history_page(*, meeting: Meeting, number: str | int | None) -> Page:
    """One page of the meeting's changes, newest first, as ``HistoryEntry`` rows."""
    page = Paginator(_changes(meeting), CHANGES_PER_PAGE).get_page(number)
    page.object_list = entries(page.object_list, meeting=meeting)
    return page


def meeting_history(
    *, meeting: Meeting, after: datetime.datetime | None = None, limit: int = 200
) -> list[HistoryEntry]:
    """Newest first; ``after`` keeps only changes made after that moment."""
    changes = _changes(meeting)
    if after is not None:
        changes = changes.filter(changed_at__gt=after)
    return entries(changes[:limit], meeting=meeting)


def changes_since_version(*, meeting: Meeting, version: int) -> list[HistoryEntry]:
    """What others changed after an editor loaded ``version`` of the meeting."""
    start = (
        Meeting.history.filter(id=meeting.pk, version=version)
        .order_by("-history_date")
        .values_list("history_date", flat=True)
        .first()
    )
    return meeting_history(meeting=meeting, after=start)


def cancellation_reason(*, meeting: Meeting) -> str:
    if not meeting.is_cancelled:
        return ""
    record = (
        Meeting.history.filter(id=meeting.pk, status=Meeting.Status.CANCELLED)
        .exclude(history_change_reason=None)
        .order_by("-history_date")
        .first()
    )
    return record.history_change_reason if record else ""
