"""Who hears about a meeting, and queueing its reminders, change and cancellation notices."""

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import DateTimeField, Exists, ExpressionWrapper, F, Max, OuterRef, Q
from django.utils import timezone

from agencies.models import Agency, Membership, Official

from ..models import (
    DEFAULT_REMINDER_OFFSETS,
    Meeting,
    MeetingReminder,
    ReminderDelivery,
)
from ..selectors.privacy import agency_may_open

logger = logging.getLogger(__name__)

# The periodic task runs every 5 minutes; a reminder found more than this after its
# moment was missed (system down) and is marked late.
LATE_AFTER = datetime.timedelta(minutes=10)

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
    # Only agencies that may open the meeting hear about it: a partner left invited
    # to an internal meeting (through the admin or the ORM) gets nothing.
    invited_ids = [
        agency.pk
        for agency in Agency.objects.filter(invitations__meeting=meeting)
        if agency_may_open(meeting=meeting, agency=agency, invited=True)
    ]
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
    from ..tasks import send_pending_notices

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
