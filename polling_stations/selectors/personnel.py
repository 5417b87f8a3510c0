"""Effective security patterns and the personnel a unit needs."""

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from operations.models import Operation

from ..models import (
    PersonnelPolicy,
    PollingStation,
    SecurityPattern,
    UnitStrength,
    area_q,
)
from .risk import CATEGORIES, Category, empty_category_counts

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _operation_chain(operation: Operation) -> list[Operation]:
    chain: list[Operation] = []
    current: Operation | None = operation
    while current is not None and len(chain) < 5:
        chain.append(current)
        current = current.parent
    return chain


class PatternResolver:
    """Finds the pattern that applies to a unit for a category: Polres > Polda >
    operation default (then the parent operation's) > national default."""

    def __init__(self, *, operation: Operation) -> None:
        self.chain_ids = [op.pk for op in _operation_chain(operation)]
        patterns = SecurityPattern.objects.filter(
            Q(operation_id__in=self.chain_ids) | Q(operation__isnull=True, unit__isnull=True)
        )
        self.by_key = {(p.operation_id, p.unit_id, p.category): p for p in patterns}

    def resolve(self, *, unit_path: str, category: str) -> SecurityPattern | None:
        ancestor_ids = [int(pk) for pk in unit_path.strip("/").split("/")] if unit_path else []
        for operation_id in self.chain_ids:
            for unit_id in [*reversed(ancestor_ids), None]:
                pattern = self.by_key.get((operation_id, unit_id, category))
                if pattern is not None:
                    return pattern
        return self.by_key.get((None, None, category))

    def effective(self, *, unit: Agency | None) -> dict[str, SecurityPattern | None]:
        path = unit.path if unit is not None else ""
        return {c: self.resolve(unit_path=path, category=c) for c in CATEGORIES}


def effective_patterns(*, operation: Operation, unit: Agency | None) -> dict:
    return PatternResolver(operation=operation).effective(unit=unit)


@dataclass
class CategoryNeed:
    category: str
    # Lazy: rendered in the language of the page or PDF that shows it.
    label: "StrOrPromise"
    tps: int = 0
    groups: int = 0
    police: int = 0
    linmas: int = 0
    pattern: SecurityPattern | None = None


@dataclass
class UnitNeed:
    unit: Agency | None
    name: str
    tps: dict[str, int] = field(default_factory=empty_category_counts)
    groups: int = 0
    police: int = 0
    linmas: int = 0
    polsek_count: int = 0
    reserve_platoons: int = 0
    reserve_personnel: int = 0
    strength: int | None = None

    @property
    def tps_total(self) -> int:
        return sum(self.tps.values())

    @property
    def police_total(self) -> int:
        """Police at the TPS plus the backup platoons."""
        return self.police + self.reserve_personnel

    @property
    def balance(self) -> int | None:
        """Surplus (positive) or shortfall (negative) against the unit's strength."""
        if self.strength is None:
            return None
        return self.strength - self.police_total


@dataclass
class PersonnelRequirement:
    operation: Operation
    unit: Agency
    categories: list[CategoryNeed]
    children: list[UnitNeed]
    totals: UnitNeed
    reserve_platoon_size: int
    reserve_platoons_per_polsek: int
    reserve_basis: str = PersonnelPolicy.ReserveBasis.WITH_TPS

    @property
    def reserve_basis_label(self) -> str:
        return str(PersonnelPolicy.ReserveBasis(self.reserve_basis).label)


def _requirement_for(counts: dict[str, int], patterns: dict) -> dict[str, tuple[int, int, int]]:
    """For each category: ceil(TPS / TPS per group) groups, times police and Linmas per group."""
    result = {}
    for category, n in counts.items():
        pattern = patterns.get(category)
        if not n or pattern is None:
            result[category] = (0, 0, 0)
            continue
        groups = math.ceil(n / pattern.tps_per_group)
        result[category] = (
            groups,
            groups * pattern.police_per_group,
            groups * pattern.linmas_per_group,
        )
    return result


