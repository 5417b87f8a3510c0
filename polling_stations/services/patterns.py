"""Published security patterns and setting a unit's pattern.

Sources (see docs/domain.md): the 2019 national pattern (kumparan, independensi.com)
and Polda Sulut's 2024 one (jurnalkhatulistiwa). Neither names a ratio for TPS khusus;
we use one TPS per group with the minimum pair of officers (2 : 1 : 4 nationally,
2 : 1 : 2 in Sulut, equal to its sangat rawan), because a special site is either a
closed, already guarded site (lapas, rutan, panti) or a remote one (plantation, mine,
relocation camp) that a group cannot share with another TPS. Sulut's kurang rawan
ratio is published as a range, 2 : 16-20 : 20-40; the upper bound is used.
"""

from django.db import transaction

from agencies.models import Agency
from operations.models import Operation

from ..models import (
    SecurityPattern,
)

KURANG_RAWAN, RAWAN, SANGAT_RAWAN, KHUSUS = "kurang_rawan", "rawan", "sangat_rawan", "khusus"

PRESETS: dict[str, dict] = {
    "nasional-2019": {
        "source": "Pola pengamanan TPS nasional Pemilu 2019",
        "patterns": {
            KURANG_RAWAN: (2, 4, 6),
            RAWAN: (4, 2, 8),
            SANGAT_RAWAN: (6, 2, 8),
            KHUSUS: (2, 1, 4),
        },
    },
    "polda-sulut-2024": {
        "source": "Pola pengamanan TPS Polda Sulut 2024",
        "patterns": {
            KURANG_RAWAN: (2, 20, 40),
            RAWAN: (2, 2, 4),
            SANGAT_RAWAN: (2, 1, 2),
            KHUSUS: (2, 1, 2),
        },
    },
}

NATIONAL_DEFAULT = "nasional-2019"


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
