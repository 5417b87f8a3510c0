"""The Daftar Plotting: its sections, its PDF and its requests to the document pipeline."""

from collections.abc import Callable

from django.contrib.auth.models import User
from django.utils import timezone, translation

from agencies.letters.selectors import letter_for
from agencies.letters.services import issue_number
from agencies.letters.titles import addressee_title
from agencies.models import Agency, Classification
from config import documents
from config.pdf import render_pdf
from operations.models import Operation

from .. import selectors
from ..models import PlottingDocument


def plotting_sections(*, operation: Operation, unit: Agency) -> list[tuple[Agency, list]]:
    """(Polsek, its plotting groups) for the unit: itself if a Polsek, else the Polsek below."""
    polseks = selectors.plotting_polseks(unit=unit)
    groups = selectors.plotting_for_units(operation=operation, polseks=polseks)
    return [(polsek, groups.get(polsek.pk, [])) for polsek in polseks]


LETTER_KIND = "daftar-plotting"


def render_plotting_pdf(
    *,
    operation: Operation,
    unit: Agency,
    progress: Callable[[int], None] | None = None,
    requested_by: User | None = None,
) -> bytes:
    """The Daftar Plotting PDF, synchronously; ``progress`` hears percentages as it goes.

    The list is a TERBATAS naskah dinas of ``unit``: one Nomor per unit and operation,
    given at its first print and kept by every later print (edits included), so the
    Polsek can cite it.
    """
    progress = progress or (lambda percent: None)
    progress(5)
    sections = plotting_sections(operation=operation, unit=unit)
    for _polsek, groups in sections:
        for group in groups:
            group.open_slots = max(0, group.officer_count - len(group.officers.all()))
    number = issue_number(
        unit=unit,
        document=operation,
        kind=LETTER_KIND,
        classification=Classification.TERBATAS,
        subject=operation.name,
        issued_by=requested_by,
    )
    progress(30)
    with translation.override("id"):
        return render_pdf(
            template_name="polling_stations/plotting_pdf.html",
            context={
                "operation": operation,
                "unit": unit,
                "sections": sections,
                "printed_at": timezone.now(),
                "letter": letter_for(
                    unit=unit,
                    number=number,
                    subject=operation.name,
                    copies=_copies(unit),
                ),
            },
            progress=progress,
        )


def _copies(unit: Agency) -> list[str]:
    """Tembusan: the head of the unit above, who is told of the plotting."""
    return [addressee_title(unit.parent)] if unit.parent_id else []


def build_plotting_document(document: PlottingDocument, progress: Callable[[int], None]) -> bytes:
    return render_plotting_pdf(
        operation=document.operation,
        unit=document.unit,
        progress=progress,
        requested_by=document.requested_by,
    )


documents.register(
    PlottingDocument,
    build=build_plotting_document,
    select_related=("operation", "unit"),
)


def request_plotting_document(
    *, operation: Operation, unit: Agency, user: User | None
) -> PlottingDocument:
    """Queue the unit's Daftar Plotting PDF; a request still waiting is returned instead.

    Raises ``config.documents.DocumentQueueUnavailable`` (the row marked failed) when the
    broker is unreachable.
    """
    return documents.request_document(
        PlottingDocument, requested_by=user, operation=operation, unit=unit
    )
