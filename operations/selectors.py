from django.db.models import QuerySet

from meetings.models import Meeting

from .models import Operation


def operations_for_home(*, user) -> QuerySet[Operation]:
    return (
        Operation.objects.visible_to(user)
        .select_related("commanding_unit", "parent")
        .prefetch_related("elections")
        .order_by("-starts_on", "name")
    )


def upcoming_meetings_for_home(*, user, limit: int = 10) -> list[Meeting]:
    return list(
        Meeting.objects.visible_to(user)
        .upcoming()
        .select_related("host__seat", "host__parent", "operation")
        .order_by("starts_at")[:limit]
    )


def recent_meetings_for_home(*, user, limit: int = 10) -> list[Meeting]:
    return list(
        Meeting.objects.visible_to(user)
        .select_related("host__seat", "host__parent", "operation")
        .order_by("-starts_at")[:limit]
    )
