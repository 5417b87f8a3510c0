"""Plotting groups and Daftar Plotting documents of an operation."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Prefetch

from agencies.models import Agency
from operations.models import Operation

from ..models import (
    PlottingAssignment,
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


@dataclass
class PlottingRow:
    """One plotting group as the plotting page shows it: its TPS and officers already
    joined into text, so a Polres of a thousand TPS renders a few hundred plain rows."""

    pk: int
    number: int
    title: str
    category: str
    category_label: str
    officer_count: int
    stations: str = ""
    officers: str = ""


def plotting_polseks(*, unit: Agency) -> list[Agency]:
    """The Polsek whose plotting a unit shows: itself if a Polsek, else those below it."""
    if unit.kind == Agency.Kind.POLSEK:
        return [unit]
    return list(Agency.objects.subtree_of(unit).filter(kind=Agency.Kind.POLSEK).order_by("path"))


@dataclass
class PolsekPlotting:
    """A Polsek's plotting in figures: its groups and their TPS."""

    polsek: Agency
    groups: int = 0
    tps: int = 0


@dataclass
class PlottingTable:
    """The plotting page: every Polsek of the unit in figures, and the groups of one."""

    polseks: list[PolsekPlotting]
    chosen: PolsekPlotting | None
    rows: list[PlottingRow]


def plotting_table(*, operation: Operation, unit: Agency, polsek_slug: str = "") -> PlottingTable:
    """The unit's Polsek with their plotting figures, and the groups of the Polsek chosen
    by ``polsek_slug`` (the first when none or another is asked for) as rows: a Polres
    shows a few dozen rows at a time instead of every group of its thousand TPS, and a
    Polda's page stays the size of one Polsek."""
    polseks = {polsek.pk: PolsekPlotting(polsek) for polsek in plotting_polseks(unit=unit)}
    figures = (
        PlottingGroup.objects.filter(operation=operation, polsek_id__in=list(polseks))
        .values_list("polsek_id")
        .annotate(Count("pk", distinct=True), Count("polling_stations"))
        .order_by()
    )
    for polsek_id, groups, tps in figures:
        polseks[polsek_id].groups, polseks[polsek_id].tps = groups, tps
    listed = list(polseks.values())
    if not listed:
        return PlottingTable(polseks=[], chosen=None, rows=[])
    chosen = next((p for p in listed if p.polsek.slug == polsek_slug), listed[0])
    rows = plotting_rows(operation=operation, polseks=[chosen.polsek])
    return PlottingTable(polseks=listed, chosen=chosen, rows=rows.get(chosen.polsek.pk, []))


def plotting_rows(
    *, operation: Operation, polseks: Iterable[Agency]
) -> dict[int, list[PlottingRow]]:
    """The plotting groups of several Polsek as rows, by Polsek id, in three plain
    queries (groups, their TPS, their officers) and no model instance per TPS."""
    polsek_ids = [polsek.pk for polsek in polseks]
    labels = dict(PollingStation.Category.choices)
    rows: dict[int, PlottingRow] = {}
    result: dict[int, list[PlottingRow]] = defaultdict(list)
    groups = (
        PlottingGroup.objects.filter(operation=operation, polsek_id__in=polsek_ids)
        .order_by("polsek_id", "number")
        .values_list("pk", "polsek_id", "number", "name", "category", "officer_count")
    )
    for pk, polsek_id, number, name, category, officer_count in groups:
        row = PlottingRow(
            pk=pk,
            number=number,
            title=PlottingGroup.title(name=name, number=number),
            category=category,
            category_label=str(labels.get(category, category)),
            officer_count=officer_count,
        )
        rows[pk] = row
        result[polsek_id].append(row)
    if not rows:
        return result
    stations: dict[int, list[str]] = defaultdict(list)
    assigned = (
        PlottingAssignment.objects.filter(operation=operation, group__polsek_id__in=polsek_ids)
        .order_by("polling_station__village_id", "polling_station__number")
        .values_list("group_id", "polling_station__number", "polling_station__village__name")
    )
    for group_id, number, village in assigned:
        stations[group_id].append(f"TPS {number:03d} {village}")
    officers: dict[int, list[str]] = defaultdict(list)
    named = (
        PlottingGroup.officers.through.objects.filter(
            plottinggroup__operation=operation, plottinggroup__polsek_id__in=polsek_ids
        )
        .order_by("official__agency__path", "official__name")
        .values_list("plottinggroup_id", "official__rank", "official__name")
    )
    for group_id, rank, name in named:
        officers[group_id].append(f"{rank} {name}".strip())  # as Official.display_name
    for pk, row in rows.items():
        row.stations = "; ".join(stations.get(pk, ()))
        row.officers = ", ".join(officers.get(pk, ()))
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
