"""Daily follow-up digests per agency: queueing and sending."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from agencies.models import Agency, Official

from ..models import (
    ActionItem,
    FollowUpDigest,
)
from ..selectors import Viewer

DIGEST_LOCAL_HOUR = 7
DIGEST_HORIZON_DAYS = 3


def _digest_items(*, agency: Agency, local_today: datetime.date) -> list[ActionItem]:
    """The agency's open follow-ups due within the horizon, as the agency may see them."""
    viewer = Viewer.of_agency(agency)
    items = (
        ActionItem.objects.filter(
            owner_agency=agency,
            status__in=[ActionItem.Status.OPEN, ActionItem.Status.IN_PROGRESS],
            due_date__lte=local_today + datetime.timedelta(days=DIGEST_HORIZON_DAYS),
        )
        .select_related("meeting__host__seat", "meeting__host__parent", "owner_official")
        .order_by("due_date", "pk")
    )
    return [item for item in items if viewer.sees_follow_up(item)]


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
        local_now = now.astimezone(datetime.UTC).astimezone(agency.tzinfo)
        if local_now.hour < DIGEST_LOCAL_HOUR:
            continue
        local_today = local_now.date()
        items = _digest_items(agency=agency, local_today=local_today)
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
                items = _digest_items(agency=digest.agency, local_today=digest.local_date)
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
