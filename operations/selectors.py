"""Reads for operations' pages: the home page, the readiness report and the dashboard."""

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy

from agencies.models import Agency, Official
from agencies.roles import access_for
from meetings.models import (
    ActionItem,
    Attendee,
    Decision,
    Invitation,
    Meeting,
    MeetingQuerySet,
    MeetingRisk,
)
from polling_stations import selectors as ps_selectors
from polling_stations.models import PollingStation

from . import readiness
from .charts import stacked_bar_chart
from .models import Election, Operation, ReadinessReport

# Home and dashboard reads also answer the signed-out visitor (who sees nothing).
Viewer = User | AnonymousUser


def operations_for_home(*, user: Viewer) -> QuerySet[Operation]:
    return (
        Operation.objects.visible_to(user)
        .select_related("commanding_unit")
        .only(
            "id",
            "name",
            "starts_on",
            "ends_on",
            "commanding_unit__id",
            "commanding_unit__short_name",
        )
        .prefetch_related(Prefetch("elections", queryset=Election.objects.only("id", "name")))
        .order_by("-starts_on", "name")
    )


# What a meeting row on the home page shows: title, time in the host's zone (the seat's
# province, or the parent's), venue, host, cancelled or not; not the description or notes.
HOME_MEETING_FIELDS = (
    "id",
    "title",
    "starts_at",
    "ends_at",
    "venue",
    "status",
    "host__id",
    "host__short_name",
    "host__seat_id",
    "host__parent__id",
    "host__parent__seat_id",
)


def _home_meetings(user: Viewer) -> MeetingQuerySet:
    return (
        Meeting.objects.visible_to(user).select_related("host__parent").only(*HOME_MEETING_FIELDS)
    )


def upcoming_meetings_for_home(*, user: Viewer, limit: int = 10) -> list[Meeting]:
    return list(
        _home_meetings(user).filter(ends_at__gte=timezone.now()).order_by("starts_at")[:limit]
    )


def recent_meetings_for_home(*, user: Viewer, limit: int = 10) -> list[Meeting]:
    return list(_home_meetings(user).past().order_by("-starts_at")[:limit])


# --- Readiness report and commander's dashboard -----------------------------------------


CATEGORIES = tuple(PollingStation.Category.values)
CATEGORY_LABELS = dict(PollingStation.Category.choices)


def readiness_units_for(*, user: Viewer) -> list[Agency]:
    """Police units whose readiness the user may see: their own units (admins: Polda and
    Polres everywhere)."""
    access = access_for(user)
    if access.is_admin:
        return list(
            Agency.objects.filter(kind__in=[Agency.Kind.POLDA, Agency.Kind.POLRES]).order_by("path")
        )
    return sorted(
        {unit.pk: unit for unit in access.police_units}.values(), key=lambda unit: unit.path
    )


def report_unit_choices(*, user: User) -> QuerySet[Agency]:
    """Units a report may be requested for: the user's own police units and every unit
    below them (admins: every Polda and Polres)."""
    access = access_for(user)
    units = Agency.objects.police().exclude(kind=Agency.Kind.SATKER_POLRI)
    if access.is_admin:
        return units.filter(kind__in=[Agency.Kind.POLDA, Agency.Kind.POLRES]).order_by("path")
    if not access.police_units:
        return units.none()
    return units.subtrees_of(access.police_units).order_by("path")


def operation_election(*, operation: Operation) -> Election | None:
    """The election an operation secures (the next voting day first)."""
    elections = list(operation.elections.all()) or (
        list(operation.parent.elections.all()) if operation.parent is not None else []
    )
    if not elections:
        return None
    today = timezone.localdate()
    upcoming = [e for e in elections if e.voting_day >= today]
    return min(upcoming, key=lambda e: e.voting_day) if upcoming else elections[0]


def unit_today(unit: Agency) -> datetime.date:
    return timezone.now().astimezone(unit.tzinfo).date()


