"""Agencies a filter may choose from, per list, and searching them for the search widget."""

from collections.abc import Callable

from django.contrib.auth.models import User
from django.db.models import Q, QuerySet
from django.http import Http404

from agencies.models import Agency
from agencies.roles import access_for

from ..models import Meeting
from .action_items import action_item_owner_agencies
from .agenda import shared_meetings

AGENCY_RESULTS = 20
# Longer search text is cut, not refused: nobody types 100 characters of an agency's name.
TERM_MAX_LENGTH = 100


def meeting_list_hosts(*, user: User) -> QuerySet[Agency]:
    """The police units whose meetings (and their units' meetings) the user may list."""
    access = access_for(user)
    police = Agency.objects.police()
    if not access.is_admin:
        police = police.subtrees_of(access.police_units)
    return police.order_by("path")


def invitable_agencies(*, user: User) -> QuerySet[Agency]:
    """Any agency can be invited; its name is no secret among police users."""
    return Agency.objects.order_by("path")


def hosts_of(*, meetings: QuerySet[Meeting]) -> QuerySet[Agency]:
    """The agencies hosting any of ``meetings`` (a subquery: nothing is read here)."""
    return Agency.objects.filter(pk__in=meetings.order_by().values("host_id")).order_by("path")


def shared_meeting_hosts(*, user: User) -> QuerySet[Agency]:
    return hosts_of(meetings=shared_meetings(user=user))


# The lists whose agency filter asks the server, by the name in the search URL.
AGENCY_CHOICES: dict[str, Callable[..., QuerySet[Agency]]] = {
    "penyelenggara": meeting_list_hosts,
    "diundang": invitable_agencies,
    "penyelenggara-bersama": shared_meeting_hosts,
    "penanggung-jawab": action_item_owner_agencies,
}


def search_agencies(*, user: User, choices: str, term: str) -> list[Agency]:
    """The first agencies of list ``choices`` the user may choose whose names hold every
    word of ``term``; 404 for a list that does not exist."""
    if choices not in AGENCY_CHOICES:
        raise Http404
    agencies = AGENCY_CHOICES[choices](user=user)
    term = term.replace("\x00", "")[:TERM_MAX_LENGTH]
    for word in term.split():
        agencies = agencies.filter(Q(short_name__icontains=word) | Q(name__icontains=word))
    return list(agencies.only("pk", "short_name", "name")[:AGENCY_RESULTS])
