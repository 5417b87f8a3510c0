"""The Laporan hasil pengamanan: its content, its PDF and its requests to the document pipeline."""

import datetime
import functools
from collections.abc import Callable

from django.contrib.auth.models import User
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agencies.letters.selectors import letter_for
from agencies.letters.services import issue_report_number
from agencies.letters.titles import addressee_title
from agencies.models import Agency, Classification, IssuedNumber
from config import documents
from operations.models import Operation

from ..models.election_day import Phase
from ..models.election_day_report import ElectionDayReport
from ..report_figures import STATE_COLOURS, area_map, coverage_chart
from ..selectors import election_day_report as selectors

LETTER_KIND = "laporan-hasil-pengamanan"
# Short phase names for the table's narrow columns and the chart's legend.
PHASE_SHORT = {
    Phase.LOGISTICS_ARRIVED: gettext_lazy("H-1 Logistik"),
    Phase.OPENING: gettext_lazy("Pembukaan"),
    Phase.VOTING: gettext_lazy("Pemungutan"),
    Phase.COUNTING: gettext_lazy("Penghitungan"),
    Phase.RESULTS_HANDED_OVER: gettext_lazy("Hasil diserahkan"),
    Phase.DEPARTURE_TO_PPK: gettext_lazy("H+1 Berangkat PPK"),
    Phase.ARRIVAL_AT_PPK: gettext_lazy("H+1 Tiba PPK"),
}
STATE_LABELS = {
    "none": gettext_lazy("Belum melapor"),
    "safe": gettext_lazy("Aman"),
    "reported": gettext_lazy("Melapor (insiden selesai)"),
    "incident_1": gettext_lazy("Insiden terbuka tingkat 1"),
    "incident_2": gettext_lazy("Insiden terbuka tingkat 2"),
    "incident_3": gettext_lazy("Insiden terbuka tingkat 3"),
}


def report_context(
    *,
    operation: Operation,
    unit: Agency,
    is_exercise: bool,
    progress: Callable[[int], None] | None = None,
    number: IssuedNumber | None = None,
) -> dict:
    """Everything the report prints, read once; ``progress`` hears 5-80 as it goes."""
    progress = progress or (lambda percent: None)
    scope = selectors.Scope(operation=operation, unit=unit, is_exercise=is_exercise)
    progress(5)
    coverage = selectors.coverage_by_hour(scope)
    progress(25)
    incidents = selectors.handled_incidents(scope)
    times = selectors.acknowledgement_times(scope)
    progress(45)
    figure = selectors.map_figure(scope)
    progress(70)
    labels = {phase.value: str(PHASE_SHORT[phase]) for phase in Phase}
    title = (
        _("LAPORAN HASIL LATIHAN PENGAMANAN HARI-H")
        if is_exercise
        else _("LAPORAN HASIL PENGAMANAN HARI-H")
    )
    elections = list(operation.elections.all())
    context = {
        "operation": operation,
        "unit": unit,
        "zone": unit.zone,
        "is_exercise": is_exercise,
        "title": title,
        "elections": elections,
        "generated_at": timezone.now(),
        "coverage": coverage,
        "phases": [(phase.value, labels[phase.value]) for phase in Phase],
        "phase_totals": [
            (
                phase.label,
                coverage.totals.get(phase.value, 0),
                coverage.stations - coverage.totals.get(phase.value, 0),
                coverage.percent(phase.value),
            )
            for phase in Phase
        ],
        "coverage_chart": coverage_chart(coverage, labels=labels),
        "incidents": incidents,
        "incident_counts": selectors.incident_counts(incidents),
        "incidents_truncated": len(incidents) >= selectors.INCIDENTS_LISTED,
        "acknowledgement": _acknowledgement_rows(times),
        "map": figure,
        "map_svg": area_map(figure),
        "state_legend": [(STATE_COLOURS[key], label) for key, label in STATE_LABELS.items()],
        "left_out": selectors.other_kind_reports(scope),
        "letter": letter_for(
            unit=unit,
            number=number,
            classification=Classification.TERBATAS,
            subject=title,
            copies=_copies(unit),
            date=timezone.localdate(timezone.now(), unit.tzinfo),
        ),
    }
    progress(80)
    return context


def duration_text(span: datetime.timedelta | None) -> str:
    """ "4 mnt 05 dtk", "1 jam 12 mnt"; a dash for no value."""
    if span is None:
        return "–"
    seconds = int(span.total_seconds())
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return _("%(hours)d jam %(minutes)02d mnt") % {"hours": hours, "minutes": minutes}
    return _("%(minutes)d mnt %(seconds)02d dtk") % {"minutes": minutes, "seconds": seconds}


def _acknowledgement_rows(times: list[selectors.AcknowledgementTimes]) -> list[dict]:
    return [
        {
            "severity": row.severity,
            "incidents": row.incidents,
            "acknowledged": row.acknowledged,
            "unacknowledged": row.unacknowledged,
            "median": duration_text(row.median),
            "p90": duration_text(row.p90),
            "longest": duration_text(row.longest),
        }
        for row in times
    ]


def _copies(unit: Agency) -> list[str]:
    """Tembusan: the head of the unit above, who receives the unit's results."""
    return [addressee_title(unit.parent)] if unit.parent_id else []


def render_election_day_report(
    *,
    operation: Operation,
    unit: Agency,
    is_exercise: bool = False,
    report: ElectionDayReport | None = None,
    progress: Callable[[int], None] | None = None,
) -> bytes:
    """The PDF, in Bahasa Indonesia. A stored report is a TERBATAS naskah dinas with its
    own Nomor from the unit's letter register, given when first built and kept by a
    rebuild (a redelivered job); without ``report`` it prints as an unnumbered draft."""
    return documents.render_letter_pdf(
        template_name="polling_stations/election_day/report_pdf.html",
        context=functools.partial(
            report_context,
            operation=operation,
            unit=unit,
            is_exercise=is_exercise,
            progress=progress,
        ),
        issue=None
        if report is None
        else functools.partial(issue_report_number, report, kind=LETTER_KIND),
        progress=progress,
    )


def build_election_day_report(report: ElectionDayReport, progress: Callable[[int], None]) -> bytes:
    return render_election_day_report(
        operation=report.operation,
        unit=report.unit,
        is_exercise=report.is_exercise,
        report=report,
        progress=progress,
    )


documents.register(
    ElectionDayReport,
    build=build_election_day_report,
    select_related=("operation", "unit__seat", "unit__parent", "requested_by"),
)


def request_election_day_report(
    *, operation: Operation, unit: Agency, user: User | None, is_exercise: bool = False
) -> ElectionDayReport:
    """Queue the unit's Laporan hasil pengamanan (real data, or one drill's); a request
    for the same report still waiting in the queue is returned instead.

    Raises ``config.documents.DocumentQueueUnavailable`` (the row marked failed) when the
    broker is unreachable.
    """
    return documents.request_document(
        ElectionDayReport,
        requested_by=user,
        operation=operation,
        unit=unit,
        is_exercise=is_exercise,
    )
