"""Every view says who may use it, with ``@allow(...)``.

The rule is kept on the view (``view.access_rule``) so that the test that walks
every URL can check that no view was added without one. Object-level access
(which meeting, which unit) is the job of ``visible_to(user)`` querysets, which
answer 404 for what the user may not see.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from .roles import access_for

PUBLIC = "public"
AUTHENTICATED = "authenticated"
OPERATOR = "operator"
COMMANDER = "commander"
LIAISON = "liaison"
FIELD_OFFICER = "field_officer"
ADMIN = "admin"

ROLE_CHECKS = {
    OPERATOR: lambda access: access.is_operator,
    COMMANDER: lambda access: access.is_commander,
    LIAISON: lambda access: access.is_liaison,
    FIELD_OFFICER: lambda access: access.is_field_officer,
    AUTHENTICATED: lambda access: access.is_anyone,
    ADMIN: lambda access: access.is_admin,
}


def allow(*roles: str):
    """Let only users holding one of ``roles`` in (admins always pass).

    Anonymous users are sent to the login page; a signed-in user without the role
    gets 403.
    """
    unknown = set(roles) - set(ROLE_CHECKS) - {PUBLIC}
    if unknown:
        raise ValueError(f"unknown roles {unknown}")

    def decorator(view):
        if PUBLIC in roles:
            view.access_rule = frozenset(roles)
            return view

        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            access = access_for(request.user)
            if not (access.is_admin or any(ROLE_CHECKS[role](access) for role in roles)):
                raise PermissionDenied
            request.access = access
            return view(request, *args, **kwargs)

        wrapper.access_rule = frozenset(roles)
        return wrapper

    return decorator
