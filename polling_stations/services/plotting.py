"""Proposing and editing the plotting of TPS into groups."""

import math
from collections.abc import Iterable
from itertools import groupby

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from agencies.models import Agency, Official
from operations.models import Operation

from ..models import (
    PlottingAssignment,
    PlottingGroup,
    PollingStation,
)
from ..selectors import PatternResolver
from ..selectors.field import forget_field_contexts
from .risk import Category


@transaction.atomic
def propose_plotting(*, operation: Operation, polsek: Agency) -> list[PlottingGroup]:
    """Replaces the Polsek's plotting with groups proposed from the pattern: per
    category, TPS of the same kecamatan (in village and number order) are grouped up
    to the pattern's TPS per group, each group with the pattern's police count.
    Officers named on the old groups are dropped with them."""

    if polsek.kind != Agency.Kind.POLSEK:
        raise ValidationError(_("Plotting disusun per Polsek."))
    PlottingGroup.objects.filter(operation=operation, polsek=polsek).delete()
    resolver = PatternResolver(operation=operation)
    stations = list(
        PollingStation.objects.filter(election__in=operation.elections.all(), polsek=polsek)
        .order_by("category", "village_id", "number")
        .values_list("pk", "category", "village_id")
    )
    order = {c: i for i, c in enumerate(Category.values)}
    stations.sort(key=lambda s: (order[s[1]], s[2], s[0]))
    groups: list[PlottingGroup] = []
    members: list[list[int]] = []
    for (category, _kecamatan), batch in groupby(stations, key=lambda s: (s[1], s[2][:8])):
        pattern = resolver.resolve(unit_path=polsek.path, category=category)
        size = pattern.tps_per_group if pattern else 1
        police = pattern.police_per_group if pattern else 2
        rows = list(batch)
        for start in range(0, len(rows), size):
            chunk = rows[start : start + size]
            groups.append(
                PlottingGroup(
                    operation=operation,
                    polsek=polsek,
                    number=len(groups) + 1,
                    category=category,
                    officer_count=police,
                )
            )
            members.append([pk for pk, _c, _v in chunk])
    PlottingGroup.objects.bulk_create(groups)
    PlottingAssignment.objects.bulk_create(
        PlottingAssignment(group=group, polling_station_id=pk, operation=operation)
        for group, pks in zip(groups, members, strict=True)
        for pk in pks
    )
    # Bulk writes send no signals: the officers' cached TPS lists are dropped here.
    forget_field_contexts()
    return groups


@transaction.atomic
def propose_plotting_for_unit(*, operation: Operation, unit: Agency) -> int:
    """Proposes the plotting of the unit (a Polsek) or of every Polsek below it, all or
    nothing; returns the number of groups proposed."""
    polseks = (
        [unit]
        if unit.kind == Agency.Kind.POLSEK
        else list(Agency.objects.subtree_of(unit).filter(kind=Agency.Kind.POLSEK))
    )
    return sum(len(propose_plotting(operation=operation, polsek=polsek)) for polsek in polseks)


@transaction.atomic
def update_plotting_group(
    *,
    group: PlottingGroup,
    name: str,
    officer_count: int,
    officers: Iterable[Official],
    note: str = "",
) -> PlottingGroup:
    named = list(officers)
    if named and officer_count < len(named):
        raise ValidationError(
            {"officer_count": _("Jumlah personel lebih kecil dari personel yang disebut nama.")}
        )
    if officer_count < 2:
        raise ValidationError({"officer_count": _("Personel selalu bertugas minimal berdua.")})
    group.name, group.officer_count, group.note = name, officer_count, note
    group.save(update_fields=["name", "officer_count", "note"])
    group.officers.set(named)
    return group


@transaction.atomic
def move_station_to_group(*, polling_station: PollingStation, group: PlottingGroup) -> None:
    if polling_station.polsek_id != group.polsek_id:
        raise ValidationError(_("TPS hanya dapat dipindah ke kelompok di Polsek yang sama."))
    PlottingAssignment.objects.filter(
        operation=group.operation, polling_station=polling_station
    ).delete()
    PlottingAssignment.objects.create(group=group, polling_station=polling_station)


def groups_needed(tps: int, tps_per_group: int) -> int:
    return math.ceil(tps / tps_per_group) if tps else 0
