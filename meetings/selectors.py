"""Reads for the meeting pages: the police list and meeting page, Agenda bersama,
the meeting as a given viewer may see it, follow-ups (tindak lanjut), the calendar,
reminders and notifications.

Every function starts from ``visible_to(user)``; none of them decides access on its
own. Query counts do not grow with the number of rows: lists are paginated by the
caller and everything a row shows is joined or prefetched here.
"""

import calendar as pycalendar
import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db.models import (
    BooleanField,
    Case,
    Count,
    F,
    IntegerField,
    Prefetch,
    QuerySet,
    Value,
    When,
)
from django.shortcuts import get_object_or_404
from django.utils import timezone

from agencies.models import Agency, Official
from agencies.roles import access_for
from agencies.zones import WIB, Zone

from .history import HistoryEntry, cancellation_reason, meeting_history
from .models import (
    ActionItem,
    ActionItemComment,
    AgendaItem,
    Attachment,
    Attendee,
    CalendarFeed,
    Decision,
    Invitation,
    Meeting,
    MeetingRisk,
    Notification,
)

# Joined for every meeting row: the host's zone walks up to the unit that has a seat
# (a Polsek usually takes its Polres' or Polda's), so the parents come along.
MEETING_ROW_RELATED = ("host__parent__parent", "operation")


def viewer_zone(*, user: User) -> Zone:
    """The zone of the user's own agency: the calendar grid is laid out in it."""
    access = access_for(user)
    for agency in access.liaised + access.police_units:
        return agency.zone
    return WIB


def sees_internal(*, user: User) -> bool:
    """Internal agenda items and decisions are for Polri; partner liaisons never see them."""
    access = access_for(user)
    return access.is_admin or bool(access.police_units)


# --- Agenda bersama -------------------------------------------------------------------


def shared_meetings(*, user: User) -> QuerySet[Meeting]:
    """The meetings a user sees that are not internal to Polri.

    For a liaison: the meetings shared with its agency, and the open ones. For police:
    those of its subtree (hosted or invited) and the open ones. Scoping is entirely
    ``Meeting.objects.visible_to``; this only drops internal meetings.
    """
    return Meeting.objects.visible_to(user).exclude(visibility=Meeting.Visibility.INTERNAL)


def _invitations_prefetch() -> Prefetch:
    return Prefetch("invitations", queryset=Invitation.objects.select_related("agency"))


