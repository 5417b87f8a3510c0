"""The change history of a meeting and everything hanging off it, readable by people.

simple-history keeps a full copy of a row per change; this module turns consecutive
copies into "who, when, which field from what to what", labelled in Bahasa
Indonesia, with a fixed number of queries however long the history is.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import models
from django.template.defaultfilters import truncatechars
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from agencies.models import Agency, Official
from agencies.templatetags.sinergi import local_date, local_datetime

from .models import ActionItem, AgendaItem, Attendee, Decision, Invitation, Meeting, MeetingRisk

# Bookkeeping fields whose change says nothing to a reader.
_SKIPPED = {"id", "meeting", "version", "created_at", "updated_at", "created_by", "responded_at"}

_TRACKED: list[tuple[type[models.Model], str]] = [
    (Meeting, "id"),
    (Invitation, "meeting_id"),
    (Attendee, "meeting_id"),
    (AgendaItem, "meeting_id"),
    (Decision, "meeting_id"),
    (ActionItem, "meeting_id"),
    (MeetingRisk, "meeting_id"),
]

_ACTIONS = {
    "+": gettext_lazy("dibuat"),
    "~": gettext_lazy("diubah"),
    "-": gettext_lazy("dihapus"),
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


def _fields(model) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if f.name not in _SKIPPED]


def _related_lookup(records_by_model) -> dict[type[models.Model], dict]:
    """One query per related model for every foreign key value the history mentions."""
    wanted: dict[type[models.Model], set] = {}
    for model, records in records_by_model.items():
        for f in _fields(model):
            if f.is_relation:
                ids = {getattr(r, f.attname) for r in records} - {None}
                wanted.setdefault(f.related_model, set()).update(ids)
    lookups = {}
    for related, ids in wanted.items():
        if not ids:
            lookups[related] = {}
            continue
        queryset = related.objects.filter(pk__in=ids)
        if related is Official:
            queryset = queryset.only("pk", "name", "rank")
        lookups[related] = {obj.pk: obj for obj in queryset}
    return lookups


def _display(f: models.Field, value, *, meeting: Meeting, lookups) -> str:
    if value is None or value == "":
        return "—"
    if f.is_relation:
        obj = lookups.get(f.related_model, {}).get(value)
        if obj is None:
            return _("(sudah dihapus)")
        if isinstance(obj, Official):
            return obj.display_name
        if isinstance(obj, Agency):
            return obj.short_name
        if isinstance(obj, get_user_model()):
            return obj.get_username()
        return truncatechars(str(obj), 60)
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("ya") if value else _("tidak")
    if isinstance(value, datetime.datetime):
        return local_datetime(value, meeting)
    if isinstance(value, datetime.date):
        return local_date(
            datetime.datetime.combine(value, datetime.time(12), tzinfo=meeting.tzinfo), meeting
        )
    return truncatechars(str(value), 120)


def _who(user) -> str:
    if user is None:
        return _("sistem")
    full_name = user.get_full_name()
    return f"{full_name} ({user.get_username()})" if full_name else user.get_username()


def _subject(model, record, *, lookups) -> str:
    if model is Meeting:
        return pgettext("satu rapat", "Rapat")
    if model is Invitation:
        agency = lookups.get(Agency, {}).get(record.agency_id)
        return _("Undangan %(agency)s") % {"agency": agency.short_name if agency else "?"}
    if model is Attendee:
        official = lookups.get(Official, {}).get(record.official_id)
        name = official.display_name if official else f"{record.rank} {record.name}".strip()
        return _("Peserta hadir %(name)s") % {"name": name}
    if model is AgendaItem:
        return _("Acara “%(title)s”") % {"title": truncatechars(record.title, 60)}
    if model is Decision:
        return _("Keputusan “%(text)s”") % {"text": truncatechars(record.text, 60)}
    if model is MeetingRisk:
        return _("Risiko “%(text)s”") % {"text": truncatechars(record.description, 60)}
    return _("Tindak lanjut “%(text)s”") % {"text": truncatechars(record.text, 60)}


def meeting_history(
    *, meeting: Meeting, after: datetime.datetime | None = None, limit: int = 200
) -> list[HistoryEntry]:
    """Newest first; ``after`` keeps only changes made after that moment."""
    records_by_model = {}
    for model, key in _TRACKED:
        queryset = (
            model.history.filter(**{key: meeting.pk})
            .select_related("history_user")
            .order_by("id", "history_date", "history_id")
        )
        records_by_model[model] = list(queryset)
    lookups = _related_lookup(records_by_model)

    entries = []
    for model, records in records_by_model.items():
        fields = _fields(model)
        previous_by_id = {}
        for record in records:
            previous = previous_by_id.get(record.id)
            previous_by_id[record.id] = record
            if after is not None and record.history_date <= after:
                continue
            changes = []
            if record.history_type == "~" and previous is not None:
                for f in fields:
                    old, new = getattr(previous, f.attname), getattr(record, f.attname)
                    if old != new:
                        changes.append(
                            FieldChange(
                                label=str(f.verbose_name),
                                old=_display(f, old, meeting=meeting, lookups=lookups),
                                new=_display(f, new, meeting=meeting, lookups=lookups),
                            )
                        )
                if not changes and not record.history_change_reason:
                    continue
            user = record.history_user
            entries.append(
                HistoryEntry(
                    when=record.history_date,
                    who=_who(user),
                    subject=_subject(model, record, lookups=lookups),
                    action=str(_ACTIONS[record.history_type]),
                    changes=changes,
                    reason=record.history_change_reason or "",
                )
            )
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries[:limit]


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
