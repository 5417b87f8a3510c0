from django.shortcuts import render

from agencies.access import AUTHENTICATED, allow

from . import selectors


@allow(AUTHENTICATED)
def home(request):
    """Each role's starting page: the operations and meetings it may see."""
    return render(
        request,
        "operations/home.html",
        {
            "operations": selectors.operations_for_home(user=request.user),
            "upcoming_meetings": selectors.upcoming_meetings_for_home(user=request.user),
            "recent_meetings": selectors.recent_meetings_for_home(user=request.user),
        },
    )