def _operation_tree(operation: Operation) -> QuerySet[Operation]:
    """The operation and its regional sub-operations (Mantap Brata -> Mantap Brata Jaya),
    as a subquery of the query that filters on it (no query of its own)."""
    return Operation.objects.filter(Q(pk=operation.pk) | Q(parent=operation)).values("pk")


# TPS and personnel figures come from ``polling_stations.selectors``, which
# owns the area of a unit, the security patterns, reserves and unit strengths.


@dataclass
class Personnel:
    """The report's and the dashboard's view of ``personnel_requirement``."""

    requirement: ps_selectors.PersonnelRequirement

    @property
    def needed_at_tps(self) -> int:
        return self.requirement.totals.police

    @property
    def reserve_platoons(self) -> int:
        return self.requirement.totals.reserve_platoons

    @property
    def reserve_personnel(self) -> int:
        return self.requirement.totals.reserve_personnel

    @property
    def needed(self) -> int:
        return self.requirement.totals.police_total

    @property
    def strength(self) -> int | None:
        return self.requirement.totals.strength

    @property
    def shortfall(self) -> int | None:
        balance = self.requirement.totals.balance
        return None if balance is None else max(-balance, 0)

    @property
    def coverage_percent(self) -> int | None:
        if self.strength is None or not self.needed:
            return None
        return round(100 * self.strength / self.needed)

    @property
    def categories(self) -> list[ps_selectors.CategoryNeed]:
        return self.requirement.categories

    @property
    def children(self) -> list[ps_selectors.UnitNeed]:
        return [child for child in self.requirement.children if child.unit is not None]

    @property
    def source(self) -> str:
        sources = sorted(
            {
                need.pattern.source
                for need in self.categories
                if need.pattern and need.pattern.source
            }
        )
        return "; ".join(sources) or gettext("pola pengamanan belum ditetapkan")


def unit_stations(*, election: Election | None, unit: Agency) -> QuerySet[PollingStation]:
    """The election's TPS in the unit's area (see ``polling_stations.models.area_q``)."""
    if election is None:
        return PollingStation.objects.none()
    return ps_selectors.stations_of_unit(election=election, unit=unit)


def _region_grouping(unit: Agency) -> tuple[str, str]:
    if unit.kind == Agency.Kind.POLDA:
        return gettext("Kabupaten/kota"), "kabupaten"
    return gettext("Kecamatan"), "kecamatan"


def tps_by_category(*, election: Election | None, unit: Agency) -> tuple[str, list]:
    """TPS per category, per kecamatan for a Polres (per kabupaten/kota for a Polda)."""
    label, group_by = _region_grouping(unit)
    if election is None:
        return label, []
    table = ps_selectors.tps_counts_by_category(election=election, unit=unit, group_by=group_by)
    return label, table.rows


def tps_totals(rows: Iterable[ps_selectors.CategoryCountRow]) -> ps_selectors.CategoryCountRow:
    totals = ps_selectors.CategoryCountRow(key="total", name=gettext("Jumlah"))
    for row in rows:
        for category, n in row.counts.items():
            totals.counts[category] += n
    return totals


def personnel_for(*, operation: Operation, unit: Agency) -> Personnel:
    """Police needed at the TPS (per category, whole groups, by the pattern in force)
    plus the backup platoons, against the unit's recorded strength."""
    return Personnel(requirement=ps_selectors.personnel_requirement(operation=operation, unit=unit))


def tps_and_personnel(
    *, operation: Operation, election: Election | None, unit: Agency
) -> tuple[str, list, Personnel]:
    """``tps_by_category`` and ``personnel_for`` together. When the operation secures the
    one election the table shows (the usual case), one grouped read of the area's TPS
    serves both: per region for the table, per Polsek for the personnel."""
    if election is None or [e.pk for e in operation.elections.all()] != [election.pk]:
        label, rows = tps_by_category(election=election, unit=unit)
        return label, rows, personnel_for(operation=operation, unit=unit)
    label, group_by = _region_grouping(unit)
    by_region: Counter[tuple[str, str]] = Counter()
    by_polsek: Counter[tuple[int | None, str]] = Counter()
    for polsek_id, key, category, n in ps_selectors.counts_by_polsek_region_and_category(
        unit_stations(election=election, unit=unit),
        code_length=ps_selectors.REGION_GROUPS[group_by],
    ):
        by_region[key, category] += n
        by_polsek[polsek_id, category] += n
    table = ps_selectors.tps_counts_by_category(
        election=election,
        unit=unit,
        group_by=group_by,
        counted=[(key, category, n) for (key, category), n in by_region.items()],
    )
    requirement = ps_selectors.personnel_requirement(
        operation=operation,
        unit=unit,
        counted=[(polsek_id, category, n) for (polsek_id, category), n in by_polsek.items()],
    )
    return label, table.rows, Personnel(requirement=requirement)


