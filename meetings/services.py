"""Writes to meetings, shared by views, tasks and commands.

Every write that changes a meeting or what hangs off it (invitations, agenda,
attendance, decisions, follow-ups) claims the meeting's ``version`` first, so two
officers editing the same meeting can never overwrite each other silently.
"""

import datetime
import logging
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import EmailMultiAlternatives
from django.db import models, transaction
from django.db.models import (
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
)
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from agencies.models import Agency, Membership, Official
from agencies.roles import access_for
from operations.models import Operation

from .files import detect_attachment_type
from .models import (
    DEFAULT_REMINDER_OFFSETS,
    ActionItem,
    ActionItemComment,
    AgendaItem,
    Attachment,
    Attendee,
    CalendarFeed,
    Decision,
    FollowUpDigest,
    Invitation,
    Meeting,
    MeetingReminder,
    MeetingRisk,
    Notification,
    ReminderDelivery,
)
from .selectors import rsvp_open


class MeetingConflict(Exception):
    """Someone saved the meeting after the version the editor started from."""

    def __init__(self, *, meeting: Meeting, since_version: int):
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
    instance._history_user = user  # type: ignore[attr-defined]
    if reason:
        instance._change_reason = reason  # type: ignore[attr-defined]
    instance.save()


def _delete(instance: models.Model, *, user: User) -> None:
    instance._history_user = user  # type: ignore[attr-defined]
    instance.delete()


def _sync_invitations(*, meeting: Meeting, agencies: Iterable[Agency], user: User) -> None:
    wanted = {agency.pk for agency in agencies if agency.pk != meeting.host_id}
    existing = {inv.agency_id: inv for inv in meeting.invitations.all()}
    for agency_id, invitation in existing.items():
        if agency_id not in wanted:
            _delete(invitation, user=user)
    for agency_id in sorted(wanted - set(existing)):
        _save(Invitation(meeting=meeting, agency_id=agency_id), user=user)


def _sync_agenda(*, meeting: Meeting, rows: list[AgendaRow], user: User) -> None:
    existing = {item.pk: item for item in meeting.agenda_items.all()}
    kept_ids = {row.id for row in rows if row.id}
    for item_id, stale in existing.items():
        if item_id not in kept_ids:
            _delete(stale, user=user)
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
        item.duration_minutes = row.duration_minutes
        item.is_internal = row.is_internal
        _save(item, user=user)


