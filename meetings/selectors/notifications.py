"""A user's in-app notifications."""

from django.db.models import (
    QuerySet,
)

from ..models import (
    Notification,
)


def notifications_for(*, user, limit: int = 50) -> list[Notification]:
    return list(
        Notification.objects.filter(user=user)
        .select_related("meeting__host__seat", "meeting__host__parent")
        .order_by("-created_at")[:limit]
    )


def unread_notifications(*, user) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).unread()
