"""Meeting reminders, change and cancellation notices, and follow-up digests.

Every notice goes out in two steps so that overlapping periodic runs and several
workers send it exactly once:

1. *queue*: one ``ReminderDelivery`` row per notice, recipient and channel is inserted
   with ``INSERT ... ON CONFLICT DO NOTHING`` (``bulk_create(ignore_conflicts=True)``);
   the unique constraint decides who "won", not timing;
2. *send*: pending rows are taken with ``SELECT ... FOR UPDATE SKIP LOCKED``, sent and
   marked sent in the same transaction, so two senders never hold the same row.

Hooks for the meeting pages: ``notify_meeting_changed(meeting, old_start)`` after a
reschedule and ``notify_meeting_cancelled(meeting)`` after a cancellation. The periodic
run also notices reschedules and cancellations made elsewhere (admin, shell), so a
missed hook delays a notice by one run instead of losing it.
"""

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import DateTimeField, Exists, ExpressionWrapper, F, Max, OuterRef, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from agencies.models import Agency, Membership, Official

from .models import (
    ActionItem,
    FollowUpDigest,
    Meeting,
    MeetingReminder,
    Notification,
    ReminderDelivery,
)
from .reminder_models import DEFAULT_REMINDER_OFFSETS

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
    *, meeting: Meeting, offsets, keep: bool = False
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

    def add(recipient: Recipient):
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
    for meeting in cancelled:
        queued += queue_cancellation_notice(meeting=meeting, now=now)
    return queued


# --- hooks for the meeting pages ------------------------------------------------------


def _send_soon():
    """Ask a worker to send now; if the broker is away the periodic run will do it."""
    from .tasks import send_pending_notices

    def enqueue():
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
        return f"Pembatalan rapat: {meeting.title} ({when})"
    if delivery.kind == Kind.CHANGE:
        return f"Perubahan jadwal rapat: {meeting.title}, kini {when}"
    return f"Pengingat rapat: {meeting.title}, {when}"


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


def _digest_items(*, agency_id: int, local_today: datetime.date):
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


def _tz(agency: Agency):
    import zoneinfo

    return zoneinfo.ZoneInfo(agency.time_zone)


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


def mark_notifications_read(*, user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