@dataclass
class HeldMeeting:
    meeting: Meeting
    present: list[Agency]
    absent: list[Agency]


def held_meetings(
    *, operation: Operation, unit: Agency, since: datetime.datetime | None = None
) -> list[HeldMeeting]:
    """Coordination meetings of the operation hosted in the unit's subtree that took
    place (not cancelled, already ended), oldest first, with agencies present/absent."""
    meetings = (
        Meeting.objects.filter(
            operation_id__in=_operation_tree(operation),
            host__path__startswith=unit.path,
            ends_at__lte=timezone.now(),
        )
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("host__seat", "host__parent", "chair")
        .prefetch_related(
            Prefetch("invitations", queryset=Invitation.objects.select_related("agency")),
            Prefetch("attendees", queryset=Attendee.objects.only("id", "meeting_id", "agency_id")),
        )
        .order_by("starts_at")
    )
    if since is not None:
        meetings = meetings.filter(starts_at__gte=since)
    result = []
    for meeting in meetings:
        attending_ids = {attendee.agency_id for attendee in meeting.attendees.all()}
        present: list[Agency] = []
        absent: list[Agency] = []
        for invitation in meeting.invitations.all():
            came = invitation.present is True or (
                invitation.present is None and invitation.agency_id in attending_ids
            )
            (present if came else absent).append(invitation.agency)
        result.append(HeldMeeting(meeting=meeting, present=present, absent=absent))
    return result


def _came(invitations: QuerySet[Invitation]) -> QuerySet[Invitation]:
    """Invitations whose agency came: marked present, or unmarked with someone attending
    for it (as ``held_meetings`` reads them)."""
    attended = Attendee.objects.filter(
        meeting_id=OuterRef("meeting_id"), agency_id=OuterRef("agency_id")
    )
    return invitations.filter(Q(present=True) | Q(present__isnull=True) & Exists(attended))


