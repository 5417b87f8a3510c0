"""Holds a signed-in user who owes a second factor on the verification pages."""

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from .services import SECOND_FACTOR_PENDING


class SecondFactorMiddleware:
    """Every page but the second-factor ones, sign-out and language answers a redirect
    to verification until the session has passed it (after django_otp's OTPMiddleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if (
            session is not None
            and session.get(SECOND_FACTOR_PENDING)
            and request.user.is_authenticated
            and not request.user.is_verified()
            and not self._is_open(request.path_info)
        ):
            return redirect("accounts:second_factor_verify")
        return self.get_response(request)

    @staticmethod
    def _is_open(path: str) -> bool:
        open_paths = (
            reverse("accounts:second_factor_verify"),
            reverse("accounts:second_factor_setup"),
            reverse("logout"),
            reverse("set_language"),
            "/" + settings.STATIC_URL.lstrip("/"),
        )
        return path.startswith(open_paths)
