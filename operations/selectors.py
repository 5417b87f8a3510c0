import datetime
import math
import zoneinfo
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import Substr
from django.utils import timezone

from agencies.models import Agency, Official
from agencies.roles import access_for
from meetings.models import ActionItem, Attendee, Decision, Invitation, Meeting, MeetingRisk
from polling_stations.models import PollingStation, Region

from .charts import stacked_bar_chart
from .models import Election, Operation, ReadinessReport


def operations_for_home(*, user) -> QuerySet[Operation]:
    return (
        Operation.objects.visible_to(user)
        .select_related("commanding_unit", "parent")
        .prefetch_related("elections")
        .order_by("-starts_on", "name")
    )


def upcoming_meetings_for_home(*, user, limit: int = 10) -> list[Meeting]:
    return list(
        Meeting.objects.visible_to(user)
        .upcoming()
        .select_related("host__seat", "host__parent", "operation")
        .order_by("starts_at")[:limit]
    )


def recent_meetings_for_home(*, user, limit: int = 10) -> list[Meeting]:
    return list(
        Meeting.objects.visible_to(user)
        .select_related("host__seat", "host__parent", "operation")
        .order_by("-starts_at")[:limit]
    )


# --- Readiness report and commander's dashboard (issue 5) -----------------------------


CATEGORIES = tuple(PollingStation.Category.values)
CATEGORY_LABELS = dict(PollingStation.Category.choices)


def readiness_units_for(*, user) -> list[Agency]:
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


def readable_unit(*, user, slug: str) -> Agency | None:
    """The police unit ``slug`` if the user commands/operates it or a unit above it."""
    unit = Agency.objects.police().filter(slug=slug).select_related("seat", "parent").first()
    if unit is None or not access_for(user).can_read_unit(unit):
        return None
    return unit


def operation_election(*, operation: Operation) -> Election | None:
    """The election an operation secures (the next voting day first)."""
    elections = list(operation.elections.all()) or (
        list(operation.parent.elections.all()) if operation.parent_id else []
    )
    if not elections:
        return None
    today = timezone.localdate()
    upcoming = [e for e in elections if e.voting_day >= today]
    return min(upcoming, key=lambda e: e.voting_day) if upcoming else elections[0]


def unit_today(unit: Agency) -> datetime.date:
    return timezone.now().astimezone(zoneinfo.ZoneInfo(unit.time_zone)).date()


def _operation_ids(operation: Operation) -> list[int]:
    """The operation and its regional sub-operations (Mantap Brata -> Mantap Brata Jaya),
    read once per operation object."""
    ids = getattr(operation, "_tree_ids", None)
    if ids is None:
        children = Operation.objects.filter(parent=operation).values_list("pk", flat=True)
        ids = operation._tree_ids = [operation.pk, *children]
    return ids


# TPS and personnel figures. ``polling_stations.selectors`` (issue 4) owns the security
# patterns and unit strengths; until it is on main these two fall back to the national
# 2019 pattern and the operation's own strength. See ``_tps_by_category`` and
# ``_personnel``.

# National 2019 pattern, police per group and TPS per group, used only as the fallback.
FALLBACK_PATTERN = {
    "kurang_rawan": (2, 4),
    "rawan": (4, 2),
    "sangat_rawan": (6, 2),
    "khusus": (2, 1),
}
FALLBACK_PLATOON = 30


@dataclass
class TpsRow:
    key: str
    name: str
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CATEGORIES, 0))

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def ordered(self) -> list[int]:
        return [self.counts[c] for c in CATEGORIES]


@dataclass
class Personnel:
    needed_at_tps: int
    reserve_platoons: int
    reserve_personnel: int
    strength: int | None
    source: str

    @property
    def needed(self) -> int:
        return self.needed_at_tps + self.reserve_personnel

    @property
    def shortfall(self) -> int | None:
        if self.strength is None:
            return None
        return max(self.needed - self.strength, 0)

    @property
    def coverage_percent(self) -> int | None:
        if self.strength is None or not self.needed:
            return None
        return round(100 * self.strength / self.needed)


