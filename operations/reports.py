"""The Laporan Kesiapan Pengamanan: its data (through selectors), its PDF and its builder."""

import datetime
import functools
from collections.abc import Callable

from django.db.models import prefetch_related_objects
from django.utils import timezone

from agencies.letters.selectors import letter_for
from agencies.letters.services import issue_report_number
from agencies.models import Agency, Classification, IssuedNumber
from config import documents

from . import readiness, selectors
from .charts import stacked_bar_chart
from .models import Operation, ReadinessReport

CLASSIFICATION = "TERBATAS"
LETTER_KIND = "laporan-kesiapan"


def readiness_context(
    *,
    operation: Operation,
    unit: Agency,
    progress: Callable[[int], None] | None = None,
    generated_at: datetime.datetime | None = None,
    number: IssuedNumber | None = None,
) -> dict:
    """Everything the report shows, read once; ``progress`` hears 0-80 as it goes.

    ``number`` is the report's Nomor; without one (the command's ad hoc PDF) the report
    prints as a draft."""
    progress = progress or (lambda percent: None)
    # Read once for the election, the countdown and the personnel requirement.
    prefetch_related_objects([operation], "elections")
    today = selectors.unit_today(unit)
    election = selectors.operation_election(operation=operation)
    countdown = readiness.countdown(operation=operation, election=election, today=today)
    progress(10)

    group_label, tps_rows, personnel = selectors.tps_and_personnel(
        operation=operation, election=election, unit=unit
    )
    totals = selectors.tps_totals(tps_rows)
    progress(30)
    lights = selectors.child_unit_statuses(
        operation=operation, unit=unit, personnel=personnel, today=today
    )
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
        "countdown": countdown,
        "legend": readiness.legend(operation),
        "lights": {status.unit.pk: status for status in lights},
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
        "letter": letter_for(
            unit=unit,
            number=number,
            classification=Classification.TERBATAS,
            subject=operation.name,
            signatory=commander,
            date=today,
        ),
    }


def render_readiness_pdf(
    *,
    operation: Operation,
    unit: Agency,
    progress: Callable[[int], None] | None = None,
    report: ReadinessReport | None = None,
) -> bytes:
    """The PDF, in Bahasa Indonesia; the same bytes path for the worker and the command.

    A stored report is a naskah dinas: it gets its Nomor when first built, and a rebuild
    (a redelivered job) prints the same one."""
    progress = progress or (lambda percent: None)
    return documents.render_letter_pdf(
        template_name="operations/pdf/readiness.html",
        context=functools.partial(
            readiness_context, operation=operation, unit=unit, progress=progress
        ),
        issue=None
        if report is None
        else functools.partial(issue_report_number, report, kind=LETTER_KIND),
        progress=progress,
    )


def build_readiness_report(report: ReadinessReport, progress: Callable[[int], None]) -> bytes:
    return render_readiness_pdf(
        operation=report.operation, unit=report.unit, progress=progress, report=report
    )


documents.register(
    ReadinessReport,
    build=build_readiness_report,
    select_related=("operation", "unit__seat", "unit__parent"),
)
