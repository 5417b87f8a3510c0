"""Agenda bersama: the meetings shared with partner agencies, as a list and as a calendar grid."""

import calendar as pycalendar
import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db.models import (
    BooleanField,
    Case,
    Count,
    F,
    QuerySet,
    Value,
    When,
    Window,
)
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

from agencies.models import Agency
from agencies.roles import access_for
from agencies.zones import Zone

from ..models import (
    Invitation,
    Meeting,
)
from .meetings import MEETING_ROW_RELATED


def shared_meetings(*, user: User) -> QuerySet[Meeting]:
    """The meetings a user sees that are not internal to Polri.

    For a liaison: the meetings shared with its agency, and the open ones. For police:
    those of its subtree (hosted or invited) and the open ones. Scoping is entirely
    ``Meeting.objects.visible_to``; this only drops internal meetings.
    """
    return Meeting.objects.visible_to(user).exclude(visibility=Meeting.Visibility.INTERNAL)


def shared_agenda(*, user: User, now: datetime.datetime | None = None) -> QuerySet[Meeting]:
    """Agenda bersama: upcoming meetings first (soonest first), then past ones (latest
    first). Each row carries ``is_past``; ``with_invitations`` adds the invitations
    the list shows (the calendar shows none)."""
    now = now or timezone.now()
    return (
        shared_meetings(user=user)
        .select_related(*MEETING_ROW_RELATED)
        .annotate(
            is_past=Case(
                When(ends_at__lt=now, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            upcoming_start=Case(When(ends_at__gte=now, then=F("starts_at"))),
            past_start=Case(When(ends_at__lt=now, then=F("starts_at"))),
        )
        .order_by("is_past", "upcoming_start", F("past_start").desc(), "pk")
    )


# What a row of the list shows: the meeting's own columns, its host's name and the
# chain the host's zone is read from, its operation's name. Not the description or
# the minutes' columns, which the list never shows.
AGENDA_ROW_FIELDS = (
    "title",
    "starts_at",
    "ends_at",
    "venue",
    "visibility",
    "status",
    "page_revision",
    "host__short_name",
    *Agency.zone_fields("host"),
    "operation__name",
)


def shared_agenda_rows(*, meetings: QuerySet[Meeting]) -> "AgendaListRows":
    """The list's rows of ``meetings`` (a ``shared_agenda``, filtered), for a paginator:
    sliced, they are read in two steps (``AgendaListRows``). Each row carries
    ``listed``, how many rows the whole list has (the page needs no COUNT of its own).
    ``with_invitations`` adds the invitations of one page."""
    return AgendaListRows(meetings)


class AgendaListRows:
    """A ``shared_agenda`` as a paginator slices it. The order is computed per row
    (upcoming first), so PostgreSQL ranks every visible meeting to find one page: that
    ranking reads only the meetings' ids, flags and the window total, and the columns,
    host and operation a row shows are then read for the page's rows alone (joining
    them before the sort cost a third of the page's SQL time on a national agenda)."""

    def __init__(self, meetings: QuerySet[Meeting]):
        self._meetings = meetings

    def count(self) -> int:
        return self._meetings.count()

    def __getitem__(self, bounds: slice) -> list[Meeting]:
        ranked = list(
            self._meetings.annotate(listed=Window(Count("*"))).values_list(
                "pk", "is_past", "listed"
            )[bounds]
        )
        rows = (
            Meeting.objects.filter(pk__in=[pk for pk, _, _ in ranked])
            .select_related(*MEETING_ROW_RELATED)
            .only(*AGENDA_ROW_FIELDS)
            .in_bulk()
            if ranked
            else {}
        )
        page = []
        for pk, is_past, listed in ranked:
            meeting = rows[pk]
            meeting.is_past, meeting.listed = is_past, listed  # type: ignore[attr-defined]
            page.append(meeting)
        return page


@dataclass(frozen=True)
class AgendaInvitation:
    """One invitation as a row of the list shows it: the agency's name and its answer."""

    meeting_id: int
    agency_id: int
    agency: str
    rsvp: str

    def get_rsvp_display(self) -> str:
        return str(RSVP_LABELS.get(self.rsvp, self.rsvp))


RSVP_LABELS = dict(Invitation.Rsvp.choices)


def with_invitations(*, meetings: Iterable[Meeting], user: User) -> list[Meeting]:
    """Sets on one page of meetings ``invited`` (their invitations, in the agencies'
    order) and ``mine`` (those the user answers for), read in one query of plain rows."""
    meetings = list(meetings)
    by_meeting: dict[int, list[AgendaInvitation]] = {meeting.pk: [] for meeting in meetings}
    rows = (
        Invitation.objects.filter(meeting_id__in=list(by_meeting))
        .order_by("agency__path", "pk")
        .values_list("meeting_id", "agency_id", "agency__short_name", "rsvp")
    )
    for row in rows:
        by_meeting[row[0]].append(AgendaInvitation(*row))
    liaised = {agency.pk for agency in access_for(user).liaised}
    detail_url, ics_url = _url_of("meetings:detail"), _url_of("meetings:meeting_ics")
    for meeting in meetings:
        meeting.invited = by_meeting[meeting.pk]
        meeting.mine = [inv for inv in meeting.invited if inv.agency_id in liaised]
        meeting.detail_url, meeting.ics_url = detail_url(meeting.pk), ics_url(meeting.pk)
    return meetings


class AgendaRows:
    """One page of the list's rows, which read their invitations when first shown: rows
    the cache holds (``agenda_rows_key``) need none."""

    def __init__(self, *, meetings: list[Meeting], user: User):
        self._meetings = meetings
        self._user = user
        self.key = agenda_rows_key(meetings=meetings, user=user)

    @cached_property
    def meetings(self) -> list[Meeting]:
        return with_invitations(meetings=self._meetings, user=self._user)


def agenda_rows_key(*, meetings: Iterable[Meeting], user: User) -> str:
    """What one page of the list's rows shows, as a cache key: each meeting's contents
    (a fresh ``page_revision`` on every write to it, its invitations and the agencies
    they name, ``meetings.signals``), its operation's name (which no revision follows)
    and whether it is past; and the agencies the user answers for."""
    liaised = sorted(agency.pk for agency in access_for(user).liaised)
    rows = [
        # ``is_past`` is ``shared_agenda``'s annotation.
        f"{m.pk}.{m.page_revision.hex}.{int(m.is_past)}"  # type: ignore[attr-defined]
        f".{m.operation.name if m.operation else ''}"
        for m in meetings
    ]
    return "|".join([",".join(map(str, liaised)), *rows])


def _url_of(name: str) -> Callable[[int], str]:
    """A meeting's URL named ``name`` from one ``reverse()`` for a whole page of rows
    (as ``meetings.calendar.meeting_url_builder``): the list links each row twice."""
    marker = "987654321"
    template = reverse(name, args=[int(marker)])
    return lambda pk: template.replace(marker, str(pk))


@dataclass
class CalendarDay:
    date: datetime.date
    in_range: bool
    is_today: bool
    meetings: list[Meeting] = field(default_factory=list)


@dataclass
class CalendarGrid:
    mode: str  # "month" or "week"
    anchor: datetime.date
    first_day: datetime.date
    last_day: datetime.date
    previous_anchor: datetime.date
    next_anchor: datetime.date
    zone: Zone
    weeks: list[list[CalendarDay]]

    @property
    def has_meetings(self) -> bool:
        return any(day.in_range and day.meetings for week in self.weeks for day in week)

    @property
    def key(self) -> str:
        """What the grid shows, as a cache key: its days (and which is today) in its zone,
        and each meeting's contents (a fresh ``page_revision`` on every write to it)."""
        meetings = {
            m.pk: m.page_revision.hex for week in self.weeks for d in week for m in d.meetings
        }
        return "|".join(
            [
                f"{self.mode}.{self.first_day}.{self.weeks[0][0].date}.{self.zone.tz_name}",
                str(next((d.date for w in self.weeks for d in w if d.is_today), "")),
                *(f"{pk}.{revision}" for pk, revision in meetings.items()),
            ]
        )


def calendar_grid(
    *,
    meetings: QuerySet[Meeting],
    mode: str,
    anchor: datetime.date,
    zone: Zone,
    today: datetime.date | None = None,
) -> CalendarGrid:
    """A month (Monday-first weeks covering it) or a week of ``meetings``, laid out in
    ``zone``. A meeting spanning several days appears on each of them. One query."""
    tz = zone.tzinfo
    today = today or timezone.now().astimezone(tz).date()
    if mode == "week":
        first_day = anchor - datetime.timedelta(days=anchor.weekday())
        last_day = first_day + datetime.timedelta(days=6)
        grid_start, grid_end = first_day, last_day
        previous_anchor = first_day - datetime.timedelta(days=7)
        next_anchor = first_day + datetime.timedelta(days=7)
    else:
        mode = "month"
        first_day = anchor.replace(day=1)
        last_day = first_day.replace(day=pycalendar.monthrange(anchor.year, anchor.month)[1])
        grid_start = first_day - datetime.timedelta(days=first_day.weekday())
        grid_end = last_day + datetime.timedelta(days=6 - last_day.weekday())
        previous_anchor = (first_day - datetime.timedelta(days=1)).replace(day=1)
        next_anchor = last_day + datetime.timedelta(days=1)

    range_start = datetime.datetime.combine(grid_start, datetime.time.min, tz)
    range_end = datetime.datetime.combine(
        grid_end + datetime.timedelta(days=1), datetime.time.min, tz
    )
    rows = (
        meetings.filter(starts_at__lt=range_end, ends_at__gt=range_start)
        .select_related(*MEETING_ROW_RELATED)
        .only(*AGENDA_ROW_FIELDS)
        .order_by("starts_at", "pk")
    )
    days: dict[datetime.date, CalendarDay] = {}
    day = grid_start
    while day <= grid_end:
        days[day] = CalendarDay(
            date=day, in_range=first_day <= day <= last_day, is_today=day == today
        )
        day += datetime.timedelta(days=1)
    for meeting in rows:
        start = max(meeting.starts_at.astimezone(tz).date(), grid_start)
        # A meeting ending at midnight does not occupy the next day.
        end = min(
            (meeting.ends_at - datetime.timedelta(microseconds=1)).astimezone(tz).date(), grid_end
        )
        day = start
        while day <= end:
            days[day].meetings.append(meeting)
            day += datetime.timedelta(days=1)
    ordered = list(days.values())
    weeks = [ordered[i : i + 7] for i in range(0, len(ordered), 7)]
    return CalendarGrid(
        mode=mode,
        anchor=anchor,
        first_day=first_day,
        last_day=last_day,
        previous_anchor=previous_anchor,
        next_anchor=next_anchor,
        zone=zone,
        weeks=weeks,
    )
