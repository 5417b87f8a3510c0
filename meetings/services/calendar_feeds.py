"""Issuing, revoking and using personal calendar feeds."""

import datetime
import secrets

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from ..models import (
    CalendarFeed,
)


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


# The settings page shows the last use to the minute: a client polling more often than
# this writes nothing more.
FEED_USE_PRECISION = datetime.timedelta(minutes=1)


def record_calendar_feed_use(*, feed: CalendarFeed) -> None:
    now = timezone.now()
    if feed.last_used_at is not None and now - feed.last_used_at < FEED_USE_PRECISION:
        return
    # One UPDATE, no read-modify-write: clients may poll in parallel.
    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=now)