def _sync_rows(
    *,
    model: type[Attendee | Decision | ActionItem | MeetingRisk],
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
) -> Meeting:
    meeting = Meeting(
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


@transaction.atomic
def record_outcome(
    *,
    meeting: Meeting,
    user: User,
    version: int,
    chair: Official | None,
    chair_on_behalf_of: Official | None,
    summary: str,
    minutes_shared: bool,
    mark_held: bool,
    presence: dict[int, bool | None],
    minutes: dict[int, str],
    attendees: RowChanges,
    decisions: RowChanges,
    action_items: RowChanges,
    risks: RowChanges,
) -> Meeting:
    """Who came and for whom, the minutes per agenda item, decisions, follow-ups and
    the risks raised."""
    _claim_version(meeting=meeting, version=version)
    meeting.chair = chair
    meeting.chair_on_behalf_of = chair_on_behalf_of
    meeting.summary = summary
    meeting.minutes_shared = minutes_shared
    if mark_held and meeting.status == Meeting.Status.SCHEDULED:
        meeting.status = Meeting.Status.HELD
    _save(meeting, user=user)

    for invitation in meeting.invitations.filter(pk__in=list(presence)):
        if invitation.present != presence[invitation.pk]:
            invitation.present = presence[invitation.pk]
            _save(invitation, user=user)
    for item in meeting.agenda_items.filter(pk__in=list(minutes)):
        if item.minutes != minutes[item.pk]:
            item.minutes = minutes[item.pk]
            _save(item, user=user)

    _sync_rows(model=Attendee, meeting=meeting, changes=attendees, user=user)
    _sync_rows(model=Decision, meeting=meeting, changes=decisions, user=user)
    _sync_rows(model=ActionItem, meeting=meeting, changes=action_items, user=user)
    _sync_rows(model=MeetingRisk, meeting=meeting, changes=risks, user=user)
    return meeting


@transaction.atomic
def add_attachment(
    *,
    meeting: Meeting,
    user: User,
    upload: UploadedFile,
    kind: str,
    is_internal: bool = False,
) -> Attachment:
    """Stores an upload after checking what its bytes are (never trusting its name)."""
    detected = detect_attachment_type(upload)
    original_name = (upload.name or "berkas").rsplit("/", 1)[-1][:255]
    attachment = Attachment(
        meeting=meeting,
        kind=kind,
        original_name=original_name,
        content_type=detected.content_type,
        size=upload.size or 0,
        is_internal=is_internal,
        uploaded_by=user,
        uploaded_at=timezone.now(),
    )
    # The stored name carries the detected extension, not the one the uploader chose.
    attachment.file.save(f"berkas.{detected.extension}", upload, save=False)
    attachment.save()
    return attachment


@transaction.atomic
def delete_attachment(*, attachment: Attachment) -> None:
    stored, name = attachment.file, attachment.file.name
    attachment.delete()
    # Remove the file only once the row is really gone.
    if name:
        transaction.on_commit(lambda: stored.storage.delete(name))


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
    invitation._history_user = user  # type: ignore[attr-defined]
    invitation.full_clean()
    invitation.save()
    return invitation


@transaction.atomic
def update_action_item(
    *,
    action_item: ActionItem,
    user: User,
    status: str,
    comment: str = "",
) -> ActionItem:
    """Sets a follow-up's status and/or adds a comment, as its owner agency's liaison
    or an operator of the host unit. The status change lands in the item's history
    with the user; a comment records the status it set alongside."""
    if not ActionItem.objects.updatable_by(user).filter(pk=action_item.pk).exists():
        raise PermissionDenied
    action_item = ActionItem.objects.select_for_update().get(pk=action_item.pk)
    comment = comment.strip()
    if status not in ActionItem.Status.values:
        raise ValidationError({"status": _("Status tindak lanjut tidak dikenal.")})
    status_changed = status != action_item.status
    if not status_changed and not comment:
        raise ValidationError(_("Ubah status atau tulis komentar terlebih dahulu."))
    if status_changed:
        action_item.status = status
        action_item._history_user = user  # type: ignore[attr-defined]
        action_item._change_reason = comment[:100] if comment else ""  # type: ignore[attr-defined]
        action_item.save(update_fields=["status", "updated_at"])
    if comment:
        ActionItemComment.objects.create(
            action_item=action_item,
            author=user,
            author_agency=_speaking_for(user, action_item),
            text=comment,
            status=status if status_changed else "",
        )
    return action_item


def _speaking_for(user: User, action_item: ActionItem) -> Agency | None:
    access = access_for(user)
    if action_item.owner_agency in access.liaised:
        return action_item.owner_agency
    for unit in access.operated:
        if action_item.meeting.host.path.startswith(unit.path):
            return unit
    return None


@transaction.atomic
def issue_calendar_feed(*, user: User) -> tuple[CalendarFeed, str]:
    """A new secret feed URL for ``user``; the previous one stops working.

    Returns the feed and the token, which exists nowhere else: only its digest is
    stored, so the caller must show it to the user now."""
    now = timezone.now()
    CalendarFeed.objects.active().filter(user=user).update(revoked_at=now)
    token = secrets.token_urlsafe(32)
    feed = CalendarFeed.objects.create(user=user, token_hash=CalendarFeed.digest(token))
    return feed, token


@transaction.atomic
def revoke_calendar_feed(*, user: User) -> int:
    """Stops the user's feed URL; returns how many were active (0 or 1)."""
    return CalendarFeed.objects.active().filter(user=user).update(revoked_at=timezone.now())


def record_calendar_feed_use(*, feed: CalendarFeed) -> None:
    # One UPDATE, no read-modify-write: clients may poll in parallel.
    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())