def unit_stations(*, election: Election | None, unit: Agency):
    """The election's TPS in the unit's area: the regions of the unit and the units below
    it, plus TPS assigned to a Polsek below it."""
    if election is None:
        return PollingStation.objects.none()
    subtree = Agency.objects.subtree_of(unit)
    codes = list(
        Agency.regions.through.objects.filter(agency__in=subtree).values_list(
            "region_id", flat=True
        )
    )
    query = Q(polsek__in=subtree.filter(kind=Agency.Kind.POLSEK))
    for code in sorted(codes):
        if any(code.startswith(other + ".") for other in codes):
            continue
        query |= Q(village__code__startswith=code + ".") | Q(village_id=code)
    return PollingStation.objects.filter(election=election).filter(query)


def tps_by_category(*, election: Election | None, unit: Agency) -> tuple[str, list[TpsRow]]:
    """TPS per category, per kecamatan for a Polres (per kabupaten/kota for a Polda)."""
    group_label, length = (
        ("Kabupaten/kota", 5)
        if unit.kind == Agency.Kind.POLDA
        else (
            "Kecamatan",
            8,
        )
    )
    counted = (
        unit_stations(election=election, unit=unit)
        .order_by()
        .annotate(key=Substr("village_id", 1, length))
        .values_list("key", "category")
        .annotate(n=Count("id"))
    )
    rows: dict[str, TpsRow] = {}
    for key, category, n in counted:
        rows.setdefault(key, TpsRow(key=key, name=key)).counts[category] += n
    names = dict(Region.objects.filter(code__in=list(rows)).values_list("code", "name"))
    for row in rows.values():
        row.name = names.get(row.key, row.key)
    return group_label, sorted(rows.values(), key=lambda row: row.key)


def tps_totals(rows: list[TpsRow]) -> TpsRow:
    totals = TpsRow(key="total", name="Jumlah")
    for row in rows:
        for category, n in row.counts.items():
            totals.counts[category] += n
    return totals


def personnel_for(*, operation: Operation, unit: Agency, totals: TpsRow) -> Personnel:
    """Police needed at the TPS (per category, whole groups) plus one backup platoon per
    Polsek rayon, against the strength recorded for the operation."""
    needed = 0
    for category, (police, tps_per_group) in FALLBACK_PATTERN.items():
        needed += math.ceil(totals.counts[category] / tps_per_group) * police
    polsek_count = Agency.objects.subtree_of(unit).filter(kind=Agency.Kind.POLSEK).count()
    strength = operation.personnel_strength if operation.commanding_unit_id == unit.pk else None
    return Personnel(
        needed_at_tps=needed,
        reserve_platoons=polsek_count,
        reserve_personnel=polsek_count * FALLBACK_PLATOON,
        strength=strength,
        source="pola nasional 2019 (2:4, 4:2, 6:2; khusus 2:1)",
    )


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
            operation_id__in=_operation_ids(operation),
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
        present, absent = [], []
        for invitation in meeting.invitations.all():
            came = invitation.present is True or (
                invitation.present is None and invitation.agency_id in attending_ids
            )
            (present if came else absent).append(invitation.agency)
        result.append(HeldMeeting(meeting=meeting, present=present, absent=absent))
    return result


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
        return {"open": "Terbuka", "done": "Selesai", "overdue": "Lewat tenggat"}[self.state]


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


def finished_reports(*, operation: Operation, unit: Agency, user, limit: int = 20):
    return list(
        ReadinessReport.objects.visible_to(user)
        .filter(operation=operation, unit=unit)
        .select_related("requested_by", "unit__seat", "unit__parent", "operation")
        .order_by("-requested_at")[:limit]
    )


# --- Commander's dashboard ---------------------------------------------------------------


@dataclass
class ChildStatus:
    unit: Agency
    tps: int = 0
    meetings_30d: int = 0
    overdue: int = 0
    light: str = "hijau"
    reasons: list[str] = field(default_factory=list)


