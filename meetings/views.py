"""Meeting pages.

Two engineers add views here: the operations side (list, page, create/edit/cancel,
outcome, attachments, PDFs) and the shared side (Agenda bersama, RSVP, follow-ups,
calendar). Each keeps its views in one contiguous block.
"""

from django.shortcuts import render

from agencies.access import ADMIN, COMMANDER, OPERATOR, allow

# --- operations side (meetings-ops) -------------------------------------------------


@allow(OPERATOR, COMMANDER, ADMIN)
def meeting_list(request):
    return render(request, "meetings/meeting_list.html", {})


# --- end of operations side ---------------------------------------------------------
