"""Meeting writes: create, edit, cancel, and answering an invitation (RSVP)."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import Agency, Official
from agencies.roles import access_for
from operations.models import Operation

from ..models import (
    ActionItem,
    AgendaItem,
    Attendee,
    Decision,
    Invitation,
    Meeting,
    MeetingRisk,
)
from ..selectors import rsvp_open
from .reminders import notify_meeting_cancelled, notify_meeting_changed


class MeetingConflict(Exception):
    """Someone saved the meeting after the version the editor started from."""

    def __init__(self, *, meeting: Meeting, since_version: int) -> None:
        super().__init__(
            f"meeting {meeting.pk} is at version {meeting.version}, not {since_version}"
        )
        self.meeting = meeting
        self.since_version = since_version


@dataclass
class AgendaRow:
    """An agenda item as an editor submits it: ``order`` only sorts (items are
    renumbered 1..n on save); ``id`` marks an item that already exists."""

    title: str
    duration_minutes: int
    order: int
    presenter: Official | None = None
    presenter_name: str = ""
    presenter_position: str = ""
    is_internal: bool = False
    id: int | None = None


@dataclass
class RowChanges:
    """Rows of one child model to write: ``upsert`` holds field values (with ``id``
    for an existing row), ``delete`` the ids to remove."""

    upsert: list[dict[str, Any]] = field(default_factory=list)
    delete: list[int] = field(default_factory=list)


def _claim_version(*, meeting: Meeting, version: int) -> None:
    """Moves the meeting from ``version`` to the next, or raises MeetingConflict.

    The conditional UPDATE is the lock: of two saves from the same version only one
    matches a row; the other learns it lost without having written anything.
    """
    claimed = Meeting.objects.filter(pk=meeting.pk, version=version).update(
        version=models.F("version") + 1
    )
    if not claimed:
        raise MeetingConflict(meeting=Meeting.objects.get(pk=meeting.pk), since_version=version)
    meeting.version = version + 1


def _save(instance: models.Model, *, user: User, reason: str | None = None) -> None:
    instance.full_clean()
    # Requests get their history user from HistoryRequestMiddleware; tasks and
    # commands would not, so it is set explicitly.
    # simple-history reads these attributes, set on the instance at run time.
    instance._history_user = user  # type: ignore[attr-defined]
    if reason:
        instance._change_reason = reason  # type: ignore[attr-defined]
    instance.save()


def _delete(instance: models.Model, *, user: User) -> None:
    instance._history_user = user  # type: ignore[attr-defined]  # read by simple-history
    instance.delete()


def _sync_invitations(*, meeting: Meeting, agencies: Iterable[Agency], user: User) -> None:
    agencies = [agency for agency in agencies if agency.pk != meeting.host_id]
    partners = [agency.short_name for agency in agencies if not agency.is_police]
    if meeting.visibility == Meeting.Visibility.INTERNAL and partners:
        raise ValidationError(
            {
                "invited_agencies": _(
                    "Rapat internal hanya untuk satuan Polri; hapus undangan untuk %(agencies)s "
                    "atau ubah keterbukaan rapat."
                )
                % {"agencies": ", ".join(partners)}
            }
        )
    wanted = {agency.pk for agency in agencies}
    existing = {inv.agency_id: inv for inv in meeting.invitations.all()}
    for agency_id, invitation in existing.items():
        if agency_id not in wanted:
            _delete(invitation, user=user)
    for agency_id in sorted(wanted - set(existing)):
        _save(Invitation(meeting=meeting, agency_id=agency_id), user=user)


def _sync_agenda(*, meeting: Meeting, rows: list[AgendaRow], user: User) -> None:
    existing = {item.pk: item for item in meeting.agenda_items.all()}
    kept_ids = {row.id for row in rows if row.id}
    for item_id, removed in existing.items():
        if item_id not in kept_ids:
            _delete(removed, user=user)
    # Orders are unique per meeting and checked at once, so a reorder first moves the
    # kept items out of the way (a plain UPDATE, not a change worth a history row).
    if kept_ids:
        AgendaItem.objects.filter(pk__in=kept_ids).update(order=models.F("order") + 10000)
        for item_id in kept_ids:
            existing[item_id].order += 10000
    for position, row in enumerate(sorted(rows, key=lambda r: r.order), start=1):
        item: AgendaItem | None = existing.get(row.id) if row.id else AgendaItem(meeting=meeting)
        if item is None:
            continue
        item.order = position
        item.title = row.title
        item.presenter = row.presenter
        item.presenter_name = row.presenter_name
        item.presenter_position = row.presenter_position
        item.duration_minutes = row.duration_minutes
        item.is_internal = row.is_internal
        _save(item, user=user)


def _sync_rows(
    *,
    model: type[Attendee] | type[Decision] | type[ActionItem] | type[MeetingRisk],
    meeting: Meeting,
    changes: RowChanges,
    user: User,
) -> None:
    existing = {row.pk: row for row in model.objects.filter(meeting=meeting)}
    for row_id in changes.delete:
        if row_id in existing:
            _delete(existing.pop(row_id), user=user)
    for values in changes.upsert:
        values = dict(values)
        row_id = values.pop("id", None)
        instance = existing.get(row_id) if row_id else model(meeting=meeting)
        if instance is None:
            continue
        for name, value in values.items():
            setattr(instance, name, value)
        instance.meeting = meeting
        _save(instance, user=user)


@transaction.atomic
def create_meeting(
    *,
    user: User,
    host: Agency,
    kind: str,
    title: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    venue: str,
    operation: Operation | None = None,
    description: str = "",
    visibility: str = Meeting.Visibility.SHARED,
    invited_agencies: Iterable[Agency] = (),
    agenda: list[AgendaRow] | None = None,
    signatory: Official | None = None,
) -> Meeting:
    meeting = Meeting(
        signatory=signatory,
        host=host,
        kind=kind,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        venue=venue,
        operation=operation,
        description=description,
        visibility=visibility,
        created_by=user,
    )
    _save(meeting, user=user)
    _sync_invitations(meeting=meeting, agencies=invited_agencies, user=user)
    _sync_agenda(meeting=meeting, rows=agenda or [], user=user)
    return meeting


MEETING_DETAIL_FIELDS = (
    "signatory",
    "operation",
    "host",
    "kind",
    "title",
    "description",
    "starts_at",
    "ends_at",
    "venue",
    "visibility",
)


@transaction.atomic
def update_meeting(
    *,
    meeting: Meeting,
    user: User,
    version: int,
    data: dict[str, Any],
    invited_agencies: Iterable[Agency],
    agenda: list[AgendaRow],
) -> Meeting:
    """Edits or reschedules a meeting, its invitations and its agenda in one go.

    ``data`` holds the new values of MEETING_DETAIL_FIELDS; raises MeetingConflict if
    the meeting is no longer at ``version``.
    """
    _claim_version(meeting=meeting, version=version)
    meeting.refresh_from_db(fields=[*MEETING_DETAIL_FIELDS, "status"])
    old_start = meeting.starts_at
    for name in MEETING_DETAIL_FIELDS:
        if name in data:
            setattr(meeting, name, data[name])
    _save(meeting, user=user)
    _sync_invitations(meeting=meeting, agencies=invited_agencies, user=user)
    _sync_agenda(meeting=meeting, rows=agenda, user=user)
    if meeting.starts_at != old_start:
        notify_meeting_changed(meeting, old_start)
    return meeting


@transaction.atomic
def cancel_meeting(*, meeting: Meeting, user: User, version: int, reason: str) -> Meeting:
    """Cancels but keeps the meeting; the reason is the history row's change reason."""
    _claim_version(meeting=meeting, version=version)
    meeting.status = Meeting.Status.CANCELLED
    _save(meeting, user=user, reason=reason)
    notify_meeting_cancelled(meeting)
    return meeting


