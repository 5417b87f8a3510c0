"""The user's in-app notifications (meeting reminders, changes, cancellations)."""

from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from agencies.access import AUTHENTICATED, allow

from . import reminder_selectors, reminder_services


@allow(AUTHENTICATED)
def notification_list(request):
    return render(
        request,
        "meetings/notifications.html",
        {"notifications": reminder_selectors.notifications_for(user=request.user)},
    )


@allow(AUTHENTICATED)
@require_POST
def notifications_mark_read(request):
    reminder_services.mark_notifications_read(user=request.user)
    return redirect("meetings:notifications")
