"""Agencies a filter may choose from, per list, and searching them for the search widget."""

from collections.abc import Callable, Collection
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Left
from django.http import Http404

from agencies.choice_lists import cached_list
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


def meeting_invitees(
    *, user: User, host: Agency | None = None, first: Collection[int] = ()
) -> QuerySet[Agency]:
    """The agencies a meeting may invite (any: the editor's field accepts them all), those
    seated in the host's kabupaten first, then its province, then the rest; the editor's
    picker offers the first and asks for the others. ``first`` (the agencies already
    chosen) come before all, so that one query reads them and the nearest."""
    agencies = Agency.objects.all()
    ahead = []
    if first:
        agencies = agencies.annotate(
            chosen_rank=Case(When(pk__in=first, then=Value(0)), default=Value(1))
        )
        ahead = ["chosen_rank"]
    area = host.seat_id or "" if host is not None else ""
    if not area:
        return agencies.order_by(*ahead, "kind", "seat__name", "short_name", "pk")
    # As meetings/forms/meeting.py's _area_rank and static/meetings/agency_picker.js.
    rank = Case(
        When(area5=area[:5], then=Value(0)),
        When(area2=area[:2], then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return agencies.annotate(
        area5=Left("seat_id", 5), area2=Left("seat_id", 2), area_rank=rank
    ).order_by(*ahead, "area_rank", "kind", "seat__name", "short_name", "pk")


def editable_hosts(*, user: User) -> QuerySet[Agency]:
    """The police units whose meetings the user may host: the editor's host field."""
    access = access_for(user)
    units = Agency.objects.police()
    return units if access.is_admin else units.subtrees_of(access.operated)


@dataclass(frozen=True)
class HostChoice:
    """A unit the editor offers as host, with what the page shows of it."""

    pk: int
    short_name: str
    seat_id: str | None
    zone_label: str


def host_choices(*, user: User) -> list[HostChoice]:
    """``editable_hosts`` as the editor offers them, kept in the cache per set of units
    operated (they change only with the agencies, whose writes replace the cached lists):
    each unit's zone walks up to the unit that has a seat."""
    access = access_for(user)
    key = "all" if access.is_admin else "-".join(sorted(str(u.pk) for u in access.operated))

    def read() -> list[HostChoice]:
        units = editable_hosts(user=user).select_related("seat", "parent").order_by("path")
        return [HostChoice(u.pk, u.short_name, u.seat_id, u.zone.label) for u in units]

    return cached_list(f"meeting-hosts:{key}", read)


# How many of the host's nearest agencies are kept: enough to offer AGENCY_RESULTS
# besides the chosen ones, which are usually the nearest too.
NEAREST_KEPT = 200


def _area(host: Agency | None) -> str:
    return (host.seat_id or "") if host is not None else ""


def invitee_choices(*, user: User, host: Agency | None, chosen: Collection[int]) -> list:
    """The editor's invited agencies as (pk, short name): ``chosen`` (those that exist),
    then AGENCY_RESULTS more in ``meeting_invitees`` order, as one query of both would
    give them. The nearest are kept in the cache (they change only with the agencies and
    regions, whose writes replace the cached lists): ranking every agency of the country
    against the host's area took longer than the rest of the editor."""
    chosen = set(chosen)
    rows = []
    if chosen:
        rows = list(
            meeting_invitees(user=user, host=host)
            .filter(pk__in=chosen)
            .values_list("pk", "short_name")
        )
    wanted = AGENCY_RESULTS + len(chosen) - len(rows)
    area = _area(host)
    nearest = cached_list(
        f"meeting-invitees:{area}",
        lambda: list(
            meeting_invitees(user=user, host=host).values_list("pk", "short_name")[:NEAREST_KEPT]
        ),
    )
    others = [row for row in nearest if row[0] not in chosen][:wanted]
    if len(others) < wanted and len(nearest) == NEAREST_KEPT:
        others = list(
            meeting_invitees(user=user, host=host)
            .exclude(pk__in=chosen)
            .values_list("pk", "short_name")[:wanted]
        )
    return rows + others


def meeting_invitee_host(pk: str | None) -> Agency | None:
    """The police unit named by ``pk`` (what the editor's host field holds), or None."""
    if not pk or not str(pk).isdigit() or len(str(pk)) > 18:
        return None
    return Agency.objects.police().filter(pk=pk).only("pk", "seat_id").first()


def shared_meeting_hosts(*, user: User) -> QuerySet[Agency]:
    return hosts_of(meetings=shared_meetings(user=user))


# The lists whose agency filter asks the server, by the name in the search URL.
AGENCY_CHOICES: dict[str, Callable[..., QuerySet[Agency]]] = {
    "penyelenggara": meeting_list_hosts,
    "diundang": invitable_agencies,
    "penyelenggara-bersama": shared_meeting_hosts,
    "penanggung-jawab": action_item_owner_agencies,
}


# The editor's invited agencies, ranked around the host named in the search.
INVITEES = "undangan"


def search_agencies(
    *, user: User, choices: str, term: str, host: str | None = None
) -> list[Agency]:
    """The first agencies of list ``choices`` the user may choose whose names hold every
    word of ``term`` (the editor's list also matches the seat's name, "Agam" finding every
    agency there, and ranks them around ``host``); 404 for a list that does not exist."""
    if choices == INVITEES:
        agencies = meeting_invitees(user=user, host=meeting_invitee_host(host))
    elif choices in AGENCY_CHOICES:
        agencies = AGENCY_CHOICES[choices](user=user)
    else:
        raise Http404
    term = term.replace("\x00", "")[:TERM_MAX_LENGTH]
    for word in term.split():
        matches = Q(short_name__icontains=word) | Q(name__icontains=word)
        if choices == INVITEES:
            matches |= Q(seat__name__icontains=word)
        agencies = agencies.filter(matches)
    return list(agencies.only("pk", "short_name", "name")[:AGENCY_RESULTS])
