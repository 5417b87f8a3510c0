"""In-app notifications and a meeting's reminder settings."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agencies.access import AUTHENTICATED, OPERATOR, allow

from .. import selectors, services
from ..forms import ReminderOffsetsForm, offset_label


@allow(AUTHENTICATED)
def notification_list(request):
    return render(
        request,
        "meetings/notifications.html",
        {"notifications": selectors.notifications_for(user=request.user)},
    )


@allow(AUTHENTICATED)
@require_POST
def notifications_mark_read(request):
    services.mark_notifications_read(user=request.user)
    return redirect("meetings:notifications")


@allow(OPERATOR)
def meeting_reminders(request, pk):
    """The meeting's reminders (offsets before its start), editable by its operators."""
    meeting = selectors.editable_meeting(user=request.user, pk=pk)
    current = selectors.meeting_reminders(meeting=meeting)
    form = ReminderOffsetsForm(
        request.POST or None,
        initial={"offsets": ", ".join(offset_label(r.offset) for r in current)},
    )
    if request.method == "POST" and form.is_valid():
        services.set_meeting_reminders(meeting=meeting, offsets=form.cleaned_data["offsets"])
        messages.success(request, _("Pengingat rapat disimpan."))
        return redirect("meetings:reminders", pk=meeting.pk)
    return render(
        request,
        "meetings/reminders.html",
        {"meeting": meeting, "reminders": current, "form": form},
    )
