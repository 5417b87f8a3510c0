"""Sign-in receivers: log every attempt, and note a second factor owed by this session."""

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from .services import SECOND_FACTOR_PENDING, log_sign_in, second_factor_owed


@receiver(user_logged_in, dispatch_uid="accounts_signed_in")
def signed_in(sender, request, user, **kwargs):
    log_sign_in(request=request, username=user.get_username(), user=user, succeeded=True)
    if request is not None and second_factor_owed(user):
        request.session[SECOND_FACTOR_PENDING] = True


@receiver(user_login_failed, dispatch_uid="accounts_sign_in_failed")
def sign_in_failed(sender, credentials, request=None, **kwargs):
    log_sign_in(request=request, username=credentials.get("username", ""), succeeded=False)