def child_unit_statuses(
    *, operation: Operation, unit: Agency, election: Election | None, today: datetime.date
) -> list[ChildStatus]:
    """The police units directly below ``unit`` with a traffic light:

    - merah: follow-ups overdue three or more, or no meeting in 30 days and any overdue;
    - kuning: no coordination meeting in the last 30 days, or some follow-up overdue;
    - hijau: otherwise.

    A fixed number of queries, whatever the number of units.
    """
    children = list(
        Agency.objects.filter(parent=unit, kind__in=Agency.POLICE_KINDS)
        .exclude(kind=Agency.Kind.SATKER_POLRI)
        .order_by("short_name")
    )
    if not children:
        return []
    statuses = {child.pk: ChildStatus(unit=child) for child in children}

    def owner(path: str) -> int | None:
        ids = [int(pk) for pk in path.strip("/").split("/")]
        return next((pk for pk in ids if pk in statuses), None)

    since = timezone.now() - datetime.timedelta(days=30)
    recent = (
        Meeting.objects.filter(
            operation_id__in=_operation_ids(operation),
            host__path__startswith=unit.path,
            starts_at__gte=since,
            starts_at__lte=timezone.now(),
        )
        .exclude(status=Meeting.Status.CANCELLED)
        .values_list("host__path", flat=True)
    )
    for path in recent:
        if (pk := owner(path)) is not None:
            statuses[pk].meetings_30d += 1
    overdue = ActionItem.objects.filter(
        meeting__operation_id__in=_operation_ids(operation),
        meeting__host__path__startswith=unit.path,
        due_date__lt=today,
        status__in=[ActionItem.Status.OPEN, ActionItem.Status.IN_PROGRESS],
    ).values_list("meeting__host__path", flat=True)
    for path in overdue:
        if (pk := owner(path)) is not None:
            statuses[pk].overdue += 1
    if election is not None:
        # Each TPS belongs to the child holding its Polsek, else the child whose regions
        # contain its kecamatan (a Polda's Polres know their kabupaten, not every Polsek).
        region_owner = {}
        for code, path in Agency.regions.through.objects.filter(
            agency__path__startswith=unit.path
        ).values_list("region_id", "agency__path"):
            if (pk := owner(path)) is not None:
                region_owner[code] = pk
        counted = (
            unit_stations(election=election, unit=unit)
            .order_by()
            .annotate(kecamatan=Substr("village_id", 1, 8))
            .values_list("polsek__path", "kecamatan")
            .annotate(n=Count("id"))
        )
        for path, kecamatan, n in counted:
            pk = owner(path) if path else None
            if pk is None:
                pk = next(
                    (
                        region_owner[code]
                        for code in (kecamatan, kecamatan[:5], kecamatan[:2])
                        if code in region_owner
                    ),
                    None,
                )
            if pk is not None:
                statuses[pk].tps += n
    for status in statuses.values():
        if status.overdue:
            status.reasons.append(f"{status.overdue} tindak lanjut lewat tenggat")
        if not status.meetings_30d:
            status.reasons.append("tidak ada rapat koordinasi 30 hari terakhir")
        if status.overdue >= 3 or (status.overdue and not status.meetings_30d):
            status.light = "merah"
        elif status.reasons:
            status.light = "kuning"
    return list(statuses.values())


def overdue_follow_ups(*, operation: Operation, unit: Agency, today: datetime.date):
    return list(
        ActionItem.objects.filter(
            meeting__operation_id__in=_operation_ids(operation),
            meeting__host__path__startswith=unit.path,
            due_date__lt=today,
            status__in=[ActionItem.Status.OPEN, ActionItem.Status.IN_PROGRESS],
        )
        .select_related("owner_agency", "meeting")
        .order_by("due_date", "pk")
    )


def commander_dashboard(*, operation: Operation, unit: Agency) -> dict:
    """The dashboard at a glance; a bounded number of queries whatever the unit's size."""
    today = unit_today(unit)
    election = operation_election(operation=operation)
    group_label, rows = tps_by_category(election=election, unit=unit)
    totals = tps_totals(rows)
    personnel = personnel_for(operation=operation, unit=unit, totals=totals)
    recent = held_meetings(
        operation=operation, unit=unit, since=timezone.now() - datetime.timedelta(days=30)
    )
    return {
        "today": today,
        "election": election,
        "days_to_voting": (election.voting_day - today).days if election else None,
        "group_label": group_label,
        "categories": CATEGORY_LABELS,
        "tps_rows": rows,
        "tps_totals": totals,
        "tps_chart": stacked_bar_chart(rows, categories=CATEGORY_LABELS),
        "personnel": personnel,
        "recent_meetings": recent,
        "overdue": overdue_follow_ups(operation=operation, unit=unit, today=today),
        "children": child_unit_statuses(
            operation=operation, unit=unit, election=election, today=today
        ),
    }


def readiness_pairs(*, user) -> list[tuple[Operation, Agency]]:
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
