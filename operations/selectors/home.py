"""The home page's reads: the operations and meetings a user (or a signed-out visitor) sees."""

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import (
    Prefetch,
    QuerySet,
)
from django.utils import timezone

from meetings.models import (
    Meeting,
    MeetingQuerySet,
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


def _home_meetings(user: Viewer) -> MeetingQuerySet:
    return (
        Meeting.objects.visible_to(user).select_related("host__parent").only(*HOME_MEETING_FIELDS)
    )


def upcoming_meetings_for_home(*, user: Viewer, limit: int = 10) -> list[Meeting]:
    return list(
        _home_meetings(user).filter(ends_at__gte=timezone.now()).order_by("starts_at")[:limit]
    )


def recent_meetings_for_home(*, user: Viewer, limit: int = 10) -> list[Meeting]:
    return list(_home_meetings(user).past().order_by("-starts_at")[:limit])
