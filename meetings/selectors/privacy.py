"""What a viewer may see of a meeting: the one privacy rule behind every page, PDF,
.ics, notice and digest that shows a meeting's contents."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import User

from agencies.models import Agency
from agencies.roles import access_for

from ..models import ActionItem, AgendaItem, Attachment, Decision, Meeting, MeetingRisk


@dataclass(frozen=True)
class Viewer:
    """Who reads a meeting, reduced to what decides what they may see of it.

    Police units and admins see all of a meeting they may open. Everyone else (a
    partner agency's liaison, and anything that leaves the app: e-mails, their .ics)
    never sees internal agenda items, decisions, attachments or risks, reads the
    minutes only once the host shared them, and sees only its own agencies'
    follow-ups. Opening the meeting at all is ``Meeting.objects.visible_to``.
    """

    sees_internal: bool
    agency_ids: frozenset[int] = frozenset()

    @classmethod
    def of(cls, user: User) -> "Viewer":
        access = access_for(user)
        return cls(
            sees_internal=access.is_admin or bool(access.police_units),
            agency_ids=frozenset(agency.pk for agency in access.liaised),
        )

    @classmethod
    def of_agency(cls, agency: Agency) -> "Viewer":
        """An agency reading its own mail (the follow-up digest)."""
        return cls(sees_internal=agency.is_police, agency_ids=frozenset({agency.pk}))

    def sees_item(self, item: AgendaItem) -> bool:
        return self.sees_internal or not item.is_internal

    def reads_minutes(self, meeting: Meeting) -> bool:
        return self.sees_internal or meeting.minutes_shared

    def sees_decision(self, decision: Decision) -> bool:
        return self.sees_internal or not decision.is_internal

    def sees_follow_up(self, action_item: ActionItem) -> bool:
        if self.sees_internal:
            return True
        return (
            action_item.owner_agency_id in self.agency_ids
            and action_item.meeting.visibility != Meeting.Visibility.INTERNAL
        )

    def sees_attachment(self, attachment: Attachment) -> bool:
        return self.sees_internal or not attachment.is_internal

    @property
    def sees_risks(self) -> bool:
        # MeetingRisk has no internal flag, and a risk names who raised it.
        return self.sees_internal


def agency_may_open(*, meeting: Meeting, agency: Agency, invited: bool) -> bool:
    """Whether the users of ``agency`` may open ``meeting``: ``Meeting.objects.visible_to``
    for one agency, in Python, for whoever is told about a meeting (notices, reminders,
    e-mails, digests). Nothing is sent about a meeting its recipient could not open.

    ``invited``: the agency (or, for a police unit, one below it) holds an invitation.
    """
    if not agency.is_police:
        return invited and meeting.visibility != Meeting.Visibility.INTERNAL
    if invited or meeting.host.path.startswith(agency.path):
        return True
    if meeting.visibility != Meeting.Visibility.OPEN:
        return False
    ancestor_ids = {int(pk) for pk in agency.path.strip("/").split("/")}
    return meeting.operation is None or meeting.operation.commanding_unit_id in ancestor_ids


# Whoever receives a meeting outside the app: an e-mailed notice and its .ics.
OUTSIDE = Viewer(sees_internal=False)


@dataclass(frozen=True)
class AgendaEntry:
    item: AgendaItem
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    # Blank when the viewer may not read the minutes.
    minutes: str


def agenda_for(
    *, meeting: Meeting, items: Iterable[AgendaItem], viewer: Viewer
) -> list[AgendaEntry]:
    """The agenda items ``viewer`` may see, each with its start and end.

    Times are counted from the meeting's start over ALL items in agenda order, hidden
    ones included, so the times a partner sees are the real ones.
    """
    minutes_ok = viewer.reads_minutes(meeting)
    entries = []
    start = meeting.starts_at
    for item in sorted(items, key=lambda i: (i.order, i.pk or 0)):
        end = start + datetime.timedelta(minutes=item.duration_minutes)
        if viewer.sees_item(item):
            entries.append(
                AgendaEntry(
                    item=item,
                    starts_at=start,
                    ends_at=end,
                    minutes=item.minutes if minutes_ok else "",
                )
            )
        start = end
    return entries


@dataclass
class MeetingForViewer:
    meeting: Meeting
    viewer: Viewer
    agenda: list[AgendaEntry]
    decisions: list[Decision]
    action_items: list[ActionItem]
    attachments: list[Attachment]
    risks: list[MeetingRisk] = field(default_factory=list)

    @property
    def sees_internal(self) -> bool:
        return self.viewer.sees_internal

    @property
    def minutes_visible(self) -> bool:
        return self.viewer.reads_minutes(self.meeting)

    @property
    def summary(self) -> str:
        return self.meeting.summary if self.minutes_visible else ""


def meeting_for_viewer(*, meeting: Meeting, viewer: Viewer) -> MeetingForViewer:
    """What ``viewer`` may see of ``meeting``: its agenda (timed, minutes blanked when
    not shared), decisions, follow-ups, attachments and risks.

    ``meeting`` must be one the viewer may open (``Meeting.objects.visible_to``, 404
    otherwise); this only trims its contents, by ``Viewer``'s rule. Five queries
    whatever the size of the meeting (four for a partner).
    """
    items = meeting.agenda_items.select_related("presenter__agency")
    decisions = meeting.decisions.select_related("agenda_item")
    action_items = meeting.action_items.select_related("owner_agency", "owner_official")
    attachments = meeting.attachments.select_related("uploaded_by")
    return MeetingForViewer(
        meeting=meeting,
        viewer=viewer,
        agenda=agenda_for(meeting=meeting, items=items, viewer=viewer),
        decisions=[d for d in decisions if viewer.sees_decision(d)],
        action_items=[a for a in action_items if viewer.sees_follow_up(a)],
        attachments=[a for a in attachments if viewer.sees_attachment(a)],
        risks=list(meeting.risks.select_related("raised_by")) if viewer.sees_risks else [],
    )


def decision_for_viewer(*, action_item: ActionItem, user: User) -> Decision | None:
    """The decision a follow-up came from, if the user may read it."""
    decision = action_item.decision
    if decision is None or not Viewer.of(user).sees_decision(decision):
        return None
    return decision