def personnel_requirement(
    *,
    operation: Operation,
    unit: Agency,
    counted: Iterable[tuple[int | None, str, int]] | None = None,
) -> PersonnelRequirement:
    """Police and Linmas needed in ``unit``'s area for ``operation``, against strength.

    Groups never span two Polsek, so the arithmetic is done per Polsek (each with the
    pattern that applies to it) and summed upward; TPS not assigned to a Polsek below
    ``unit`` are counted at ``unit`` itself with its own pattern. Backup platoons:
    ``reserve_platoons_per_polsek`` x ``reserve_platoon_size`` per Polsek rayon that has
    TPS to back (or per Polsek rayon, if the operation's policy says so).
    Strength: the unit's own UnitStrength, else the sum of its children's.
    A bounded number of queries (about eight) whatever the size. ``counted``: the
    (Polsek, category, TPS) rows of the operation's elections in the area, already read.
    """
    if counted is None:
        # Through .all(): a caller that prefetched the operation's elections pays no query.
        election_ids = [election.pk for election in operation.elections.all()]
        counted = (
            PollingStation.objects.filter(election_id__in=election_ids)
            .filter(area_q([unit]))
            .order_by()
            .values_list("polsek_id", "category")
            .annotate(n=Count("id"))
        )
    subtree = {
        a.pk: a
        for a in Agency.objects.subtree_of(unit)
        .police()
        .only("pk", "path", "kind", "short_name", "parent_id", "slug")
    }
    subtree.setdefault(unit.pk, unit)
    leaves: dict[int, dict[str, int]] = defaultdict(empty_category_counts)
    for polsek_id, category, n in counted:
        bucket = polsek_id if polsek_id in subtree else unit.pk
        leaves[bucket][category] += n

    resolver = PatternResolver(operation=operation)
    policy = PersonnelPolicy.objects.filter(operation=operation).first() or PersonnelPolicy()
    explicit = dict(
        UnitStrength.objects.filter(operation=operation, unit_id__in=list(subtree)).values_list(
            "unit_id", "personnel"
        )
    )

    category_needs = {c: CategoryNeed(category=c, label=Category(c).label) for c in CATEGORIES}
    unit_patterns = resolver.effective(unit=unit)
    for category, need in category_needs.items():
        need.pattern = unit_patterns[category]

    def child_of(agency: Agency) -> int:
        # The direct child of ``unit`` on agency's path (or unit itself).
        ids = [int(pk) for pk in agency.path.strip("/").split("/")]
        index = ids.index(unit.pk) if unit.pk in ids else len(ids) - 1
        return ids[index + 1] if index + 1 < len(ids) else unit.pk

    children: dict[int, UnitNeed] = {}
    totals = UnitNeed(unit=unit, name=unit.short_name)
    for bucket, counts in leaves.items():
        agency = subtree[bucket]
        patterns = {c: resolver.resolve(unit_path=agency.path, category=c) for c in CATEGORIES}
        child_id = child_of(agency)
        child = children.get(child_id)
        if child is None:
            child_unit = subtree.get(child_id)
            name = (
                child_unit.short_name
                if child_unit is not None and child_id != unit.pk
                else str(_("Tanpa Polsek"))
            )
            child = children[child_id] = UnitNeed(unit=child_unit, name=name)
        for category, (groups, police, linmas) in _requirement_for(counts, patterns).items():
            for target in (child, totals):
                target.tps[category] += counts[category]
                target.groups += groups
                target.police += police
                target.linmas += linmas
            need = category_needs[category]
            need.tps += counts[category]
            need.groups += groups
            need.police += police
            need.linmas += linmas

    # Every direct child unit gets a row, even one with no TPS yet.
    for agency in subtree.values():
        if agency.parent_id == unit.pk and agency.pk not in children:
            children[agency.pk] = UnitNeed(unit=agency, name=agency.short_name)

    with_tps = {pk for pk, counts in leaves.items() if any(counts.values())}
    polsek_paths = [
        a.path
        for a in subtree.values()
        if a.kind == Agency.Kind.POLSEK
        and (policy.reserve_basis == PersonnelPolicy.ReserveBasis.EVERY or a.pk in with_tps)
    ]
    strengths = _strengths(subtree, explicit)
    for child_id, child in children.items():
        if child.unit is None or child_id == unit.pk:
            continue
        child.polsek_count = sum(1 for p in polsek_paths if p.startswith(child.unit.path))
        child.strength = strengths.get(child_id)
    totals.polsek_count = len(polsek_paths)
    totals.strength = strengths.get(unit.pk)
    for unit_need in [*children.values(), totals]:
        unit_need.reserve_platoons = unit_need.polsek_count * policy.reserve_platoons_per_polsek
        unit_need.reserve_personnel = unit_need.reserve_platoons * policy.reserve_platoon_size

    # A Polsek is the last level: its page has the totals and no rows below.
    ordered_children = (
        []
        if unit.kind == Agency.Kind.POLSEK
        else sorted(children.values(), key=lambda c: (c.unit is None or c.unit == unit, c.name))
    )
    return PersonnelRequirement(
        operation=operation,
        unit=unit,
        categories=[category_needs[c] for c in CATEGORIES],
        children=ordered_children,
        totals=totals,
        reserve_platoon_size=policy.reserve_platoon_size,
        reserve_platoons_per_polsek=policy.reserve_platoons_per_polsek,
        reserve_basis=policy.reserve_basis,
    )


def _strengths(subtree: dict[int, Agency], explicit: dict[int, int]) -> dict[int, int]:
    """A unit's strength is its own figure, else the sum of its children's figures."""
    strengths: dict[int, int] = {}
    for agency in sorted(subtree.values(), key=lambda a: -a.path.count("/")):
        if agency.pk in explicit:
            strengths[agency.pk] = explicit[agency.pk]
        if (
            agency.pk in strengths
            and agency.parent_id in subtree
            and agency.parent_id not in explicit
        ):
            strengths[agency.parent_id] = strengths.get(agency.parent_id, 0) + strengths[agency.pk]
    return strengths