logger = logging.getLogger(__name__)

# The periodic task runs every 5 minutes; a reminder found more than this after its
# moment was missed (system down) and is marked late.
LATE_AFTER = datetime.timedelta(minutes=10)
DIGEST_LOCAL_HOUR = 7
DIGEST_HORIZON_DAYS = 3

Kind = ReminderDelivery.Kind
Channel = ReminderDelivery.Channel


@dataclass(frozen=True)
class Recipient:
    channel: str
    key: str
    user_id: int | None
    email: str
    name: str


# --- reminders on a meeting ---------------------------------------------------------


def create_default_reminders(*, meeting: Meeting) -> list[MeetingReminder]:
    """3 days, 1 day and 2 hours before the start; existing offsets are kept."""
    return set_meeting_reminders(meeting=meeting, offsets=DEFAULT_REMINDER_OFFSETS, keep=True)


@transaction.atomic
def set_meeting_reminders(
    *, meeting: Meeting, offsets: Iterable[datetime.timedelta], keep: bool = False
) -> list[MeetingReminder]:
    """Make the meeting's reminders exactly ``offsets`` (or add them, with ``keep``)."""
    offsets = sorted(set(offsets), reverse=True)
    if not keep:
        meeting.reminders.exclude(offset__in=offsets).delete()
    MeetingReminder.objects.bulk_create(
        [MeetingReminder(meeting=meeting, offset=offset) for offset in offsets],
        ignore_conflicts=True,
    )
    return list(meeting.reminders.order_by("-offset"))


# --- who hears about a meeting ------------------------------------------------------


def meeting_recipients(*, meeting: Meeting) -> list[Recipient]:
    """E-mail to the invited agencies' liaisons and named officials; in-app notices to
    those liaisons and to the host's operators. One e-mail per address."""
    invited_ids = list(meeting.invitations.values_list("agency_id", flat=True))
    recipients: dict[str, Recipient] = {}

    liaisons = (
        Membership.objects.filter(role=Membership.Role.LIAISON, agency_id__in=invited_ids)
        .select_related("user")
        .filter(user__is_active=True)
        .order_by("agency__path", "user_id")
    )
    operators = (
        Membership.objects.filter(role=Membership.Role.OPERATOR, agency_id=meeting.host_id)
        .select_related("user")
        .filter(user__is_active=True)
        .order_by("user_id")
    )
    officials = Official.objects.filter(agency_id__in=invited_ids, is_active=True).exclude(email="")

    def add(recipient: Recipient) -> None:
        recipients.setdefault(f"{recipient.channel}:{recipient.key}", recipient)

    for membership in liaisons:
        user = membership.user
        name = user.get_full_name() or user.username
        if user.email:
            add(Recipient(Channel.EMAIL, user.email.lower(), user.pk, user.email, name))
        add(Recipient(Channel.IN_APP, f"user:{user.pk}", user.pk, "", name))
    for official in officials.order_by("agency__path", "name"):
        add(
            Recipient(
                Channel.EMAIL,
                official.email.lower(),
                official.user_id,
                official.email,
                official.display_name,
            )
        )
    for membership in operators:
        user = membership.user
        add(
            Recipient(
                Channel.IN_APP,
                f"user:{user.pk}",
                user.pk,
                "",
                user.get_full_name() or user.username,
            )
        )
    return list(recipients.values())


