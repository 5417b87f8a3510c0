"""The readiness report's reads: units and operations to report on, TPS and personnel
figures, meetings held, decisions, follow-ups and risks."""

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext

from agencies.choice_lists import cached_list
from agencies.models import Agency, Official
from agencies.roles import access_for
from meetings.models import (
    ActionItem,
    Attendee,
    Decision,
    Invitation,
    Meeting,
    MeetingRisk,
)
from polling_stations import selectors as ps_selectors
from polling_stations.models import PollingStation

from ..models import Election, Operation, ReadinessReport
from .home import HOME_MEETING_FIELDS, Viewer

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


def report_unit_options(*, user: User) -> list[tuple[str, str]]:
    """(slug, label) of ``report_unit_choices``, indented by depth so that the tree reads
    in a plain select. Kept with the choice lists: they change only when a unit does, and
    every unit write replaces their version (``agencies.choice_lists``)."""
    access = access_for(user)
    key = (
        "admin"
        if access.is_admin
        else ",".join(str(pk) for pk in sorted({unit.pk for unit in access.police_units}))
    )

    def read() -> list[tuple[str, str]]:
        units = list(report_unit_choices(user=user).only("pk", "slug", "short_name", "path"))
        top = min((unit.path.count("/") for unit in units), default=0)
        return [
            (unit.slug, "\u00a0\u00a0" * (unit.path.count("/") - top) + unit.short_name)
            for unit in units
        ]

    return cached_list(f"report-units:{key}", read)


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


def operation_tree(operation: Operation) -> QuerySet[Operation, Any]:
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
            operation_id__in=operation_tree(operation),
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
            operation_id__in=operation_tree(operation),
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
