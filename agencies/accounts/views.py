"""Second-factor pages: enrol a TOTP device, and verify a code after the password."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from agencies.access import AUTHENTICATED, allow

from . import services
from .forms import TokenForm


@allow(AUTHENTICATED)
def second_factor_setup(request):
    device = services.pending_device(request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.confirm_device(
            request=request, device=device, token=form.cleaned_data["token"]
        ):
            messages.success(request, _("Verifikasi dua langkah aktif untuk akun Anda."))
            return redirect("home")
        form.add_error("token", _("Kode salah atau sudah kedaluwarsa. Masukkan kode terbaru."))
    return render(
        request,
        "accounts/second_factor_setup.html",
        {
            "form": form,
            "qr_svg": services.enrolment_qr_svg(device),
            "secret": services.device_secret(device),
            "already_enrolled": TOTPDevice.objects.filter(
                user=request.user, confirmed=True
            ).exists(),
        },
    )


@allow(AUTHENTICATED)
def second_factor_verify(request):
    if not TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        return redirect("accounts:second_factor_setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.verify_second_factor(request=request, token=form.cleaned_data["token"]):
            return redirect("home")
        form.add_error("token", _("Kode salah atau sudah kedaluwarsa. Masukkan kode terbaru."))
    return render(request, "accounts/second_factor_verify.html", {"form": form})
