"""The Laporan Kesiapan Pengamanan: its data (through selectors), its PDF and its builder."""

import datetime
from collections.abc import Callable

from django.utils import timezone, translation

from agencies.models import Agency
from config import documents
from config.pdf import render_pdf

from . import selectors
from .charts import stacked_bar_chart
from .models import Operation, ReadinessReport

CLASSIFICATION = "TERBATAS"


def readiness_context(
    *,
    operation: Operation,
    unit: Agency,
    progress: Callable[[int], None] | None = None,
    generated_at: datetime.datetime | None = None,
) -> dict:
    """Everything the report shows, read once; ``progress`` hears 0-80 as it goes."""
    progress = progress or (lambda percent: None)
    today = selectors.unit_today(unit)
    election = selectors.operation_election(operation=operation)
    days_to_voting = (election.voting_day - today).days if election else None
    progress(10)

    group_label, tps_rows = selectors.tps_by_category(election=election, unit=unit)
    totals = selectors.tps_totals(tps_rows)
    progress(30)
    personnel = selectors.personnel_for(operation=operation, unit=unit)
    progress(40)

    held = selectors.held_meetings(operation=operation, unit=unit)
    meeting_ids = [item.meeting.pk for item in held]
    agencies, matrix = selectors.participation_matrix(held)
    progress(55)
    decisions, follow_ups = selectors.decisions_and_follow_ups(meeting_ids=meeting_ids, today=today)
    risks = selectors.risks_raised(meeting_ids=meeting_ids)
    commander = selectors.unit_commander(unit=unit)
    progress(70)

    categories = selectors.CATEGORY_LABELS
    follow_up_counts = {
        state: sum(1 for f in follow_ups if f.state == state)
        for state in ("open", "done", "overdue")
    }
    return {
        "classification": CLASSIFICATION,
        "operation": operation,
        "unit": unit,
        "election": election,
        "today": today,
        "days_to_voting": days_to_voting,
        "generated_at": generated_at or timezone.now(),
        "group_label": group_label,
        "categories": categories,
        "category_keys": list(categories),
        "tps_rows": tps_rows,
        "tps_totals": totals,
        "tps_chart": stacked_bar_chart(tps_rows, categories=categories),
        "personnel": personnel,
        "held_meetings": held,
        "matrix_agencies": agencies,
        "matrix": matrix,
        "decisions": decisions,
        "follow_ups": follow_ups,
        "follow_up_counts": follow_up_counts,
        "risks": risks,
        "commander": commander,
    }


def render_readiness_pdf(
    *, operation: Operation, unit: Agency, progress: Callable[[int], None] | None = None
) -> bytes:
    """The PDF, in Bahasa Indonesia; the same bytes path for the worker and the command."""
    progress = progress or (lambda percent: None)
    with translation.override("id"):
        context = readiness_context(operation=operation, unit=unit, progress=progress)
        return render_pdf(
            template_name="operations/pdf/readiness.html", context=context, progress=progress
        )


def build_readiness_report(report: ReadinessReport, progress: Callable[[int], None]) -> bytes:
    return render_readiness_pdf(operation=report.operation, unit=report.unit, progress=progress)


documents.register(
    ReadinessReport,
    build=build_readiness_report,
    select_related=("operation", "unit__seat", "unit__parent"),
)
