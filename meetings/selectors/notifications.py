"""A user's in-app notifications."""

from django.contrib.auth.models import User

from ..models import (
    Notification,
)


def notifications_for(*, user: User, limit: int = 50) -> list[Notification]:
    return list(
        Notification.objects.filter(user=user)
        .select_related("meeting__host__seat", "meeting__host__parent")
        .order_by("-created_at")[:limit]
    )
