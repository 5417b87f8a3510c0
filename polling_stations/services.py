"""Writes for polling stations: imports, risk, patterns, personnel and plotting."""

import csv
import datetime
import math
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThanOrEqual
from django.utils.translation import gettext as _

from agencies.models import Agency
from operations.models import Election, Operation

from .models import (
    CategoryOverride,
    CategoryRule,
    IndicatorReport,
    IndicatorSet,
    PersonnelPolicy,
    PlottingAssignment,
    PlottingGroup,
    PollingStation,
    Region,
    RiskIndicator,
    RiskVariable,
    SecurityPattern,
    UnitStrength,
    area_q,
)
from .patterns import PRESETS
from .regions_import import read_region_files


@dataclass(frozen=True)
class RegionImportResult:
    total: int
    by_level: dict[int, int]


@transaction.atomic
def import_regions(*, directory: Path | None = None, batch_size: int = 5000) -> RegionImportResult:
    """Loads (or refreshes) the Kemendagri regions, all or nothing.

    Upserts by code so that a second run changes nothing, and regions that TPS
    already point to are never deleted.
    """
    rows = read_region_files(directory)
    by_level: dict[int, int] = {}
    regions = []
    for row in rows:
        by_level[row.level] = by_level.get(row.level, 0) + 1
        regions.append(
            Region(
                code=row.code,
                name=row.name,
                level=row.level,
                kind=row.kind,
                parent_id=row.parent_code,
            )
        )
    Region.objects.bulk_create(
        regions,
        batch_size=batch_size,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "level", "kind", "parent"],
    )
    return RegionImportResult(total=len(rows), by_level=by_level)


# --- Risk, security pattern, personnel and plotting (issue 4, tps-risk) ---------------------

Category = PollingStation.Category

INDICATORS_FILE = (
    Path(__file__).resolve().parent
    / "data"
    / "rawan"
    / ("bawaslu_tps_rawan_pemilu2024_nasional.csv")
)
VARIABLE_NAMES = {
    "penggunaan_hak_pilih": "Penggunaan hak pilih",
    "keamanan": "Keamanan",
    "kampanye": "Kampanye",
    "netralitas": "Netralitas",
    "logistik": "Logistik",
    "lokasi_tps": "Lokasi TPS",
    "jaringan_listrik_internet": "Jaringan listrik dan internet",
}
SECURITY_VARIABLE = "keamanan"


@transaction.atomic
def import_indicators(
    *,
    election: Election,
    path: Path | None = None,
    version: int = 1,
    name: str = "",
    effective_on: datetime.date | None = None,
    source: str = "Bawaslu RI, rilis TPS rawan 11 Februari 2024",
) -> IndicatorSet:
    """Loads Bawaslu's indicator list into a (versioned) set for ``election``.

    Idempotent: running it again updates the same set's variables and indicators.
    Indicators are numbered 1..n in file order.
    """
    path = Path(path or INDICATORS_FILE)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    indicator_set, created = IndicatorSet.objects.get_or_create(
        election=election,
        version=version,
        defaults={
            "name": name or f"Indikator TPS rawan Bawaslu {election.name}",
            "effective_on": effective_on or datetime.date(2024, 2, 11),
            "source": source,
            "is_active": False,
        },
    )
    if created and not IndicatorSet.objects.filter(election=election, is_active=True).exists():
        indicator_set.is_active = True
        indicator_set.save(update_fields=["is_active"])
    variables = {}
    for order, code in enumerate(dict.fromkeys(row["variabel"] for row in rows), start=1):
        variables[code], _created = RiskVariable.objects.update_or_create(
            indicator_set=indicator_set,
            code=code,
            defaults={
                "name": VARIABLE_NAMES.get(code, code.replace("_", " ").capitalize()),
                "order": order,
            },
        )
    for number, row in enumerate(rows, start=1):
        RiskIndicator.objects.update_or_create(
            indicator_set=indicator_set,
            number=number,
            defaults={
                "variable": variables[row["variabel"]],
                "text": row["indikator"].strip(),
                "is_security": row["variabel"] == SECURITY_VARIABLE,
                "frequency": row.get("kategori", "").replace("_", " "),
                "national_tps_count": int(row["jumlah_tps"]) if row.get("jumlah_tps") else None,
            },
        )
    return indicator_set


