"""One meeting as a given viewer may see it, the police meeting list, editors' choices."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from django.contrib.auth.models import User
from django.core.paginator import Page
from django.db.models import (
    Count,
    Q,
    QuerySet,
)
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from agencies.models import Agency, Official
from agencies.roles import Access, access_for
from agencies.zones import WIB, Zone

from ..history import cancellation_reason, history_page
from ..models import (
    Attachment,
    Attendee,
    Invitation,
    Meeting,
    MeetingReminder,
)
from .action_items import updatable_action_item_ids
from .privacy import MeetingForViewer, Viewer, meeting_for_viewer

# Joined for every meeting row: the host's zone walks up to the unit that has a seat
# (a Polsek usually takes its Polres' or Polda's), so the parents come along.
MEETING_ROW_RELATED = ("host__parent__parent", "operation")


def viewer_zone(*, user: User) -> Zone:
    """The zone of the user's own agency: the calendar grid is laid out in it."""
    access = access_for(user)
    for agency in access.liaised + access.police_units:
        return agency.zone
    return WIB


# --- One meeting: its page, its RSVP page ------------------------------------------


def rsvp_open(meeting: Meeting, now: datetime.datetime | None = None) -> bool:
    return not meeting.is_cancelled and meeting.ends_at > (now or timezone.now())


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


MEETING_RELATED = ("host__seat", "host__parent__seat", "operation")


# What a row of the police meeting list shows: its columns only. Django compiles (and
# hashes, for the ordering) every column it selects: all of four tables' cost more than
# the page's query took to run.
MEETING_LIST_FIELDS = (
    "starts_at",
    "title",
    "kind",
    "venue",
    "status",
    "host__short_name",
    "host__seat_id",
    "host__parent__seat_id",
    "host__parent__parent__seat_id",
    "host__parent__parent__parent_id",
    "operation__name",
)


def meeting_list(*, user: User) -> QuerySet[Meeting]:
    """Meetings the user may see, newest first, ready for one page of the list."""
    return (
        Meeting.objects.visible_to(user)
        .select_related(*MEETING_ROW_RELATED)
        .only(*MEETING_LIST_FIELDS)
        .order_by("-starts_at", "-pk")
    )


def with_invited_counts(meetings: Iterable[Meeting]) -> list[Meeting]:
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


class MeetingPage:
    """The meeting page and its PDFs (undangan, notulen): what the viewer may see of
    the meeting (``view``), and what the page adds around it.

    Its parts are read when first used: the page caches the fragments that show them
    (keyed by ``fragment_key``), so a cached page reads none of them."""

    def __init__(self, *, meeting: Meeting, viewer: Viewer, access: Access) -> None:
        self.meeting = meeting
        self.viewer = viewer
        self.can_edit = access.can_operate(meeting.host)
        self._liaised_ids = {agency.pk for agency in access.liaised}

    @property
    def is_police(self) -> bool:
        return self.viewer.sees_internal

    @property
    def minutes_visible(self) -> bool:
        return self.viewer.reads_minutes(self.meeting)

    @cached_property
    def view(self) -> MeetingForViewer:
        return meeting_for_viewer(meeting=self.meeting, viewer=self.viewer)

    @cached_property
    def attachments(self) -> list[Attachment]:
        """The attachments the viewer may see: outside the cached fragments, since the
        host's operators get a delete form (with its CSRF token) beside each."""
        attachments = self.meeting.attachments.order_by("kind", "uploaded_at", "pk")
        return [a for a in attachments if self.viewer.sees_attachment(a)]

    @cached_property
    def invitations(self) -> list[Invitation]:
        return list(self.meeting.invitations.select_related("agency", "responded_by"))

    @cached_property
    def attendees(self) -> list[Attendee]:
        return list(
            self.meeting.attendees.select_related(
                "agency", "official__agency", "represents__agency"
            )
        )

    @cached_property
    def my_invitations(self) -> list[Invitation]:
        """The invitations of the viewer's own agencies: what a liaison may answer (RSVP)."""
        if not self._liaised_ids:
            return []
        if "invitations" in self.__dict__:
            return [i for i in self.invitations if i.agency_id in self._liaised_ids]
        # The invitations table is inside a cached fragment: while it is cached, only
        # the viewer's own invitations are read, not every invitation and its answerer.
        return list(
            self.meeting.invitations.filter(agency_id__in=sorted(self._liaised_ids))
            .select_related("agency")
            .order_by("agency__path", "pk")
        )

    @cached_property
    def cancellation_reason(self) -> str:
        return cancellation_reason(meeting=self.meeting)

    @property
    def audience(self) -> str:
        """Who the page's contents are trimmed for (``Viewer``'s rule): police and admins
        see all of it, a partner sees what is shared and its own agencies' follow-ups."""
        if self.viewer.sees_internal:
            return "police"
        return "partner-" + "-".join(str(pk) for pk in sorted(self.viewer.agency_ids))

    @property
    def fragment_key(self) -> str:
        """What the page's cached fragments vary on: the meeting's contents (a fresh
        ``page_revision`` on every write to them), the audience, and the day
        (``ActionItem.is_overdue`` turns overnight). The template adds the language."""
        return ":".join(
            [
                str(self.meeting.pk),
                self.meeting.page_revision.hex,
                self.audience,
                timezone.localdate().isoformat(),
            ]
        )


# The officials a meeting names (page, PDFs). Read in one small query rather than joined:
# joined with the host's chain and the visibility rule, PostgreSQL spent longer planning
# the meeting's query than the rest of the page took.
MEETING_OFFICIALS = (
    "chair",
    "chair_on_behalf_of",
    "minutes_taker",
    "minutes_approved_by",
    "signatory",
)