def _queue(
    *,
    meeting: Meeting,
    kind: str,
    occasion: datetime.datetime,
    offset: datetime.timedelta = datetime.timedelta(0),
    reminder: MeetingReminder | None = None,
    previous_start: datetime.datetime | None = None,
    is_late: bool = False,
    dropped_reason: str = "",
    now: datetime.datetime | None = None,
) -> int:
    """Insert one pending delivery per recipient; rows that exist already are left alone."""
    rows = [
        ReminderDelivery(
            meeting=meeting,
            reminder=reminder,
            kind=kind,
            offset=offset,
            occasion=occasion,
            channel=recipient.channel,
            recipient_key=recipient.key,
            recipient_user_id=recipient.user_id,
            recipient_email=recipient.email,
            recipient_name=recipient.name[:200],
            previous_start=previous_start,
            is_late=is_late,
            dropped_reason=dropped_reason,
            created_at=now or timezone.now(),
        )
        for recipient in meeting_recipients(meeting=meeting)
    ]
    ReminderDelivery.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


# --- queueing ------------------------------------------------------------------------


def queue_due_reminders(*, now: datetime.datetime | None = None) -> int:
    """Queue every reminder whose moment has come for a meeting still ahead.

    A reminder missed while the system was down is queued late (and marked so), once.
    When several of a meeting's reminders were missed, only the nearest to the start
    goes out; the earlier ones are recorded as superseded rather than sent in a burst.
    Not queued: reminders whose moment lay before the meeting was created, and those
    made moot by a change notice sent after their moment (the notice said it all).
    """
    now = now or timezone.now()
    due_at = ExpressionWrapper(F("meeting__starts_at") - F("offset"), output_field=DateTimeField())
    already_queued = ReminderDelivery.objects.filter(
        meeting=OuterRef("meeting"),
        kind=Kind.REMINDER,
        offset=OuterRef("offset"),
        occasion=OuterRef("meeting__starts_at"),
    )
    superseded_by_change = ReminderDelivery.objects.filter(
        meeting=OuterRef("meeting"),
        kind=Kind.CHANGE,
        occasion=OuterRef("meeting__starts_at"),
        created_at__gte=OuterRef("due_moment"),
    )
    due = (
        MeetingReminder.objects.filter(
            meeting__status=Meeting.Status.SCHEDULED, meeting__starts_at__gt=now
        )
        .annotate(due_moment=due_at)
        .filter(due_moment__lte=now, due_moment__gte=F("meeting__created_at"))
        .exclude(Exists(already_queued))
        .exclude(Exists(superseded_by_change))
        .select_related("meeting")
        .order_by("meeting_id", "offset")
    )
    queued = 0
    seen_meetings = set()
    for reminder in due:
        superseded = reminder.meeting_id in seen_meetings
        seen_meetings.add(reminder.meeting_id)
        count = _queue(
            meeting=reminder.meeting,
            kind=Kind.REMINDER,
            occasion=reminder.meeting.starts_at,
            offset=reminder.offset,
            reminder=reminder,
            is_late=not superseded and reminder.due_moment < now - LATE_AFTER,
            dropped_reason="digantikan pengingat yang lebih dekat" if superseded else "",
            now=now,
        )
        if not superseded:
            queued += count
    return queued


def queue_change_notice(
    *, meeting: Meeting, old_start: datetime.datetime, now: datetime.datetime | None = None
) -> int:
    if meeting.is_cancelled or meeting.starts_at == old_start:
        return 0
    return _queue(
        meeting=meeting,
        kind=Kind.CHANGE,
        occasion=meeting.starts_at,
        previous_start=old_start,
        now=now,
    )


def queue_cancellation_notice(*, meeting: Meeting, now: datetime.datetime | None = None) -> int:
    return _queue(meeting=meeting, kind=Kind.CANCELLATION, occasion=meeting.starts_at, now=now)


