"""The home page's reads: the operations and meetings a user (or a signed-out visitor) sees."""

from django.contrib.auth.models import AnonymousUser, User
from django.db import connections
from django.db.models import (
    Prefetch,
    QuerySet,
)
from django.utils import timezone

from meetings.models import (
    Meeting,
)

from ..models import Election, Operation

# Home and dashboard reads also answer the signed-out visitor (who sees nothing).
Viewer = User | AnonymousUser


def operations_for_home(*, user: Viewer) -> QuerySet[Operation]:
    return (
        Operation.objects.visible_to(user)
        .select_related("commanding_unit")
        .only(
            "id",
            "name",
            "starts_on",
            "ends_on",
            "commanding_unit__id",
            "commanding_unit__short_name",
        )
        .prefetch_related(Prefetch("elections", queryset=Election.objects.only("id", "name")))
        .order_by("-starts_on", "name")
    )


# What a meeting row on the home page shows: title, time in the host's zone (the seat's
# province, or the parent's), venue, host, cancelled or not; not the description or notes.
HOME_MEETING_FIELDS = (
    "id",
    "title",
    "starts_at",
    "ends_at",
    "venue",
    "status",
    "host__id",
    "host__short_name",
    "host__seat_id",
    "host__parent__id",
    "host__parent__seat_id",
)


def home_meetings(*, user: Viewer, limit: int = 10) -> tuple[list[Meeting], list[Meeting]]:
    """The next ``limit`` meetings the user may open (not yet ended, soonest first) and
    the last ``limit`` (ended, latest first).

    The scoping (``visible_to``) is built once and both lists come from one query: its
    filter is the costliest part of the page to build, and a second one would only
    repeat it.
    """
    now = timezone.now()
    visible = (
        Meeting.objects.visible_to(user).select_related("host__parent").only(*HOME_MEETING_FIELDS)
    )
    upcoming = visible.filter(ends_at__gte=now).order_by("starts_at")[:limit]
    recent = visible.filter(ends_at__lt=now).order_by("-starts_at")[:limit]
    if not connections[visible.db].features.supports_slicing_ordering_in_compound:
        # SQLite (``make run``) takes no LIMIT inside a UNION: two queries there.
        return list(upcoming), list(recent)
    both = list(upcoming.union(recent, all=True))
    return (
        sorted((m for m in both if m.ends_at >= now), key=lambda m: m.starts_at),
        sorted((m for m in both if m.ends_at < now), key=lambda m: m.starts_at, reverse=True),
    )
