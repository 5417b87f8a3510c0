"""One meeting as a given viewer may see it, the police meeting list, editors' choices."""

import datetime
from dataclasses import dataclass, field

from django.db.models import (
    Count,
    QuerySet,
)
from django.shortcuts import get_object_or_404
from django.utils import timezone

from agencies.models import Agency, Official
from agencies.roles import access_for
from agencies.zones import WIB, Zone

from ..history import HistoryEntry, cancellation_reason, meeting_history
from ..models import (
    ActionItem,
    AgendaItem,
    Attachment,
    Attendee,
    Decision,
    Invitation,
    Meeting,
    MeetingRisk,
)

# Joined for every meeting row: the host's zone walks up to the unit that has a seat
# (a Polsek usually takes its Polres' or Polda's), so the parents come along.
MEETING_ROW_RELATED = ("host__parent__parent", "operation")


def viewer_zone(*, user) -> Zone:
    """The zone of the user's own agency: the calendar grid is laid out in it."""
    access = access_for(user)
    for agency in access.liaised + access.police_units:
        return agency.zone
    return WIB


def sees_internal(*, user) -> bool:
    """Internal agenda items and decisions are for Polri; partner liaisons never see them."""
    access = access_for(user)
    return access.is_admin or bool(access.police_units)


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


def meeting_for_viewer(meeting: Meeting, user) -> MeetingForViewer:
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


def visible_agenda_items(*, meeting: Meeting, user) -> QuerySet[AgendaItem]:
    """The agenda items of ``meeting`` the user may see (no internal ones for liaisons)."""
    qs = AgendaItem.objects.filter(meeting=meeting)
    return qs if sees_internal(user=user) else qs.filter(is_internal=False)


def invitation_for_rsvp(*, meeting_pk: int, user, agency_pk: int | None = None) -> Invitation:
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


MEETING_RELATED = ("host__seat", "host__parent__seat", "operation")


def meeting_list(*, user) -> QuerySet[Meeting]:
    """Meetings the user may see, newest first, ready for one page of the list."""
    return (
        Meeting.objects.visible_to(user)
        .select_related(*MEETING_RELATED)
        .order_by("-starts_at", "-pk")
    )


def with_invited_counts(meetings) -> list[Meeting]:
    """Sets ``invited_count`` on one page of meetings, in one query.

    Counted per page rather than annotated on the list query: an aggregate there
    would group every visible meeting before the page is cut.
    """
    meetings = list(meetings)
    counts = dict(
        Invitation.objects.filter(meeting__in=meetings)
        .order_by()
        .values("meeting")
        .annotate(count=Count("pk"))
        .values_list("meeting", "count")
    )
    for meeting in meetings:
        meeting.invited_count = counts.get(meeting.pk, 0)
    return meetings


@dataclass
class TimedAgendaItem:
    item: AgendaItem
    starts_at: datetime.datetime
    ends_at: datetime.datetime


def agenda_with_times(*, meeting: Meeting, items) -> list[TimedAgendaItem]:
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


def visible_meeting(*, user, pk: int) -> Meeting:
    """The meeting if the user may see it; 404 otherwise, never 403."""
    return get_object_or_404(
        Meeting.objects.visible_to(user).select_related(
            *MEETING_RELATED, "chair__agency", "chair_on_behalf_of__agency", "created_by"
        ),
        pk=pk,
    )


def editable_meeting(*, user, pk: int) -> Meeting:
    return get_object_or_404(
        Meeting.objects.editable_by(user).select_related(*MEETING_RELATED), pk=pk
    )


def meeting_page(*, user, pk: int, with_history: bool = True) -> MeetingPage:
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


def officials_of(*, agencies) -> list[Official]:
    return list(
        Official.objects.filter(agency__in=agencies, is_active=True)
        .select_related("agency")
        .order_by("agency__path", "name")
    )


def presenters_for(*, user, meeting: Meeting | None) -> list[Official]:
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
