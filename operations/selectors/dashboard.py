"""The commander's dashboard: the units below with their lights, overdue follow-ups, and
the (operation, unit) pairs a user may open."""

import datetime
import logging
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import (
    Count,
    Q,
    prefetch_related_objects,
)
from django.utils import timezone, translation
from django.utils.translation import pgettext_lazy

from agencies.models import Agency
from meetings.models import (
    ActionItem,
    Meeting,
)

from .. import readiness
from ..charts import stacked_bar_chart
from ..models import Operation
from .figures import dashboard_figures
from .freshness import changes_by_itself_at, readiness_stamp
from .home import Viewer
from .report import (
    CATEGORY_LABELS,
    Personnel,
    operation_election,
    operation_tree,
    readiness_units_for,
    recent_meetings,
    tps_totals,
    unit_today,
)

logger = logging.getLogger(__name__)

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
            operation_id__in=operation_tree(operation), host__path__startswith=unit.path
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
        below = statuses.get(need.unit.pk) if need.unit is not None else None
        if below is None:
            continue
        below.tps = need.tps_total
        below.strength = need.strength
        if need.strength is not None and need.police_total:
            below.coverage_percent = round(100 * need.strength / need.police_total)
    for status in statuses.values():
        readiness.judge(status, operation=operation)
    return list(statuses.values())


def overdue_follow_ups(
    *, operation: Operation, unit: Agency, today: datetime.date
) -> list[ActionItem]:
    return list(
        ActionItem.objects.filter(
            meeting__operation_id__in=operation_tree(operation),
            meeting__host__path__startswith=unit.path,
            due_date__lt=today,
            status__in=[ActionItem.Status.OPEN, ActionItem.Status.IN_PROGRESS],
        )
        # What the dashboard lists: the due date, the task and who owns it.
        .select_related("owner_agency")
        .only("id", "due_date", "text", "owner_agency__id", "owner_agency__short_name")
        .order_by("due_date", "pk")
    )


# The dashboard's list of meetings goes back this far.
RECENT_DAYS = 30


def commander_dashboard(*, operation: Operation, unit: Agency) -> dict:
    """The dashboard at a glance; a bounded number of queries whatever the unit's size.

    Kept in the cache, per unit and language, while what it reads holds
    (``freshness.readiness_stamp``) and until time alone would change it
    (``freshness.changes_by_itself_at``): commanders open it again and again."""
    stamp = readiness_stamp(unit)
    key = f"readiness-dashboard:{translation.get_language()}:{operation.pk}:{unit.pk}"
    kept = None
    if stamp is not None:
        try:
            kept = cache.get(key)
        except Exception:
            logger.warning("cache unreachable; the dashboard is read from the database")
    if kept is not None and kept[0] == stamp and timezone.now() < kept[1]:
        figures = kept[2]
    else:
        figures = _dashboard_figures(operation=operation, unit=unit)
        if stamp is not None:
            until = changes_by_itself_at(
                operation=operation, unit=unit, windows_days=(RECENT_DAYS,)
            )
            seconds = int((until - timezone.now()).total_seconds())
            try:
                cache.set(key, (stamp, until, figures), max(1, min(600, seconds)))
            except Exception:
                logger.warning("cache unreachable; the dashboard is not kept")
    # Labels that follow the active language and the operation's thresholds, read fresh.
    return {**figures, "legend": readiness.legend(operation), "categories": CATEGORY_LABELS}


def _dashboard_figures(*, operation: Operation, unit: Agency) -> dict:
    # Read once for the countdown and for the personnel requirement.
    prefetch_related_objects([operation], "elections")
    today = unit_today(unit)
    election = operation_election(operation=operation)
    countdown = readiness.countdown(operation=operation, election=election, today=today)
    group_label, rows, personnel = dashboard_figures(
        operation=operation, election=election, unit=unit
    )
    totals = tps_totals(rows)
    recent = recent_meetings(
        operation=operation,
        unit=unit,
        since=timezone.now() - datetime.timedelta(days=RECENT_DAYS),
    )
    return {
        "today": today,
        "election": election,
        "countdown": countdown,
        "group_label": group_label,
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
