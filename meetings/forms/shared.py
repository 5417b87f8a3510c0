"""Forms partner agencies fill in (RSVP, follow-up updates) and reminder offsets."""

import datetime
import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from ..models import (
    ActionItem,
    Invitation,
)

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


class ActionItemUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionItem.Status.choices)
    comment = forms.CharField(
        label=_("Komentar"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Mis. langkah yang sudah dilakukan, kendala, atau rencana berikutnya."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("submit", _("Simpan")))


UNITS = {"hari": "days", "jam": "hours", "menit": "minutes"}
PART = re.compile(r"^\s*(\d{1,3})\s*(hari|jam|menit)\s*$", re.IGNORECASE)


def offset_label(offset: datetime.timedelta) -> str:
    minutes = int(offset.total_seconds() // 60)
    if minutes % (24 * 60) == 0:
        return f"{minutes // (24 * 60)} hari"
    if minutes % 60 == 0:
        return f"{minutes // 60} jam"
    return f"{minutes} menit"


class ReminderOffsetsForm(forms.Form):
    offsets = forms.CharField(
        label=gettext_lazy("Pengingat sebelum rapat dimulai"),
        help_text=gettext_lazy(
            "Pisahkan dengan koma, mis. “3 hari, 1 hari, 2 jam”. Kosongkan untuk tanpa pengingat."
        ),
        required=False,
        max_length=200,
    )

    def clean_offsets(self) -> list[datetime.timedelta]:
        raw = self.cleaned_data["offsets"]
        offsets = []
        for part in [p for p in raw.split(",") if p.strip()]:
            match = PART.match(part)
            if not match:
                raise forms.ValidationError(
                    _(
                        "Pengingat “%(part)s” tidak dikenali. Tulis angka lalu "
                        "hari, jam atau menit, mis. “2 jam”."
                    )
                    % {"part": part.strip()}
                )
            amount, unit = int(match.group(1)), match.group(2).lower()
            if amount == 0:
                raise forms.ValidationError(
                    _("Pengingat “%(part)s” harus lebih dari nol.") % {"part": part.strip()}
                )
            offset = datetime.timedelta(**{UNITS[unit]: amount})
            if offset > datetime.timedelta(days=60):
                raise forms.ValidationError(
                    _("Pengingat “%(part)s” terlalu jauh; paling lama 60 hari.")
                    % {"part": part.strip()}
                )
            offsets.append(offset)
        return sorted(set(offsets), reverse=True)
