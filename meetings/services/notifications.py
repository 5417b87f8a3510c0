"""Sending queued notices (e-mail with .ics, in-app notification) and marking them read."""

import datetime
import logging
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext

from agencies.templatetags.sinergi import local_datetime

from ..calendar import meeting_ics, meeting_path
from ..models import (
    Notification,
    ReminderDelivery,
)
from ..selectors import OUTSIDE, agenda_for
from .reminders import (
    Channel,
    Kind,
    meeting_recipients,
    queue_due_reminders,
    queue_missed_changes_and_cancellations,
)

logger = logging.getLogger(__name__)

# A notice that failed this many times is dropped with its error rather than tried
# forever (the periodic run would otherwise retry it every 5 minutes).
MAX_ATTEMPTS = 5


def _notice_context(delivery: ReminderDelivery) -> dict[str, Any]:
    meeting = delivery.meeting
    return {
        "delivery": delivery,
        "meeting": meeting,
        "agenda": agenda_for(
            meeting=meeting, items=meeting.agenda_items.select_related("presenter"), viewer=OUTSIDE
        ),
        "kind": delivery.kind,
        "recipient_name": delivery.recipient_name,
        "meeting_url": settings.SITE_URL.rstrip("/") + meeting_path(meeting),
    }


def _subject(delivery: ReminderDelivery) -> str:
    # A header is one line: a title saved with a line break (before titles refused
    # them, or through the ORM) must not make the e-mail unsendable.
    return " ".join(_subject_text(delivery).split())


def _subject_text(delivery: ReminderDelivery) -> str:
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
        f"rapat-{delivery.meeting_id}.ics",
        meeting_ics(delivery.meeting, viewer=OUTSIDE, base_url=settings.SITE_URL),
        "text/calendar",
    )
    message.send()


def _create_notification(delivery: ReminderDelivery) -> None:
    # _drop_reason has dropped in-app notices whose user is gone.
    if delivery.recipient_user_id is None:
        raise ValueError(f"in-app notice {delivery.pk} has no recipient")
    context = _notice_context(delivery)
    Notification.objects.create(
        user_id=delivery.recipient_user_id,
        meeting=delivery.meeting,
        delivery=delivery,
        title=_subject(delivery),
        body=render_to_string("meetings/email/notice_short.txt", context).strip(),
    )


def _drop_reason(delivery: ReminderDelivery, allowed_keys: set[str]) -> str:
    meeting = delivery.meeting
    if f"{delivery.channel}:{delivery.recipient_key}" not in allowed_keys:
        return "penerima tidak berhak membuka rapat ini"
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
    # Who may still hear about each meeting, checked again at sending time: the
    # meeting may have turned internal, or an invitation gone, since it was queued.
    allowed: dict[int, set[str]] = {}
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
                    if delivery.meeting_id not in allowed:
                        allowed[delivery.meeting_id] = {
                            f"{r.channel}:{r.key}"
                            for r in meeting_recipients(meeting=delivery.meeting)
                        }
                    reason = _drop_reason(delivery, allowed[delivery.meeting_id])
                    if reason:
                        delivery.dropped_reason = reason
                        delivery.save(update_fields=["dropped_reason"])
                        continue
                    try:
                        if delivery.channel == Channel.EMAIL:
                            _send_email(delivery)
                        else:
                            _create_notification(delivery)
                    except Exception as error:
                        # Left pending for the next run, up to MAX_ATTEMPTS.
                        logger.exception("could not deliver notice %s", delivery.pk)
                        delivery.attempts += 1
                        if delivery.attempts >= MAX_ATTEMPTS:
                            delivery.dropped_reason = f"gagal dikirim: {error}"[:200]
                        delivery.save(update_fields=["attempts", "dropped_reason"])
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


def mark_notifications_read(*, user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