NEEDS_DELEGATE = {Invitation.Rsvp.ATTENDING, Invitation.Rsvp.REPRESENTED}


@transaction.atomic
def respond_to_invitation(
    *,
    invitation: Invitation,
    user: User,
    rsvp: str,
    delegate: str = "",
    note: str = "",
) -> Invitation:
    """A liaison answers its agency's invitation: hadir, diwakilkan or tidak hadir.

    The answer and who gave it are kept in the invitation's history."""
    if invitation.agency not in access_for(user).liaised:
        raise PermissionDenied
    invitation = (
        Invitation.objects.select_for_update().select_related("meeting").get(pk=invitation.pk)
    )
    errors = {}
    if not rsvp_open(invitation.meeting):
        message = (
            _("Rapat ini sudah dibatalkan; konfirmasi tidak dapat diubah.")
            if invitation.meeting.is_cancelled
            else _("Rapat ini sudah selesai; konfirmasi tidak dapat diubah.")
        )
        raise ValidationError(message)
    if rsvp not in Invitation.Rsvp.values or rsvp == Invitation.Rsvp.PENDING:
        errors["rsvp"] = _("Pilih hadir, diwakilkan, atau tidak hadir.")
    delegate = delegate.strip()
    if rsvp in NEEDS_DELEGATE and not delegate:
        errors["rsvp_delegate"] = (
            _("Tulis nama, pangkat dan jabatan yang mewakili instansi Anda.")
            if rsvp == Invitation.Rsvp.REPRESENTED
            else _("Tulis nama, pangkat dan jabatan yang akan hadir.")
        )
    if errors:
        raise ValidationError(errors)
    invitation.rsvp = rsvp
    invitation.rsvp_delegate = delegate if rsvp in NEEDS_DELEGATE else ""
    invitation.rsvp_note = note.strip()
    invitation.responded_by = user
    invitation.responded_at = timezone.now()
    invitation._history_user = user  # type: ignore[attr-defined]  # read by simple-history
    invitation.full_clean()
    invitation.save()
    return invitation
