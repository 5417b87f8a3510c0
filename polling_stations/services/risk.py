"""Bawaslu indicator imports and reports, TPS categories and their overrides."""

import csv
import datetime
from pathlib import Path

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Substr
from django.db.models.lookups import GreaterThanOrEqual
from django.utils.translation import gettext as _

from agencies.models import Agency
from operations.models import Election, Operation

from ..changes import stations_changed
from ..models import (
    CategoryOverride,
    CategoryRule,
    IndicatorReport,
    IndicatorSet,
    PollingStation,
    RiskIndicator,
    RiskVariable,
    area_q,
)

Category = PollingStation.Category

INDICATORS_FILE = (
    Path(__file__).resolve().parent.parent
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
VARIABLE_NAMES_EN = {
    "penggunaan_hak_pilih": "Use of voting rights",
    "keamanan": "Security",
    "kampanye": "Campaign",
    "netralitas": "Neutrality",
    "logistik": "Logistics",
    "lokasi_tps": "TPS location",
    "jaringan_listrik_internet": "Power and internet",
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
                "name_en": VARIABLE_NAMES_EN.get(code, ""),
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
                "text_en": (row.get("indikator_en") or "").strip(),
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
    user: User,
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


def remove_indicator_report(*, polling_station: PollingStation, report_pk: int) -> bool:
    """Removes one of the TPS's indicator reports; another TPS's report is left alone."""
    deleted, _by_model = polling_station.indicator_reports.filter(pk=report_pk).delete()
    return bool(deleted)


def rule_for(operation: Operation) -> CategoryRule:
    """The operation's rule, or the default one (unsaved) when it has none."""
    return CategoryRule.objects.filter(operation=operation).first() or CategoryRule(
        operation=operation
    )


def suggested_category_expression(rule: CategoryRule) -> Case:
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
def recompute_categories(
    *, operation: Operation, stations: QuerySet[PollingStation] | None = None
) -> int:
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
    provinces = list(
        PollingStation.objects.filter(pk__in=ids)
        .order_by()
        .values_list(Substr("village_id", 1, 2), flat=True)  # as Region.province_code
        .distinct()
    )
    stations_changed.send(sender=PollingStation, using=stations.db, provinces=provinces)
    return updated


@transaction.atomic
def override_category(
    *, polling_station: PollingStation, category: str, reason: str, user: User
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
    *, polling_station: PollingStation, reason: str, user: User
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
