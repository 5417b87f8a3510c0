"""Reads for the operations side's pages: meeting list, meeting page, PDFs, editors.

(``meetings/selectors.py`` holds the shared side's reads: Agenda bersama, follow-ups,
calendar; the two were written in parallel.)

What a partner agency's liaison sees of a meeting is decided here, once, for the
page and the PDFs alike: no internal agenda items or decisions, minutes only when
shared, and only the follow-ups its own agency owns.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404

from agencies.models import Agency, Official
from agencies.roles import access_for

from .history import HistoryEntry, cancellation_reason, meeting_history
from .models import ActionItem, AgendaItem, Attachment, Attendee, Decision, Invitation, Meeting

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
    }