def shared_agenda(*, user: User, now: datetime.datetime | None = None) -> QuerySet[Meeting]:
    """Agenda bersama: upcoming meetings first (soonest first), then past ones (latest
    first). Each row carries ``is_past`` and its invitations (with agencies)."""
    now = now or timezone.now()
    return (
        shared_meetings(user=user)
        .select_related(*MEETING_ROW_RELATED)
        .prefetch_related(_invitations_prefetch())
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


def my_invitations(*, meeting: Meeting, user: User) -> list[Invitation]:
    """The invitations of ``meeting`` a liaison answers for (from prefetched rows)."""
    liaised = {agency.pk for agency in access_for(user).liaised}
    return [inv for inv in meeting.invitations.all() if inv.agency_id in liaised]


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
    def meeting_count(self) -> int:
        return len({m.pk for week in self.weeks for day in week for m in day.meetings})


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


# --- One meeting, as its viewer may see it -------------------------------------------


@dataclass(frozen=True)
class AgendaEntry:
    item: AgendaItem
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    # Blank when the viewer may not read the minutes.
    minutes: str


@dataclass
class MeetingForViewer:
    meeting: Meeting
    sees_internal: bool
    minutes_visible: bool
    agenda: list[AgendaEntry]
    decisions: list[Decision]
    action_items: list[ActionItem]
    invitations: list[Invitation]
    my_invitations: list[Invitation]
    updatable_action_item_ids: frozenset[int]

    @property
    def can_rsvp(self) -> bool:
        return bool(self.my_invitations) and rsvp_open(self.meeting)


def rsvp_open(meeting: Meeting, now: datetime.datetime | None = None) -> bool:
    return not meeting.is_cancelled and meeting.ends_at > (now or timezone.now())


def agenda_times(
    meeting: Meeting, items: list[AgendaItem]
) -> list[tuple[AgendaItem, datetime.datetime, datetime.datetime]]:
    """Each item's start and end, counted from the meeting's start in agenda order."""
    start = meeting.starts_at
    timed = []
    for item in sorted(items, key=lambda i: i.order):
        end = start + datetime.timedelta(minutes=item.duration_minutes)
        timed.append((item, start, end))
        start = end
    return timed


def meeting_for_viewer(meeting: Meeting, user: User) -> MeetingForViewer:
    """What ``user`` may see of ``meeting``, for the meeting page and its partials.

    ``meeting`` must already come from ``Meeting.objects.visible_to(user)`` (404
    otherwise); this only trims its contents:

    - internal agenda items and internal decisions are dropped for partner liaisons
      (police and admins see them). Item times still count the hidden items, so the
      times a liaison sees are the real ones;
    - when ``meeting.minutes_shared`` is off, liaisons get no minutes text; shared
      (non-internal) decisions stay visible, as on the meeting page
      (``selectors.meeting_page``), since each decision has its own flag;
    - action items: ``ActionItem.objects.visible_to(user)`` (a liaison: only its own
      agency's); ``updatable_action_item_ids`` says which the user may update;
    - ``my_invitations``: the invitations the user answers for (RSVP).

    Five queries whatever the size of the meeting.
    """
    internal_ok = sees_internal(user=user)
    minutes_visible = internal_ok or meeting.minutes_shared
    items = list(AgendaItem.objects.filter(meeting=meeting).select_related("presenter"))
    agenda = [
        AgendaEntry(
            item=item,
            starts_at=start,
            ends_at=end,
            minutes=item.minutes if minutes_visible else "",
        )
        for item, start, end in agenda_times(meeting, items)
        if internal_ok or not item.is_internal
    ]
    decision_qs = Decision.objects.filter(meeting=meeting).select_related("agenda_item")
    if not internal_ok:
        decision_qs = decision_qs.filter(is_internal=False)
    decisions = list(decision_qs)
    action_qs = ActionItem.objects.visible_to(user).filter(meeting=meeting)
    action_items = list(action_qs.select_related("owner_agency", "owner_official"))
    updatable = frozenset(
        ActionItem.objects.updatable_by(user)
        .filter(pk__in=[a.pk for a in action_items])
        .values_list("pk", flat=True)
    )
    invitations = list(Invitation.objects.filter(meeting=meeting).select_related("agency"))
    liaised = {agency.pk for agency in access_for(user).liaised}
    return MeetingForViewer(
        meeting=meeting,
        sees_internal=internal_ok,
        minutes_visible=minutes_visible,
        agenda=agenda,
        decisions=decisions,
        action_items=action_items,
        invitations=invitations,
        my_invitations=[inv for inv in invitations if inv.agency_id in liaised],
        updatable_action_item_ids=updatable,
    )


def visible_agenda_items(*, meeting: Meeting, user: User) -> QuerySet[AgendaItem]:
    """The agenda items of ``meeting`` the user may see (no internal ones for liaisons)."""
    qs = AgendaItem.objects.filter(meeting=meeting)
    return qs if sees_internal(user=user) else qs.filter(is_internal=False)


def invitation_for_rsvp(*, meeting_pk: int, user: User, agency_pk: int | None = None) -> Invitation:
    """The invitation a liaison answers, on a meeting it may see; DoesNotExist (404)
    when its agency was not invited or the meeting is hidden from it."""
    access = access_for(user)
    qs = Invitation.objects.filter(
        meeting__in=Meeting.objects.visible_to(user).values("pk"),
        meeting_id=meeting_pk,
        agency__in=access.liaised,
    ).select_related("meeting__host__parent__parent", "agency", "responded_by")
    if agency_pk is not None:
        qs = qs.filter(agency_id=agency_pk)
    return qs.order_by("agency__path")[:1].get()


# --- Tindak lanjut --------------------------------------------------------------------


def action_item_list(*, user: User, today: datetime.date | None = None) -> QuerySet[ActionItem]:
    """Follow-ups the user may see, open and overdue ones first, then by due date."""
    today = today or timezone.localdate()
    closed = [ActionItem.Status.DONE, ActionItem.Status.CANCELLED]
    return (
        ActionItem.objects.visible_to(user)
        .select_related("meeting__host__parent__parent", "owner_agency", "owner_official")
        .annotate(
            closed_rank=Case(
                When(status__in=closed, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by("closed_rank", "due_date", "pk")
    )


def action_item_owner_agencies(*, user: User) -> QuerySet[Agency]:
    return Agency.objects.filter(
        pk__in=ActionItem.objects.visible_to(user).values("owner_agency_id")
    ).order_by("path")


def action_item_detail(*, user: User, pk: int) -> ActionItem:
    """One follow-up the user may see (DoesNotExist otherwise), with its meeting."""
    return (
        ActionItem.objects.visible_to(user)
        .select_related(
            "meeting__host__parent__parent", "owner_agency", "owner_official", "decision"
        )
        .get(pk=pk)
    )


def decision_for_viewer(*, action_item: ActionItem, user: User) -> Decision | None:
    """The decision a follow-up came from, if the user may read it (same rules as
    ``meeting_for_viewer``: internal decisions are for Polri)."""
    decision = action_item.decision
    if decision is None or sees_internal(user=user):
        return decision
    return None if decision.is_internal else decision


def action_item_comments(*, action_item: ActionItem) -> QuerySet[ActionItemComment]:
    return ActionItemComment.objects.filter(action_item=action_item).select_related(
        "author", "author_agency"
    )


def action_item_status_history(*, action_item: ActionItem) -> list[dict]:
    """Status changes of a follow-up (who, when, from, to), newest first, from its
    django-simple-history records."""
    records = list(
        ActionItem.history.filter(id=action_item.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    labels = dict(ActionItem.Status.choices)
    changes = []
    previous = None
    for record in records:
        if previous is None or record.status != previous.status:
            changes.append(
                {
                    "when": record.history_date,
                    "user": record.history_user,
                    "from": labels.get(previous.status) if previous else None,
                    "to": labels.get(record.status, record.status),
                }
            )
        previous = record
    changes.reverse()
    return changes


# --- Calendar feeds -------------------------------------------------------------------


def active_calendar_feed(*, user: User) -> CalendarFeed | None:
    return CalendarFeed.objects.active().filter(user=user).first()


def calendar_feed_for_token(*, token: str) -> CalendarFeed | None:
    """The active feed a secret token opens, or None (unknown or revoked)."""
    if not token or len(token) > 128:
        return None
    return (
        CalendarFeed.objects.active()
        .select_related("user")
        .filter(token_hash=CalendarFeed.digest(token), user__is_active=True)
        .first()
    )


# Calendar clients re-download the whole feed on every poll; three months of history
# is what a liaison looks back on, and keeps a busy Polda's feed small.
FEED_PAST_DAYS = 90
# A calendar client gives up on a feed that takes too long to build; past this many
# events the farthest future meetings wait for a later poll.
FEED_MAX_EVENTS = 1000


def calendar_feed_meetings(
    *,
    user: User,
    now: datetime.datetime | None = None,
    past_days: int = FEED_PAST_DAYS,
    limit: int = FEED_MAX_EVENTS,
) -> QuerySet[Meeting]:
    """What a feed publishes: the meetings the user may see from ``past_days`` back on,
    soonest first, at most ``limit``, with all their agenda items prefetched as
    ``feed_agenda`` (internal ones included, since they take time;
    ``meetings.calendar`` leaves them out for liaisons)."""
    now = now or timezone.now()
    items = AgendaItem.objects.order_by("order")
    return (
        Meeting.objects.visible_to(user)
        .filter(ends_at__gte=now - datetime.timedelta(days=past_days))
        .select_related(*MEETING_ROW_RELATED)
        .prefetch_related(Prefetch("agenda_items", queryset=items, to_attr="feed_agenda"))
        .order_by("starts_at", "pk")[:limit]
    )


def meeting_agenda_for_calendar(*, meeting: Meeting) -> list[AgendaItem]:
    """All agenda items of one meeting, for its .ics (trimmed per viewer there)."""
    return list(AgendaItem.objects.filter(meeting=meeting).order_by("order"))


MEETING_RELATED = ("host__seat", "host__parent__seat", "operation")


def meeting_list(*, user: User) -> QuerySet[Meeting]:
    """Meetings the user may see, newest first, ready for one page of the list."""
    return (
        Meeting.objects.visible_to(user)
        .select_related(*MEETING_RELATED)
        .order_by("-starts_at", "-pk")
    )


def with_invited_counts(meetings: Iterable[Meeting]) -> list[Meeting]:
    """Sets ``invited_count`` on one page of meetings, in one query.

    Counted per page rather than annotated on the list query: an aggregate there
    would group every visible meeting before the page is cut.
    """
    page = list(meetings)
    counts = dict(
        Invitation.objects.filter(meeting__in=page)
        .order_by()
        .values("meeting")
        .annotate(count=Count("pk"))
        .values_list("meeting", "count")
    )
    for meeting in page:
        meeting.invited_count = counts.get(meeting.pk, 0)  # type: ignore[attr-defined]
    return page


@dataclass
class TimedAgendaItem:
    item: AgendaItem
    starts_at: datetime.datetime
    ends_at: datetime.datetime


def agenda_with_times(*, meeting: Meeting, items: Iterable[AgendaItem]) -> list[TimedAgendaItem]:
    """Each item starts when the previous one ends, from the meeting's start."""
    rows = []
    start = meeting.starts_at
    for item in items:
        end = start + datetime.timedelta(minutes=item.duration_minutes)
        rows.append(TimedAgendaItem(item=item, starts_at=start, ends_at=end))
        start = end
    return rows


@dataclass
class MeetingPage:
    meeting: Meeting
    is_police: bool
    can_edit: bool
    agenda: list[TimedAgendaItem]
    invitations: list[Invitation]
    attendees: list[Attendee]
    decisions: list[Decision]
    action_items: list[ActionItem]
    attachments: list[Attachment]
    show_minutes: bool
    # Police only: MeetingRisk has no internal flag, and a risk names who raised it.
    risks: list[MeetingRisk] = field(default_factory=list)
    # The invitations of the viewer's own agencies: what a liaison may answer (RSVP).
    my_invitations: list[Invitation] = field(default_factory=list)
    cancellation_reason: str = ""
    history: list[HistoryEntry] = field(default_factory=list)

    @property
    def planned_end(self) -> datetime.datetime | None:
        return self.agenda[-1].ends_at if self.agenda else None


def visible_meeting(*, user: User, pk: int) -> Meeting:
    """The meeting if the user may see it; 404 otherwise, never 403."""
    return get_object_or_404(
        Meeting.objects.visible_to(user).select_related(
            *MEETING_RELATED, "chair__agency", "chair_on_behalf_of__agency", "created_by"
        ),
        pk=pk,
    )


def editable_meeting(*, user: User, pk: int) -> Meeting:
    return get_object_or_404(
        Meeting.objects.editable_by(user).select_related(*MEETING_RELATED), pk=pk
    )


def meeting_page(*, user: User, pk: int, with_history: bool = True) -> MeetingPage:
    meeting = visible_meeting(user=user, pk=pk)
    access = access_for(user)
    is_police = access.is_admin or bool(access.police_units)

    invitations = list(meeting.invitations.select_related("agency", "responded_by"))
    liaised_ids = {agency.pk for agency in access.liaised}
    all_items = list(meeting.agenda_items.select_related("presenter__agency"))
    agenda = agenda_with_times(meeting=meeting, items=all_items)
    decisions = meeting.decisions.select_related("agenda_item")
    action_items = meeting.action_items.select_related("owner_agency", "owner_official")
    attachments = meeting.attachments.select_related("uploaded_by")
    if not is_police:
        agenda = [row for row in agenda if not row.item.is_internal]
        decisions = decisions.filter(is_internal=False)
        action_items = action_items.filter(owner_agency__in=access.liaised)
        attachments = attachments.filter(is_internal=False)

    return MeetingPage(
        meeting=meeting,
        is_police=is_police,
        can_edit=access.can_operate(meeting.host),
        agenda=agenda,
        invitations=invitations,
        my_invitations=[i for i in invitations if i.agency_id in liaised_ids],
        attendees=list(
            meeting.attendees.select_related("agency", "official__agency", "represents__agency")
        ),
        decisions=list(decisions),
        action_items=list(action_items),
        attachments=list(attachments),
        risks=list(meeting.risks.select_related("raised_by")) if is_police else [],
        show_minutes=is_police or meeting.minutes_shared,
        cancellation_reason=cancellation_reason(meeting=meeting),
        history=meeting_history(meeting=meeting) if (with_history and is_police) else [],
    )


def meeting_parties(*, meeting: Meeting) -> list[Agency]:
    """The host and the invited agencies: who may attend and own follow-ups."""
    invited = Agency.objects.filter(invitations__meeting=meeting)
    return list((Agency.objects.filter(pk=meeting.host_id) | invited).distinct().order_by("path"))


def officials_of(*, agencies: Iterable[Agency]) -> list[Official]:
    return list(
        Official.objects.filter(agency__in=agencies, is_active=True)
        .select_related("agency")
        .order_by("agency__path", "name")
    )


def presenters_for(*, user: User, meeting: Meeting | None) -> list[Official]:
    """Officials who may present: from the user's units and the invited agencies."""
    access = access_for(user)
    units = (
        Agency.objects.police() if access.is_admin else Agency.objects.subtrees_of(access.operated)
    )
    agencies = Agency.objects.filter(pk__in=units.values("pk"))
    if meeting is not None and meeting.pk:
        agencies = agencies | Agency.objects.filter(invitations__meeting=meeting)
    return officials_of(agencies=agencies.distinct())


def outcome_querysets(*, meeting: Meeting) -> dict:
    return {
        "invitations": meeting.invitations.select_related("agency").order_by("agency__path"),
        "agenda_items": meeting.agenda_items.order_by("order"),
        "attendees": meeting.attendees.all(),
        "decisions": meeting.decisions.all(),
        "action_items": meeting.action_items.all(),
        "risks": meeting.risks.all(),
    }


def notifications_for(*, user: User, limit: int = 50) -> list[Notification]:
    return list(
        Notification.objects.filter(user=user)
        .select_related("meeting__host__seat", "meeting__host__parent")
        .order_by("-created_at")[:limit]
    )


def unread_notifications(*, user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).unread()
