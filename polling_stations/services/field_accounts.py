"""Field officers' sign-ins, made in bulk from the plotting groups of a unit."""

import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from agencies.models import Agency, Membership
from operations.models import Operation

from ..models import PlottingGroup
from ..models.election_day import FieldAccount

# No look-alike characters: the password is read off paper and typed on a phone.
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


@dataclass(frozen=True)
class NewFieldAccount:
    group: PlottingGroup
    username: str
    password: str


def _password() -> str:
    return "-".join("".join(secrets.choice(_ALPHABET) for _ in range(4)) for _ in range(3))


def field_username(group: PlottingGroup) -> str:
    return f"{group.polsek.slug}-{group.operation.slug}-k{group.number}"[:150]


@transaction.atomic
def create_field_accounts(*, operation: Operation, unit: Agency) -> list[NewFieldAccount]:
    """One sign-in per plotting group of ``operation`` in ``unit``'s subtree that has none
    yet, a field-officer member of the group's Polsek. Returns the new ones with their
    passwords, which are shown once and never stored in clear."""
    User = get_user_model()
    groups = (
        PlottingGroup.objects.filter(
            operation=operation, polsek__path__startswith=unit.path, field_accounts__isnull=True
        )
        .select_related("polsek", "operation")
        .order_by("polsek__path", "number")
    )
    created = []
    for group in groups:
        username = field_username(group)
        password = _password()
        user, _ = User.objects.get_or_create(username=username)
        user.first_name = str(group)[:150]
        user.last_name = group.polsek.short_name[:150]
        user.is_active = True
        user.set_password(password)
        user.save()
        Membership.objects.get_or_create(
            user=user, agency=group.polsek, role=Membership.Role.FIELD_OFFICER
        )
        FieldAccount.objects.create(user=user, group=group)
        created.append(NewFieldAccount(group=group, username=username, password=password))
    return created
