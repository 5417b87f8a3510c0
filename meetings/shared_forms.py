"""Forms of the shared side of meetings (RSVP, follow-up updates)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ActionItem, Invitation

RSVP_CHOICES = [c for c in Invitation.Rsvp.choices if c[0] != Invitation.Rsvp.PENDING]


class RsvpForm(forms.Form):
    rsvp = forms.ChoiceField(
        label=_("Konfirmasi kehadiran"), choices=RSVP_CHOICES, widget=forms.RadioSelect
    )
    rsvp_delegate = forms.CharField(
        label=_("Yang akan hadir / mewakili"),
        max_length=200,
        required=False,
        help_text=_("Nama, pangkat, jabatan. Mis. Mayor Inf. Budi Santoso, Pasi Ops Kodim."),
    )
    rsvp_note = forms.CharField(label=_("Catatan"), max_length=255, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("submit", _("Kirim konfirmasi")))

    def clean(self):
        cleaned = super().clean()
        rsvp = cleaned.get("rsvp")
        if (
            rsvp in (Invitation.Rsvp.ATTENDING, Invitation.Rsvp.REPRESENTED)
            and not (cleaned.get("rsvp_delegate") or "").strip()
        ):
            self.add_error(
                "rsvp_delegate",
                _("Tulis nama, pangkat dan jabatan yang mewakili instansi Anda.")
                if rsvp == Invitation.Rsvp.REPRESENTED
                else _("Tulis nama, pangkat dan jabatan yang akan hadir."),
            )
        return cleaned


class ActionItemUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionItem.Status.choices)
    comment = forms.CharField(
        label=_("Komentar"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Mis. langkah yang sudah dilakukan, kendala, atau rencana berikutnya."),
    )

    def __init__(self, *args, current_status: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.current_status = current_status
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("submit", _("Simpan")))

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("status") == self.current_status
            and not (cleaned.get("comment") or "").strip()
        ):
            raise forms.ValidationError(_("Ubah status atau tulis komentar terlebih dahulu."))
        return cleaned
