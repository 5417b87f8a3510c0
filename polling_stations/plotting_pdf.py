"""The Daftar Plotting: its sections and its PDF, shared by the page and the worker."""

from collections.abc import Callable

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from agencies.models import Agency
from operations.models import Operation

from . import selectors


def plotting_sections(*, operation: Operation, unit: Agency) -> list[tuple[Agency, list]]:
    """(Polsek, its plotting groups) for the unit: itself if a Polsek, else the Polsek below."""
    if unit.kind == Agency.Kind.POLSEK:
        return [(unit, selectors.plotting_for_polsek(operation=operation, polsek=unit))]
    polseks = list(Agency.objects.subtree_of(unit).filter(kind=Agency.Kind.POLSEK).order_by("path"))
    groups = selectors.plotting_for_units(operation=operation, polseks=polseks)
    return [(polsek, groups.get(polsek.pk, [])) for polsek in polseks]


def render_plotting_pdf(
    *, operation: Operation, unit: Agency, progress: Callable[[int], None] | None = None
) -> bytes:
    """The Daftar Plotting PDF, synchronously; ``progress`` hears percentages as it goes."""
    from weasyprint import HTML

    progress = progress or (lambda percent: None)
    progress(5)
    sections = plotting_sections(operation=operation, unit=unit)
    progress(30)
    with translation.override("id"):
        html = render_to_string(
            "polling_stations/plotting_pdf.html",
            {
                "operation": operation,
                "unit": unit,
                "sections": sections,
                "printed_at": timezone.now(),
            },
        )
    progress(50)
    # Layout is most of the time; WeasyPrint gives no progress of its own.
    document = HTML(string=html, base_url=str(settings.BASE_DIR)).render()
    progress(85)
    pdf = document.write_pdf()
    progress(95)
    return pdf