def queue_missed_changes_and_cancellations(*, now: datetime.datetime | None = None) -> int:
    """Catch reschedules and cancellations that no hook reported."""
    now = now or timezone.now()
    queued = 0
    told_about_other_start = ReminderDelivery.objects.filter(
        meeting=OuterRef("pk"), kind__in=[Kind.REMINDER, Kind.CHANGE]
    ).exclude(occasion=OuterRef("starts_at"))
    told_about_this_start = ReminderDelivery.objects.filter(
        meeting=OuterRef("pk"),
        kind__in=[Kind.REMINDER, Kind.CHANGE],
        occasion=OuterRef("starts_at"),
    )
    moved = (
        Meeting.objects.filter(status=Meeting.Status.SCHEDULED, starts_at__gt=now)
        .filter(Exists(told_about_other_start))
        .exclude(Exists(told_about_this_start))
        .annotate(
            last_told=Max(
                "reminder_deliveries__occasion",
                filter=Q(reminder_deliveries__kind__in=[Kind.REMINDER, Kind.CHANGE]),
            )
        )
    )
    for meeting in moved:
        queued += queue_change_notice(meeting=meeting, old_start=meeting.last_told, now=now)
    cancelled = Meeting.objects.filter(status=Meeting.Status.CANCELLED, starts_at__gt=now).exclude(
        Exists(ReminderDelivery.objects.filter(meeting=OuterRef("pk"), kind=Kind.CANCELLATION))
    )
    for cancelled_meeting in cancelled:
        queued += queue_cancellation_notice(meeting=cancelled_meeting, now=now)
    return queued


# --- hooks for the meeting pages ------------------------------------------------------


def _send_soon() -> None:
    """Ask a worker to send now; if the broker is away the periodic run will do it."""
    from .tasks import send_pending_notices

    def enqueue() -> None:
        try:
            send_pending_notices.apply_async(retry=False)
        except Exception:  # noqa: BLE001 - a broker outage must not break the page
            logger.warning("broker unavailable; notices wait for the periodic run")

    transaction.on_commit(enqueue)


def notify_meeting_changed(
    meeting: Meeting, old_start: datetime.datetime, *, now: datetime.datetime | None = None
) -> int:
    """Call after a meeting was moved (``old_start`` is its previous start).

    Queues a change notice to everyone who receives its reminders; the reminders
    follow the new start on their own (they are offsets).
    """
    queued = queue_change_notice(meeting=meeting, old_start=old_start, now=now)
    if queued:
        _send_soon()
    return queued


def notify_meeting_cancelled(meeting: Meeting) -> int:
    """Call after a meeting was cancelled: a cancellation notice, and no more reminders."""
    queued = queue_cancellation_notice(meeting=meeting)
    if queued:
        _send_soon()
    return queued


# --- sending -------------------------------------------------------------------------


def meeting_ics(meeting: Meeting) -> bytes:
    """The meeting as a calendar file for partner agencies (no internal agenda items).

    Built from ``meetings.calendar``'s event, so an e-mailed file and the calendar feed
    share UID and SEQUENCE: a change or cancellation notice updates the entry the
    recipient already has.
    """
    from icalendar import Calendar

    from .calendar import PRODID, meeting_event

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add_component(
        meeting_event(
            meeting,
            agenda_items=meeting.agenda_items.all(),
            internal_ok=False,
            base_url=settings.SITE_URL,
        )
    )
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _notice_context(delivery: ReminderDelivery) -> dict:
    from .calendar import meeting_path

    meeting = delivery.meeting
    agenda = list(
        meeting.agenda_items.filter(is_internal=False).select_related("presenter").order_by("order")
    )
    return {
        "delivery": delivery,
        "meeting": meeting,
        "agenda": agenda,
        "kind": delivery.kind,
        "recipient_name": delivery.recipient_name,
        "meeting_url": settings.SITE_URL.rstrip("/") + meeting_path(meeting),
    }


def _subject(delivery: ReminderDelivery) -> str:
    from agencies.templatetags.sinergi import local_datetime

    meeting = delivery.meeting
    when = local_datetime(meeting.starts_at, meeting)
    if delivery.kind == Kind.CANCELLATION:
        return gettext("Pembatalan rapat: %(title)s (%(when)s)") % {
            "title": meeting.title,
            "when": when,
        }
    if delivery.kind == Kind.CHANGE:
        return gettext("Perubahan jadwal rapat: %(title)s, kini %(when)s") % {
            "title": meeting.title,
            "when": when,
        }
    return gettext("Pengingat rapat: %(title)s, %(when)s") % {"title": meeting.title, "when": when}