def recent_meetings(
    *, operation: Operation, unit: Agency, since: datetime.datetime
) -> list[Meeting]:
    """The meetings ``held_meetings`` lists from ``since`` on, each with the number of
    agencies present (``present_count``) counted in the same query."""
    present = (
        _came(Invitation.objects.filter(meeting_id=OuterRef("pk")))
        .order_by()
        .values("meeting_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return list(
        Meeting.objects.filter(
            operation_id__in=_operation_tree(operation),
            host__path__startswith=unit.path,
            ends_at__lte=timezone.now(),
            starts_at__gte=since,
        )
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("host__parent")
        .only(*HOME_MEETING_FIELDS)
        .annotate(present_count=Coalesce(Subquery(present), Value(0)))
        .order_by("starts_at")
    )


def participation_matrix(held: list[HeldMeeting]) -> tuple[list[Agency], list[dict]]:
    """Meetings as columns, invited agencies as rows: "hadir", "absen" or "" (not invited)."""
    agencies: dict[int, Agency] = {}
    for item in held:
        for agency in item.present + item.absent:
            agencies.setdefault(agency.pk, agency)
    rows = []
    for agency in sorted(agencies.values(), key=lambda a: (a.kind, a.short_name)):
        cells = []
        for item in held:
            if any(a.pk == agency.pk for a in item.present):
                cells.append("hadir")
            elif any(a.pk == agency.pk for a in item.absent):
                cells.append("absen")
            else:
                cells.append("")
        attended = cells.count("hadir")
        invited = attended + cells.count("absen")
        rows.append(
            {
                "agency": agency,
                "cells": cells,
                "attended": attended,
                "invited": invited,
                "rate": round(100 * attended / invited) if invited else 0,
            }
        )
    return list(agencies.values()), rows


@dataclass
class FollowUp:
    item: ActionItem
    state: str  # "open", "done" or "overdue"

    @property
    def state_label(self) -> str:
        labels = {
            "open": gettext("Terbuka"),
            "done": gettext("Selesai"),
            "overdue": gettext("Lewat tenggat"),
        }
        return labels[self.state]


def decisions_and_follow_ups(
    *, meeting_ids: list[int], today: datetime.date
) -> tuple[list[Decision], list[FollowUp]]:
    decisions = list(
        Decision.objects.filter(meeting_id__in=meeting_ids, is_internal=False)
        .select_related("meeting")
        .order_by("meeting__starts_at", "order", "pk")
    )
    follow_ups = []
    items = (
        ActionItem.objects.filter(meeting_id__in=meeting_ids)
        .exclude(status=ActionItem.Status.CANCELLED)
        .select_related("owner_agency", "owner_official", "meeting")
        .order_by("due_date", "pk")
    )
    for item in items:
        if item.status == ActionItem.Status.DONE:
            state = "done"
        elif item.due_date < today:
            state = "overdue"
        else:
            state = "open"
        follow_ups.append(FollowUp(item=item, state=state))
    return decisions, follow_ups


def risks_raised(*, meeting_ids: list[int]) -> list[MeetingRisk]:
    return list(
        MeetingRisk.objects.filter(meeting_id__in=meeting_ids)
        .select_related("meeting", "raised_by")
        .order_by("meeting__starts_at", "pk")
    )


def unit_commander(*, unit: Agency) -> Official | None:
    """The Kapolres/Kapolda (the first active official whose position starts "Kapol")."""
    officials = Official.objects.filter(agency=unit, is_active=True)
    return (
        officials.filter(position__istartswith="Kapol").order_by("pk").first()
        or officials.filter(user__memberships__role="commander", user__memberships__agency=unit)
        .order_by("pk")
        .first()
    )


def finished_reports(
    *, operation: Operation, unit: Agency, user: Viewer, limit: int = 20
) -> list[ReadinessReport]:
    return list(
        ReadinessReport.objects.visible_to(user)
        .filter(operation=operation, unit=unit)
        .select_related("requested_by", "unit__seat", "unit__parent", "operation")
        .order_by("-requested_at")[:limit]
    )


# --- Commander's dashboard ---------------------------------------------------------------


# The light's value is a stable code; what a reader sees follows the active language.
LIGHT_LABELS = {
    "hijau": pgettext_lazy("traffic light", "hijau"),
    "kuning": pgettext_lazy("traffic light", "kuning"),
    "merah": pgettext_lazy("traffic light", "merah"),
}


@dataclass
class ChildStatus(readiness.UnitSignals):
    unit: Agency | None = None

    @property
    def light_label(self) -> str:
        return str(LIGHT_LABELS.get(self.light, self.light))


def child_unit_statuses(
    *, operation: Operation, unit: Agency, personnel: Personnel, today: datetime.date
) -> list[ChildStatus]:
    """The police units directly below ``unit`` with a traffic light judged on the
    operation's thresholds (``readiness.judge``; grey when nothing is recorded).

    The units, their TPS and personnel come from ``personnel`` (computed for ``unit``);
    their meetings and follow-ups from one grouped query, whatever the number of units.
    """
    children = sorted(
        (
            need.unit
            for need in personnel.children
            if need.unit is not None
            and need.unit.parent_id == unit.pk
            and need.unit.kind != Agency.Kind.SATKER_POLRI
        ),
        key=lambda child: child.short_name,
    )
    if not children:
        return []
    statuses = {child.pk: ChildStatus(unit=child) for child in children}

    def owner(path: str) -> int | None:
        ids = [int(pk) for pk in path.strip("/").split("/")]
        return next((pk for pk in ids if pk in statuses), None)

    now = timezone.now()
    since = now - datetime.timedelta(days=operation.light_meeting_days)
    held = ~Q(status=Meeting.Status.CANCELLED)
    # Follow-ups count whatever became of their meeting, as the owner still owes them.
    still_open = Q(action_items__status__in=[ActionItem.Status.OPEN, ActionItem.Status.IN_PROGRESS])
    per_host = (
        Meeting.objects.filter(
            operation_id__in=_operation_tree(operation), host__path__startswith=unit.path
        )
        .order_by()
        .values_list("host__path")
        .annotate(
            ever=Count("pk", filter=held, distinct=True),
            recent=Count(
                "pk", filter=held & Q(starts_at__gte=since, starts_at__lte=now), distinct=True
            ),
            open_items=Count("action_items", filter=still_open),
            overdue=Count("action_items", filter=still_open & Q(action_items__due_date__lt=today)),
        )
    )
    for path, ever, recent, open_items, overdue in per_host:
        if (pk := owner(path)) is not None:
            status = statuses[pk]
            status.meetings_ever += ever
            status.meetings += recent
            status.open_follow_ups += open_items
            status.overdue += overdue
    for need in personnel.children:
        status = statuses.get(need.unit.pk) if need.unit is not None else None
        if status is None:
            continue
        status.tps = need.tps_total
        status.strength = need.strength
        if need.strength is not None and need.police_total:
            status.coverage_percent = round(100 * need.strength / need.police_total)
    for status in statuses.values():
        readiness.judge(status, operation=operation)
    return list(statuses.values())


def overdue_follow_ups(
    *, operation: Operation, unit: Agency, today: datetime.date
) -> list[ActionItem]:
    return list(
        ActionItem.objects.filter(
            meeting__operation_id__in=_operation_tree(operation),
            meeting__host__path__startswith=unit.path,
            due_date__lt=today,
            status__in=[ActionItem.Status.OPEN, ActionItem.Status.IN_PROGRESS],
        )
        # What the dashboard lists: the due date, the task and who owns it.
        .select_related("owner_agency")
        .only("id", "due_date", "text", "owner_agency__id", "owner_agency__short_name")
        .order_by("due_date", "pk")
    )


def commander_dashboard(*, operation: Operation, unit: Agency) -> dict:
    """The dashboard at a glance; a bounded number of queries whatever the unit's size."""
    # Read once for the countdown and for the personnel requirement.
    prefetch_related_objects([operation], "elections")
    today = unit_today(unit)
    election = operation_election(operation=operation)
    countdown = readiness.countdown(operation=operation, election=election, today=today)
    group_label, rows, personnel = tps_and_personnel(
        operation=operation, election=election, unit=unit
    )
    totals = tps_totals(rows)
    recent = recent_meetings(
        operation=operation, unit=unit, since=timezone.now() - datetime.timedelta(days=30)
    )
    return {
        "today": today,
        "election": election,
        "countdown": countdown,
        "legend": readiness.legend(operation),
        "group_label": group_label,
        "categories": CATEGORY_LABELS,
        "tps_rows": rows,
        "tps_totals": totals,
        "tps_chart": stacked_bar_chart(rows, categories=CATEGORY_LABELS),
        "personnel": personnel,
        "recent_meetings": recent,
        "overdue": overdue_follow_ups(operation=operation, unit=unit, today=today),
        "children": child_unit_statuses(
            operation=operation, unit=unit, personnel=personnel, today=today
        ),
    }


def readiness_pairs(*, user: Viewer) -> list[tuple[Operation, Agency]]:
    """(operation, unit) pairs the user may open a dashboard or a report for."""
    units = readiness_units_for(user=user)
    operations = list(
        Operation.objects.visible_to(user)
        .select_related("commanding_unit")
        .order_by("-starts_on", "name")
    )
    pairs = []
    for operation in operations:
        for unit in units:
            # A unit takes part in operations of its own subtree and of the units above it.
            if unit.path.startswith(operation.commanding_unit.path) or (
                operation.commanding_unit.path.startswith(unit.path)
            ):
                pairs.append((operation, unit))
    return pairs
