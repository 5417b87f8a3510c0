"""Creates one demo user per role, with the shared demo password."""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from agencies.models import Agency, Membership

from .common import DEMO_PASSWORD, Role, upsert
from .data.users import DEMO_USERS


def load_users(agencies: dict[str, Agency]) -> None:
    """One user per role. A new user gets the demo password; an existing one keeps the
    password it has, so a second run neither rehashes nor overrides a changed password."""
    User = get_user_model()
    encoded = None
    for spec in DEMO_USERS:
        is_admin = spec.role == Role.ADMIN
        user = upsert(
            User,
            lookup={"username": spec.username},
            values={
                "first_name": spec.first_name,
                "last_name": spec.last_name,
                "is_staff": is_admin,
                "is_superuser": is_admin,
                "is_active": True,
            },
        )
        if not user.password or not user.has_usable_password():
            # Hashing costs most of a second; the five demo users share one hash.
            encoded = encoded or make_password(DEMO_PASSWORD)
            user.password = encoded
            user.save(update_fields=["password"])
        Membership.objects.get_or_create(user=user, agency=agencies[spec.agency], role=spec.role)