def _send_email(delivery: ReminderDelivery) -> None:
    context = _notice_context(delivery)
    text = render_to_string("meetings/email/notice.txt", context)
    html = render_to_string("meetings/email/notice.html", context)
    message = EmailMultiAlternatives(
        subject=_subject(delivery),
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[delivery.recipient_email],
    )
    message.attach_alternative(html, "text/html")
    message.attach(
        f"rapat-{delivery.meeting_id}.ics", meeting_ics(delivery.meeting), "text/calendar"
    )
    message.send()


def _create_notification(delivery: ReminderDelivery) -> None:
    context = _notice_context(delivery)
    # In-app deliveries are queued for a user, never for a bare address.
    assert delivery.recipient_user_id is not None
    Notification.objects.create(
        user_id=delivery.recipient_user_id,
        meeting=delivery.meeting,
        delivery=delivery,
        title=_subject(delivery),
        body=render_to_string("meetings/email/notice_short.txt", context).strip(),
    )


def _drop_reason(delivery: ReminderDelivery) -> str:
    meeting = delivery.meeting
    if delivery.kind == Kind.REMINDER:
        if meeting.is_cancelled:
            return "rapat dibatalkan"
        if delivery.occasion != meeting.starts_at:
            return "jadwal rapat berubah"
    if delivery.kind == Kind.CHANGE and delivery.occasion != meeting.starts_at:
        return "jadwal rapat berubah lagi"
    if delivery.channel == Channel.IN_APP and not delivery.recipient_user_id:
        return "pengguna tidak ada lagi"
    return ""


def send_pending_deliveries(*, batch_size: int = 50) -> int:
    """Send queued notices; safe to run in several processes at once."""
    sent = 0
    tried: set[int] = set()
    with translation.override("id"):
        while True:
            with transaction.atomic():
                batch = list(
                    ReminderDelivery.objects.select_for_update(skip_locked=True, of=("self",))
                    .filter(sent_at__isnull=True, dropped_reason="")
                    .exclude(pk__in=tried)
                    .select_related("meeting__host__seat", "meeting__host__parent")
                    .order_by("created_at", "pk")[:batch_size]
                )
                if not batch:
                    return sent
                for delivery in batch:
                    tried.add(delivery.pk)
                    reason = _drop_reason(delivery)
                    if reason:
                        delivery.dropped_reason = reason
                        delivery.save(update_fields=["dropped_reason"])
                        continue
                    try:
                        if delivery.channel == Channel.EMAIL:
                            _send_email(delivery)
                        else:
                            _create_notification(delivery)
                    except Exception:
                        # Left pending: the next run tries again.
                        logger.exception("could not deliver notice %s", delivery.pk)
                        continue
                    delivery.sent_at = timezone.now()
                    delivery.save(update_fields=["sent_at"])
                    sent += 1