def with_officials(meeting: Meeting) -> Meeting:
    """Sets the officials ``meeting`` names (MEETING_OFFICIALS), in one query if any."""
    ids = {getattr(meeting, f"{name}_id") for name in MEETING_OFFICIALS} - {None}
    officials = Official.objects.in_bulk(ids) if ids else {}
    for name in MEETING_OFFICIALS:
        official_id = getattr(meeting, f"{name}_id")
        if official_id in officials:
            setattr(meeting, name, officials[official_id])
    return meeting


def visible_meeting(*, user: User, pk: int) -> Meeting:
    """The meeting if the user may see it, with its host's chain, operation and
    officials; 404 otherwise, never 403."""
    meeting = get_object_or_404(
        Meeting.objects.visible_to(user).select_related(*MEETING_ROW_RELATED), pk=pk
    )
    return with_officials(meeting)


def editable_meeting(*, user: User, pk: int) -> Meeting:
    return get_object_or_404(
        Meeting.objects.editable_by(user).select_related(*MEETING_RELATED), pk=pk
    )


def meeting_page(*, user: User, pk: int) -> MeetingPage:
    """The meeting page of ``pk`` for ``user`` (404 if hidden from them)."""
    return MeetingPage(
        meeting=visible_meeting(user=user, pk=pk),
        viewer=Viewer.of(user),
        access=access_for(user),
    )


def meeting_change_page(*, user: User, pk: int, number: str | None) -> tuple[Meeting, Page]:
    """One page of a meeting's change history, for those who see all of the meeting
    (police and admins); 404 for anyone else, as for a meeting they may not open."""
    if not Viewer.of(user).sees_internal:
        raise Http404
    meeting = get_object_or_404(
        Meeting.objects.visible_to(user).select_related(*MEETING_ROW_RELATED), pk=pk
    )
    return meeting, history_page(meeting=meeting, number=number)


@dataclass
class RsvpPage:
    """A liaison's answer to its agency's invitation, beside what it may see of the
    meeting."""

    invitation: Invitation
    view: MeetingForViewer
    updatable_action_item_ids: frozenset[int]
    rsvp_open: bool

    @property
    def meeting(self) -> Meeting:
        return self.view.meeting


def rsvp_page(*, invitation: Invitation, user: User) -> RsvpPage:
    meeting = invitation.meeting
    view = meeting_for_viewer(meeting=meeting, viewer=Viewer.of(user))
    return RsvpPage(
        invitation=invitation,
        view=view,
        updatable_action_item_ids=updatable_action_item_ids(
            user=user, action_items=view.action_items
        ),
        rsvp_open=rsvp_open(meeting),
    )


def meeting_parties(*, meeting: Meeting) -> list[Agency]:
    """The host and the invited agencies: who may attend and own follow-ups."""
    # A subquery, not a join: OR-ing the host with a join to the invitations made
    # PostgreSQL join every agency to every invitation of every meeting first.
    invited = Invitation.objects.filter(meeting=meeting).values("agency_id")
    return list(Agency.objects.filter(Q(pk=meeting.host_id) | Q(pk__in=invited)).order_by("path"))


def officials_of(*, agencies: Iterable[Agency] | QuerySet[Agency]) -> QuerySet[Official]:
    return (
        Official.objects.filter(agency__in=agencies, is_active=True)
        .select_related("agency")
        .order_by("agency__path", "name")
    )


def presenters_for(
    *, host_pk: int | None, agency_pks: Iterable[int], meeting: Meeting | None = None
) -> QuerySet[Official]:
    """Officials who may present: the host's and the invited agencies' (as picked in the
    editor, saved or not), and whoever already presents on the meeting's agenda, so that
    editing never drops a speaker chosen before."""
    pks = set(agency_pks)
    if host_pk is not None:
        pks.add(host_pk)
    chosen = Q(agency__in=pks, is_active=True)
    if meeting is not None and meeting.pk:
        chosen |= Q(pk__in=meeting.agenda_items.exclude(presenter=None).values("presenter"))
    return Official.objects.filter(chosen).select_related("agency").order_by("agency__path", "name")


def outcome_querysets(*, meeting: Meeting) -> dict:
    return {
        "invitations": meeting.invitations.select_related("agency").order_by("agency__path"),
        "agenda_items": meeting.agenda_items.order_by("order"),
        "attendees": meeting.attendees.all(),
        "decisions": meeting.decisions.all(),
        "action_items": meeting.action_items.all(),
        "risks": meeting.risks.all(),
    }


def meeting_reminders(*, meeting: Meeting) -> list[MeetingReminder]:
    """The meeting's reminders, farthest from its start first."""
    return list(meeting.reminders.order_by("-offset"))


def attachment_for_download(*, user: User, pk: int) -> Attachment:
    """An attachment of a meeting the user may open, if ``Viewer``'s rule lets them
    see it; 404 otherwise."""
    attachment = get_object_or_404(
        Attachment.objects.filter(
            meeting__in=Meeting.objects.visible_to(user).values("pk")
        ).select_related("meeting"),
        pk=pk,
    )
    if not Viewer.of(user).sees_attachment(attachment):
        raise Http404
    return attachment


def editable_attachment(*, user: User, pk: int) -> Attachment:
    """An attachment of a meeting the user may edit; 404 otherwise."""
    return get_object_or_404(
        Attachment.objects.filter(meeting__in=Meeting.objects.editable_by(user).values("pk")),
        pk=pk,
    )
