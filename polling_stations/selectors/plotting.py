"""Plotting groups and Daftar Plotting documents of an operation."""

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Prefetch

from agencies.models import Agency
from operations.models import Operation

from ..models import (
    PlottingDocument,
    PlottingGroup,
    PollingStation,
)


def _group_stations() -> Prefetch:
    """A group's TPS as the plotting pages and the PDF show them: number, village and
    kecamatan names (a Polres holds about a thousand TPS: no other column is read)."""
    return Prefetch(
        "polling_stations",
        PollingStation.objects.select_related("village__parent")
        .only(
            "id",
            "number",
            "village_id",
            "category",
            "village__code",
            "village__name",
            "village__parent__code",
            "village__parent__name",
        )
        .order_by("village_id", "number"),
    )


def plotting_for_units(
    *, operation: Operation, polseks: Iterable[Agency]
) -> dict[int, list[PlottingGroup]]:
    """Plotting groups of several Polsek, by Polsek id, in three queries."""
    groups = (
        PlottingGroup.objects.filter(operation=operation, polsek__in=polseks)
        .prefetch_related(
            _group_stations(),
            "officers",
        )
        .order_by("polsek_id", "number")
    )
    result: dict[int, list[PlottingGroup]] = defaultdict(list)
    for group in groups:
        result[group.polsek_id].append(group)
    return result


def plotting_documents(
    *, operation: Operation, unit: Agency, limit: int = 10
) -> list[PlottingDocument]:
    """The unit's latest Daftar Plotting requests, newest first; the caller has scoped
    ``operation`` and ``unit`` already."""
    documents = list(
        PlottingDocument.objects.filter(operation=operation, unit=unit)
        .select_related("requested_by")
        .order_by("-requested_at")[:limit]
    )
    for document in documents:
        document.operation, document.unit = operation, unit
    return documents