def run_reminders(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """The periodic job: notice what changed, queue what is due, send what is queued."""
    return {
        "changes_and_cancellations": queue_missed_changes_and_cancellations(now=now),
        "reminders_queued": queue_due_reminders(now=now),
        "sent": send_pending_deliveries(),
    }


# --- follow-up digests ---------------------------------------------------------------


def _digest_items(*, agency_id: int, local_today: datetime.date) -> QuerySet[ActionItem]:
    return (
        ActionItem.objects.filter(
            owner_agency_id=agency_id,
            status__in=[ActionItem.Status.OPEN, ActionItem.Status.IN_PROGRESS],
            due_date__lte=local_today + datetime.timedelta(days=DIGEST_HORIZON_DAYS),
        )
        .select_related("meeting__host__seat", "meeting__host__parent", "owner_official")
        .order_by("due_date", "pk")
    )


def queue_follow_up_digests(*, now: datetime.datetime | None = None) -> int:
    """One digest per agency per local day, once its local clock has passed 07.00.

    Agencies with nothing due within three days and nothing overdue get nothing.
    """
    now = now or timezone.now()
    # The latest calendar day anywhere in Indonesia bounds what can be due.
    horizon = (now + datetime.timedelta(hours=9)).date() + datetime.timedelta(
        days=DIGEST_HORIZON_DAYS
    )
    agency_ids = set(
        ActionItem.objects.filter(
            status__in=[ActionItem.Status.OPEN, ActionItem.Status.IN_PROGRESS],
            due_date__lte=horizon,
        ).values_list("owner_agency_id", flat=True)
    )
    agencies = Agency.objects.filter(pk__in=agency_ids).select_related("seat", "parent__seat")
    queued = 0
    for agency in agencies:
        local_now = now.astimezone(datetime.UTC).astimezone(_tz(agency))
        if local_now.hour < DIGEST_LOCAL_HOUR:
            continue
        local_today = local_now.date()
        items = list(_digest_items(agency_id=agency.pk, local_today=local_today))
        if not items:
            continue
        overdue = sum(1 for item in items if item.due_date < local_today)
        created = FollowUpDigest.objects.bulk_create(
            [
                FollowUpDigest(
                    agency=agency,
                    local_date=local_today,
                    overdue_count=overdue,
                    due_soon_count=len(items) - overdue,
                )
            ],
            ignore_conflicts=True,
        )
        queued += len(created)
    return queued


def _tz(agency: Agency) -> datetime.tzinfo:
    return agency.tzinfo


def digest_recipients(*, agency: Agency) -> list[tuple[str, str]]:
    """(name, address): the agency's users with an e-mail, then its officials."""
    seen: dict[str, str] = {}
    users = (
        get_user_model()
        .objects.filter(memberships__agency=agency, is_active=True)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )
    for user in users:
        seen.setdefault(user.email.lower(), user.get_full_name() or user.username)
    for official in Official.objects.filter(agency=agency, is_active=True).exclude(email=""):
        seen.setdefault(official.email.lower(), official.display_name)
    return [(name, address) for address, name in seen.items()]


def send_pending_digests() -> int:
    sent = 0
    with translation.override("id"):
        while True:
            with transaction.atomic():
                digest = (
                    FollowUpDigest.objects.select_for_update(skip_locked=True, of=("self",))
                    .filter(sent_at__isnull=True)
                    .select_related("agency__seat", "agency__parent")
                    .order_by("created_at", "pk")
                    .first()
                )
                if digest is None:
                    return sent
                items = list(
                    _digest_items(agency_id=digest.agency_id, local_today=digest.local_date)
                )
                recipients = digest_recipients(agency=digest.agency)
                if items and recipients:
                    context = {
                        "agency": digest.agency,
                        "local_date": digest.local_date,
                        "overdue": [i for i in items if i.due_date < digest.local_date],
                        "due_soon": [i for i in items if i.due_date >= digest.local_date],
                    }
                    message = EmailMultiAlternatives(
                        subject=render_to_string("meetings/email/digest_subject.txt", context)
                        .strip()
                        .replace("\n", " "),
                        body=render_to_string("meetings/email/digest.txt", context),
                        from_email=settings.DEFAULT_FROM_EMAIL,
                        to=[address for _name, address in recipients],
                    )
                    message.attach_alternative(
                        render_to_string("meetings/email/digest.html", context), "text/html"
                    )
                    message.send()
                    sent += 1
                digest.recipients = ", ".join(address for _name, address in recipients)
                digest.sent_at = timezone.now()
                digest.save(update_fields=["recipients", "sent_at"])


def run_follow_up_digests(*, now: datetime.datetime | None = None) -> dict[str, int]:
    return {
        "queued": queue_follow_up_digests(now=now),
        "sent": send_pending_digests(),
    }


def mark_notifications_read(*, user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
