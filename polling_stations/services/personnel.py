"""Unit strengths and personnel policies."""

from django.db import transaction

from agencies.models import Agency
from operations.models import Operation

from ..models import (
    PersonnelPolicy,
    UnitStrength,
)


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