@transaction.atomic
def report_indicator(
    *,
    polling_station: PollingStation,
    indicator: RiskIndicator,
    user,
    source_agency: Agency | None,
    reported_on: datetime.date,
    note: str = "",
) -> IndicatorReport:
    """Records (or updates) that an indicator holds at a TPS."""
    report = IndicatorReport.objects.filter(
        polling_station=polling_station, indicator=indicator
    ).first() or IndicatorReport(polling_station=polling_station, indicator=indicator)
    report.reported_by = user
    report.source_agency = source_agency
    report.reported_on = reported_on
    report.note = note
    report.full_clean()
    report.save()
    return report


def rule_for(operation: Operation) -> CategoryRule:
    """The operation's rule, or the default one (unsaved) when it has none."""
    return CategoryRule.objects.filter(operation=operation).first() or CategoryRule(
        operation=operation
    )


def suggested_category_expression(rule: CategoryRule):
    """The rule as one SQL CASE over each TPS's reports, so a recompute is a single
    UPDATE rather than a save per TPS."""
    reports = IndicatorReport.objects.filter(polling_station=OuterRef("pk"))
    report_count = Coalesce(
        Subquery(
            reports.order_by().values("polling_station").annotate(n=Count("pk")).values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )
    whens = []
    if rule.special_location_is_khusus:
        whens.append(When(kind=PollingStation.Kind.SPECIAL, then=Value(Category.KHUSUS)))
    if rule.security_indicator_is_very_high:
        whens.append(
            When(
                Exists(reports.filter(indicator__is_security=True)),
                then=Value(Category.SANGAT_RAWAN),
            )
        )
    whens.append(
        When(
            GreaterThanOrEqual(report_count, Value(rule.very_high_min_indicators)),
            then=Value(Category.SANGAT_RAWAN),
        )
    )
    whens.append(
        When(
            GreaterThanOrEqual(report_count, Value(rule.high_min_indicators)),
            then=Value(Category.RAWAN),
        )
    )
    return Case(*whens, default=Value(Category.KURANG_RAWAN))


def suggest_category(*, rule: CategoryRule, is_special: bool, holds: int, security: bool) -> str:
    """The same rule for one TPS, in Python (for forms and explanations)."""
    if rule.special_location_is_khusus and is_special:
        return Category.KHUSUS
    if rule.security_indicator_is_very_high and security:
        return Category.SANGAT_RAWAN
    if holds >= rule.very_high_min_indicators:
        return Category.SANGAT_RAWAN
    if holds >= rule.high_min_indicators:
        return Category.RAWAN
    return Category.KURANG_RAWAN


ADOPTED_REASON = (
    "Kategori yang sudah ditetapkan sebelum aturan pertama kali dihitung (dari berkas impor "
    "atau data awal) dipertahankan sebagai penetapan operator."
)


@transaction.atomic
def recompute_categories(*, operation: Operation, stations=None) -> int:
    """Suggests a category for every TPS in the operation's area from its indicators,
    and makes it the TPS's category unless an operator has overridden it.

    A TPS that was never computed but already carries a category other than the
    default (set by an imported file's ``kategori`` column or by seed data) keeps it,
    as an override logged with ADOPTED_REASON: the rule must not silently erase a
    category someone chose. A few statements in all, whatever the number of TPS.
    Returns the number of TPS considered.
    """
    rule = rule_for(operation)
    if stations is None:
        stations = PollingStation.objects.filter(election__in=operation.elections.all()).filter(
            area_q([operation.commanding_unit])
        )
    ids = stations.values("pk")
    adopted = list(
        PollingStation.objects.filter(pk__in=ids, suggested_category="", category_overridden=False)
        .exclude(category=Category.KURANG_RAWAN)
        .values_list("pk", "category")
    )
    if adopted:
        CategoryOverride.objects.bulk_create(
            CategoryOverride(
                polling_station_id=pk,
                category=category,
                previous_category=category,
                reason=ADOPTED_REASON,
            )
            for pk, category in adopted
        )
        PollingStation.objects.filter(pk__in=[pk for pk, _c in adopted]).update(
            category_overridden=True
        )
    updated = PollingStation.objects.filter(pk__in=ids).update(
        suggested_category=suggested_category_expression(rule)
    )
    PollingStation.objects.filter(pk__in=ids, category_overridden=False).exclude(
        category=F("suggested_category")
    ).update(category=F("suggested_category"))
    return updated


@transaction.atomic
def override_category(
    *, polling_station: PollingStation, category: str, reason: str, user
) -> CategoryOverride:
    """An operator sets a TPS's category by hand; the reason is mandatory and the
    change is logged. Recomputations leave the TPS alone until the override is lifted."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Alasan penetapan kategori wajib diisi.")})
    if category not in Category.values:
        raise ValidationError(
            {"category": _("Kategori %(value)s tidak dikenal.") % {"value": category}}
        )
    station = PollingStation.objects.select_for_update().get(pk=polling_station.pk)
    entry = CategoryOverride.objects.create(
        polling_station=station,
        category=category,
        previous_category=station.category,
        reason=reason,
        changed_by=user,
    )
    station.category = category
    station.category_overridden = True
    station.save(update_fields=["category", "category_overridden"])
    polling_station.category, polling_station.category_overridden = category, True
    return entry


@transaction.atomic
def lift_category_override(
    *, polling_station: PollingStation, reason: str, user
) -> CategoryOverride:
    """Returns a TPS to the rule's suggestion, logging who did it and why."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Alasan pencabutan penetapan wajib diisi.")})
    station = PollingStation.objects.select_for_update().get(pk=polling_station.pk)
    entry = CategoryOverride.objects.create(
        polling_station=station,
        category="",
        previous_category=station.category,
        reason=reason,
        changed_by=user,
    )
    station.category = station.suggested_category or station.category
    station.category_overridden = False
    station.save(update_fields=["category", "category_overridden"])
    polling_station.category, polling_station.category_overridden = station.category, False
    return entry


@transaction.atomic
def set_security_pattern(
    *,
    operation: Operation | None,
    unit: Agency | None,
    category: str,
    police_per_group: int,
    tps_per_group: int,
    linmas_per_group: int,
    source: str = "",
) -> SecurityPattern:
    pattern = SecurityPattern.objects.filter(
        operation=operation, unit=unit, category=category
    ).first() or SecurityPattern(operation=operation, unit=unit, category=category)
    pattern.police_per_group = police_per_group
    pattern.tps_per_group = tps_per_group
    pattern.linmas_per_group = linmas_per_group
    pattern.source = source
    pattern.full_clean(validate_unique=False)
    pattern.save()
    return pattern


@transaction.atomic
def apply_pattern_preset(
    *, operation: Operation | None, unit: Agency | None, preset: str
) -> list[SecurityPattern]:
    """Sets a published pattern (``patterns.PRESETS``) for an operation or a unit."""
    data = PRESETS[preset]
    return [
        set_security_pattern(
            operation=operation,
            unit=unit,
            category=category,
            police_per_group=police,
            tps_per_group=tps,
            linmas_per_group=linmas,
            source=data["source"],
        )
        for category, (police, tps, linmas) in data["patterns"].items()
    ]


@transaction.atomic
def set_unit_strength(
    *, operation: Operation, unit: Agency, personnel: int, note: str = ""
) -> UnitStrength:
    strength, _created = UnitStrength.objects.update_or_create(
        operation=operation, unit=unit, defaults={"personnel": personnel, "note": note}
    )
    return strength


@transaction.atomic
def set_personnel_policy(
    *, operation: Operation, reserve_platoons_per_polsek: int, reserve_platoon_size: int
) -> PersonnelPolicy:
    policy, _created = PersonnelPolicy.objects.update_or_create(
        operation=operation,
        defaults={
            "reserve_platoons_per_polsek": reserve_platoons_per_polsek,
            "reserve_platoon_size": reserve_platoon_size,
        },
    )
    return policy


@transaction.atomic
def propose_plotting(*, operation: Operation, polsek: Agency) -> list[PlottingGroup]:
    """Replaces the Polsek's plotting with groups proposed from the pattern: per
    category, TPS of the same kecamatan (in village and number order) are grouped up
    to the pattern's TPS per group, each group with the pattern's police count.
    Officers named on the old groups are dropped with them."""
    from .selectors import PatternResolver

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
        batch = list(batch)
        for start in range(0, len(batch), size):
            chunk = batch[start : start + size]
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
    return groups


@transaction.atomic
def update_plotting_group(
    *, group: PlottingGroup, name: str, officer_count: int, officers, note: str = ""
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
