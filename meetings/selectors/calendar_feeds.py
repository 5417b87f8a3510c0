"""Calendar feeds: the feed a token opens and the meetings it publishes."""

import datetime

from django.contrib.auth.models import User
from django.db.models import (
    Prefetch,
    QuerySet,
    prefetch_related_objects,
)
from django.utils import timezone

from agencies.models import Agency

from ..models import (
    AgendaItem,
    CalendarFeed,
    Meeting,
)
from .meetings import MEETING_ROW_RELATED


def active_calendar_feed(*, user: User) -> CalendarFeed | None:
    return CalendarFeed.objects.active().filter(user=user).first()


def calendar_feed_for_token(*, token: str) -> CalendarFeed | None:
    """The active feed a secret token opens, or None (unknown or revoked)."""
    if not token or len(token) > 128:
        return None
    return (
        CalendarFeed.objects.active()
        .select_related("user")
        .filter(token_hash=CalendarFeed.digest(token), user__is_active=True)
        .first()
    )


# Calendar clients re-download the whole feed on every poll; three months of history
# is what a liaison looks back on, and keeps a busy Polda's feed small.
FEED_PAST_DAYS = 90
# A calendar client gives up on a feed that takes too long to build; past this many
# events the farthest future meetings wait for a later poll.
FEED_MAX_EVENTS = 1000


# What an event reads of a meeting (``meetings.calendar.meeting_event``): not the
# minutes or the officials, which no event shows.
EVENT_FIELDS = (
    "kind",
    "title",
    "description",
    "starts_at",
    "ends_at",
    "venue",
    "visibility",
    "status",
    "minutes_shared",
    "version",
    "created_at",
    "updated_at",
    "host__short_name",
    *Agency.zone_fields("host"),
    "operation__name",
)


def _event_agenda() -> QuerySet[AgendaItem]:
    # Each event's description names the speakers; the agenda's own order, without
    # the default ordering's join to the meeting.
    return AgendaItem.objects.select_related("presenter").order_by("order", "pk")


def calendar_meeting(*, user: User, pk: int) -> Meeting:
    """One meeting the user may see, as its .ics file shows it; DoesNotExist otherwise.
    Its agenda is read by ``with_event_agenda`` only when the file is not cached."""
    return (
        Meeting.objects.visible_to(user)
        .select_related(*MEETING_ROW_RELATED)
        .only(*EVENT_FIELDS, "page_revision")
        .get(pk=pk)
    )


def with_event_agenda(meeting: Meeting) -> Meeting:
    """Prefetches all of ``meeting``'s agenda items (``meetings.calendar`` leaves out
    what the reader may not see)."""
    prefetch_related_objects([meeting], Prefetch("agenda_items", queryset=_event_agenda()))
    return meeting


def calendar_feed_meetings(
    *,
    user: User,
    now: datetime.datetime | None = None,
    past_days: int = FEED_PAST_DAYS,
    limit: int = FEED_MAX_EVENTS,
) -> QuerySet[Meeting]:
    """What a feed publishes: the meetings the user may see from ``past_days`` back on,
    soonest first, at most ``limit``, with all their agenda items prefetched as
    ``feed_agenda`` (internal ones included, since they take time;
    ``meetings.calendar`` leaves them out for liaisons)."""
    now = now or timezone.now()
    return (
        Meeting.objects.visible_to(user)
        .filter(ends_at__gte=now - datetime.timedelta(days=past_days))
        .select_related(*MEETING_ROW_RELATED)
        .only(*EVENT_FIELDS)
        .prefetch_related(Prefetch("agenda_items", queryset=_event_agenda(), to_attr="feed_agenda"))
        .order_by("starts_at", "pk")[:limit]
    )
