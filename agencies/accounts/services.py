"""Writes of the accounts app: logging sign-ins, enrolling and verifying a TOTP device."""

import base64
from xml.etree import ElementTree

import qrcode
import qrcode.image.svg
from django.contrib.auth.models import User
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from agencies.models import Agency, Membership
from config.network import client_address

from .models import SignIn

# The session key that holds "this sign-in still owes a second factor".
SECOND_FACTOR_PENDING = "sinergi_second_factor_pending"
# Roles a unit's requirement applies to.
SECOND_FACTOR_ROLES = (Membership.Role.COMMANDER, Membership.Role.ADMIN)


def log_sign_in(
    *, request: HttpRequest | None, username: str, user: User | None = None, succeeded: bool
) -> SignIn:
    address = client_address(request) if request is not None else ""
    agent = request.META.get("HTTP_USER_AGENT", "") if request is not None else ""
    return SignIn.objects.create(
        username=username[:150],
        user=user,
        succeeded=succeeded,
        address=address or None,
        user_agent=agent[:255],
    )


def unit_requires_second_factor(user: User) -> bool:
    """A unit the user commands or administers, or one above it, requires a second factor."""
    paths = list(
        Membership.objects.filter(user=user, role__in=SECOND_FACTOR_ROLES).values_list(
            "agency__path", flat=True
        )
    )
    if not paths:
        return False
    requiring = Agency.objects.filter(requires_second_factor=True).values_list("path", flat=True)
    return any(path.startswith(required) for required in requiring for path in paths)


def second_factor_owed(user: User) -> bool:
    """Whether a fresh sign-in must be completed with a TOTP code.

    Required by a unit, or chosen by the user by enrolling a device.
    """
    enrolled = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    return enrolled or unit_requires_second_factor(user)


def pending_device(user: User) -> TOTPDevice:
    """The device being enrolled: kept until confirmed, so a reload shows the same code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Sinergi", confirmed=False)
    return device


def enrolment_qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URL of ``device`` as an inline SVG (no image request, no CDN)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    # The bare <svg> element: an XML declaration has no place inside an HTML page.
    return ElementTree.tostring(image.get_image(), encoding="unicode")


def device_secret(device: TOTPDevice) -> str:
    """The key in base32, for typing into an app when the QR code cannot be scanned."""
    return base64.b32encode(device.bin_key).decode()


def confirm_device(*, request: HttpRequest, device: TOTPDevice, token: str) -> bool:
    if not device.verify_token(token):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    otp_login(request, device)
    request.session.pop(SECOND_FACTOR_PENDING, None)
    return True


def verify_second_factor(*, request: HttpRequest, token: str) -> bool:
    device = match_token(request.user, token)
    if device is None or not device.confirmed:
        return False
    otp_login(request, device)
    request.session.pop(SECOND_FACTOR_PENDING, None)
    return True
