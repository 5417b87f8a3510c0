"""Who a user is in Sinergi: the single place that turns memberships into powers.

Every view and every ``visible_to(user)`` asks this module; nothing else reads
``Membership`` rows to decide access.
"""

from dataclasses import dataclass, field

from django.db import models
from django.db.models import Q

from . import access_cache
from .models import Agency, Membership

Role = Membership.Role


@dataclass(frozen=True)
class Access:
    is_admin: bool = False
    # Units whose subtree the user operates (writes) or commands (reads + reports).
    operated: tuple[Agency, ...] = ()
    commanded: tuple[Agency, ...] = ()
    # Partner agencies the user speaks for.
    liaised: tuple[Agency, ...] = ()
    # Polsek whose TPS the user reports from as a field officer (the plotting group,
    # not this tuple, says which TPS).
    fielded: tuple[Agency, ...] = ()
    roles: frozenset[str] = field(default_factory=frozenset)
    # The rows themselves, with their agencies, for the user menu (read once per request).
    memberships: tuple[Membership, ...] = ()

    @property
    def police_units(self) -> tuple[Agency, ...]:
        return self.operated + self.commanded

    @property
    def is_operator(self) -> bool:
        return bool(self.operated)

    @property
    def is_commander(self) -> bool:
        return bool(self.commanded)

    @property
    def is_liaison(self) -> bool:
        return bool(self.liaised)

    @property
    def is_field_officer(self) -> bool:
        return bool(self.fielded)

    @property
    def is_anyone(self) -> bool:
        """Holds a role that opens Sinergi's shared pages. A field officer alone does not:
        they see their TPS page and nothing else."""
        return self.is_admin or bool(self.roles - {Role.FIELD_OFFICER})

    @property
    def is_field_only(self) -> bool:
        return self.is_field_officer and not self.is_anyone

    def subtree_q(self, field_name: str, units) -> Q:
        """``field_name`` lies in the subtree of one of ``units``."""
        query = Q(pk__in=[])
        for unit in units:
            query |= Q(**{f"{field_name}__path__startswith": unit.path})
        return query

    def can_operate(self, agency: Agency) -> bool:
        return self.is_admin or any(agency.path.startswith(u.path) for u in self.operated)

    def can_read_unit(self, agency: Agency) -> bool:
        return self.is_admin or any(agency.path.startswith(u.path) for u in self.police_units)


ANONYMOUS = Access()


def access_for(user) -> Access:
    """The user's access: once per request on the user object, and across requests from
    the shared cache while nothing it was built from changed (``agencies.access_cache``)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, "_sinergi_access", None)
    if cached is not None:
        return cached
    access = access_cache.read_through(user, build=_build_access)
    user._sinergi_access = access
    return access


def _build_access(user) -> Access:
    memberships = list(Membership.objects.filter(user=user).select_related("agency"))
    by_role: dict[str, list[Agency]] = {}
    for membership in memberships:
        by_role.setdefault(membership.role, []).append(membership.agency)
    return Access(
        is_admin=user.is_superuser or Role.ADMIN in by_role,
        operated=tuple(by_role.get(Role.OPERATOR, ())),
        commanded=tuple(by_role.get(Role.COMMANDER, ())),
        liaised=tuple(by_role.get(Role.LIAISON, ())),
        fielded=tuple(by_role.get(Role.FIELD_OFFICER, ())),
        roles=frozenset(by_role),
        memberships=tuple(memberships),
    )


class UnitScopedQuerySet(models.QuerySet):
    """Rows that belong to a police unit (``unit``): visible to the users who operate or
    command that unit or one above it; admins see all."""

    def visible_to(self, user):
        access = access_for(user)
        if access.is_admin:
            return self.all()
        return self.filter(access.subtree_q("unit", access.police_units))
