"""Forms for the operations side: the one-page meeting editor, cancel, outcome, upload.

Datetimes are typed in the HOST unit's zone (WIB/WITA/WIT), whatever the server's
zone; choice lists shared by many formset rows are read once and reused.
"""

import datetime
import re
from collections import Counter

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseInlineFormSet, BaseModelFormSet
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, Official
from agencies.roles import access_for
from operations.models import Operation

from .files import detect_attachment_type
from .models import (
    ActionItem,
    AgendaItem,
    Attachment,
    Attendee,
    Decision,
    Invitation,
    Meeting,
    MeetingRisk,
)
from .services import AgendaRow, RowChanges

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


def _datetime_widget():
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL)


def _cache_choices(field: forms.ModelChoiceField, choices: list, *, blank: bool = True) -> None:
    """Renders ``field`` from an already read list instead of a query per row."""
    field.choices = ([("", "---------")] if blank else []) + choices


def official_choices(officials) -> list:
    """Officials grouped by agency, as "AKBP Agung Tribawanto, Kapolres"."""
    groups: dict[str, list] = {}
    for official in officials:
        label = f"{official.display_name}, {official.position}"
        groups.setdefault(official.agency.short_name, []).append((official.pk, label))
    return list(groups.items())


def _bootstrap_row(form) -> None:
    """Bootstrap's small controls for a formset row (rendered cell by cell, not by crispy)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.HiddenInput):
            continue
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select form-select-sm"
        else:
            css = "form-control form-control-sm"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
        # The column header is the only visible label; screen readers get it here.
        if field.label:
            widget.attrs.setdefault("aria-label", str(field.label))


def agency_choices_by_kind() -> list:
    """Every agency, grouped as the reader looks for them: Polri, TNI, KPU, Bawaslu..."""
    labels = dict(Agency.Kind.choices)
    groups: dict[str, list] = {}
    for pk, kind, name in Agency.objects.order_by("kind", "path").values_list(
        "pk", "kind", "short_name"
    ):
        groups.setdefault(str(labels.get(kind, kind)), []).append((pk, name))
    return sorted(groups.items())


def editable_hosts(user):
    access = access_for(user)
    units = Agency.objects.police().select_related("seat", "parent")
    return units if access.is_admin else units.subtrees_of(access.operated)


class MeetingForm(forms.ModelForm):
    """Details, schedule and invited agencies of a meeting."""

    invited_agencies = forms.ModelMultipleChoiceField(
        label=_("Instansi yang diundang"),
        queryset=Agency.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 12, "data-testid": "invited-agencies"}),
        help_text=_("Tahan Ctrl (atau Cmd) untuk memilih beberapa instansi."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Meeting
        fields = [
            "title",
            "kind",
            "operation",
            "host",
            "starts_at",
            "ends_at",
            "venue",
            "visibility",
            "description",
        ]
        widgets = {
            "starts_at": _datetime_widget(),
            "ends_at": _datetime_widget(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        hosts = list(editable_hosts(user))
        self.zones = {str(unit.pk): unit.zone.label for unit in hosts}
        self.fields["host"].queryset = editable_hosts(user)
        _cache_choices(self.fields["host"], [(u.pk, u.short_name) for u in hosts], blank=False)
        self.fields["operation"].queryset = Operation.objects.visible_to(user)
        self.fields["invited_agencies"].queryset = Agency.objects.all()
        _cache_choices(self.fields["invited_agencies"], agency_choices_by_kind(), blank=False)
        zone_help = _("Diisi menurut zona waktu satuan penyelenggara (WIB/WITA/WIT).")
        self.fields["starts_at"].help_text = zone_help
        self.fields["ends_at"].help_text = zone_help
        if self.instance.pk:
            self.initial.setdefault("version", self.instance.version)
            self.initial["starts_at"] = self.instance.local_start.replace(tzinfo=None)
            self.initial["ends_at"] = self.instance.local_end.replace(tzinfo=None)
            self.initial.setdefault(
                "invited_agencies",
                [inv.agency_id for inv in self.instance.invitations.all()],
            )
        elif len(hosts) == 1:
            self.initial.setdefault("host", hosts[0].pk)

    def clean(self):
        cleaned = super().clean()
        host = cleaned.get("host")
        if host is not None:
            # The browser sent wall-clock times as typed; they are in the host's zone.
            tz = host.tzinfo
            for name in ("starts_at", "ends_at"):
                value = cleaned.get(name)
                if value is not None:
                    wall = timezone.make_naive(value) if timezone.is_aware(value) else value
                    cleaned[name] = wall.replace(tzinfo=tz)
        if self.instance.pk and cleaned.get("version") is None:
            raise ValidationError(_("Versi rapat tidak terbaca; muat ulang halaman."))
        return cleaned

    @property
    def detail_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = [
            "order",
            "title",
            "presenter",
            "presenter_name",
            "duration_minutes",
            "is_internal",
        ]
        widgets = {
            "order": forms.HiddenInput(attrs={"data-order": ""}),
            "duration_minutes": forms.NumberInput(
                attrs={"min": 1, "max": 600, "data-duration": ""}
            ),
        }
        labels = {"presenter_name": _("atau narasumber lain (nama, jabatan)")}

    def _get_validation_exclusions(self):
        # Orders are checked across the whole formset (a reorder swaps them), not
        # row by row against the rows still in the database.
        exclusions = super()._get_validation_exclusions()
        exclusions.add("order")
        return exclusions

    def clean_duration_minutes(self):
        value = self.cleaned_data["duration_minutes"]
        if value is not None and value < 1:
            raise ValidationError(_("Durasi acara minimal 1 menit."))
        return value


class BaseAgendaFormSet(BaseInlineFormSet):
    def __init__(self, *args, presenters=(), **kwargs):
        self.presenter_choices = official_choices(presenters)
        self.presenters = presenters
        super().__init__(*args, **kwargs)

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["presenter"].queryset = Official.objects.filter(
            pk__in=[o.pk for o in self.presenters]
        )
        _cache_choices(form.fields["presenter"], self.presenter_choices)
        _bootstrap_row(form)

    def validate_unique(self):
        # The order is checked below with a message that names the duplicate.
        pass

    def clean(self):
        super().clean()
        orders = Counter()
        for form in self.forms:
            if self._should_delete_form(form) or not hasattr(form, "cleaned_data"):
                continue
            if not form.cleaned_data or form.cleaned_data.get("order") is None:
                continue
            orders[form.cleaned_data["order"]] += 1
        duplicates = sorted(order for order, count in orders.items() if count > 1)
        if duplicates:
            raise ValidationError(
                gettext("Urutan acara %(orders)s dipakai lebih dari satu acara.")
                % {"orders": ", ".join(str(o) for o in duplicates)},
                code="duplicate_order",
            )

    def agenda_rows(self) -> list[AgendaRow]:
        rows = []
        for form in self.forms:
            if self._should_delete_form(form) or not form.cleaned_data:
                continue
            data = form.cleaned_data
            rows.append(
                AgendaRow(
                    id=form.instance.pk,
                    order=data["order"] or 0,
                    title=data["title"],
                    presenter=data.get("presenter"),
                    presenter_name=data.get("presenter_name", ""),
                    duration_minutes=data["duration_minutes"],
                    is_internal=data.get("is_internal", False),
                )
            )
        return rows


AgendaFormSet = forms.inlineformset_factory(
    Meeting,
    AgendaItem,
    form=AgendaItemForm,
    formset=BaseAgendaFormSet,
    extra=0,
    can_delete=True,
)


class CancelMeetingForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Alasan pembatalan"),
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("mis. ditunda karena banjir")}),
    )


class OutcomeForm(forms.ModelForm):
    mark_held = forms.BooleanField(
        label=_("Tandai rapat telah terlaksana"), required=False, initial=True
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Meeting
        fields = ["chair", "chair_on_behalf_of", "summary", "minutes_shared"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, officials=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("version", self.instance.version)
        ids = [o.pk for o in officials]
        choices = official_choices(officials)
        for name in ("chair", "chair_on_behalf_of"):
            self.fields[name].queryset = Official.objects.filter(pk__in=ids)
            _cache_choices(self.fields[name], choices)


class PresenceForm(forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ["present"]
        labels = {"present": _("Kehadiran")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].widget.choices = [
            ("unknown", _("Belum dicatat")),
            ("true", _("Hadir")),
            ("false", _("Tidak hadir")),
        ]
        _bootstrap_row(self)


PresenceFormSet = forms.modelformset_factory(
    Invitation, form=PresenceForm, formset=BaseModelFormSet, extra=0
)


class MinutesForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["minutes"]
        widgets = {"minutes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _bootstrap_row(self)


MinutesFormSet = forms.modelformset_factory(AgendaItem, form=MinutesForm, extra=0)


class _OutcomeRowFormSet(BaseInlineFormSet):
    """Inline rows whose agency and official choices come from the meeting's parties."""

    agency_fields: tuple[str, ...] = ()
    official_fields: tuple[str, ...] = ()

    def __init__(self, *args, agencies=(), officials=(), agenda_items=(), **kwargs):
        self.agencies = list(agencies)
        self.officials = list(officials)
        self.agenda_items = list(agenda_items)
        super().__init__(*args, **kwargs)

    def add_fields(self, form, index):
        super().add_fields(form, index)
        agency_ids = [a.pk for a in self.agencies]
        for name in self.agency_fields:
            form.fields[name].queryset = Agency.objects.filter(pk__in=agency_ids)
            _cache_choices(form.fields[name], [(a.pk, a.short_name) for a in self.agencies])
        official_ids = [o.pk for o in self.officials]
        for name in self.official_fields:
            form.fields[name].queryset = Official.objects.filter(pk__in=official_ids)
            _cache_choices(form.fields[name], official_choices(self.officials))
        if "agenda_item" in form.fields:
            form.fields["agenda_item"].queryset = AgendaItem.objects.filter(
                pk__in=[i.pk for i in self.agenda_items]
            )
            _cache_choices(
                form.fields["agenda_item"],
                [(i.pk, f"{i.order}. {i.title}") for i in self.agenda_items],
            )
        _bootstrap_row(form)

    def row_changes(self) -> RowChanges:
        changes = RowChanges()
        for form in self.forms:
            if self._should_delete_form(form):
                if form.instance.pk:
                    changes.delete.append(form.instance.pk)
                continue
            if not form.has_changed() or not form.cleaned_data:
                continue
            values = {name: form.cleaned_data.get(name) for name in form._meta.fields}
            values["id"] = form.instance.pk
            changes.upsert.append(values)
        return changes


class AttendeeForm(forms.ModelForm):
    class Meta:
        model = Attendee
        fields = ["agency", "official", "name", "rank", "position", "represents"]
        labels = {"represents": _("Mewakili (diwakili oleh)")}

    def clean(self):
        cleaned = super().clean()
        agency, official = cleaned.get("agency"), cleaned.get("official")
        if agency and official and official.agency_id != agency.pk:
            self.add_error(
                "official",
                _("%(official)s bukan pejabat %(agency)s.")
                % {"official": official.display_name, "agency": agency.short_name},
            )
        return cleaned


class BaseAttendeeFormSet(_OutcomeRowFormSet):
    agency_fields = ("agency",)
    official_fields = ("official", "represents")


AttendeeFormSet = forms.inlineformset_factory(
    Meeting, Attendee, form=AttendeeForm, formset=BaseAttendeeFormSet, extra=0, can_delete=True
)


class DecisionForm(forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["order", "text", "agenda_item", "is_internal"]
        widgets = {
            "order": forms.HiddenInput(attrs={"data-order": ""}),
            "text": forms.Textarea(attrs={"rows": 2}),
        }


class BaseDecisionFormSet(_OutcomeRowFormSet):
    pass


DecisionFormSet = forms.inlineformset_factory(
    Meeting, Decision, form=DecisionForm, formset=BaseDecisionFormSet, extra=0, can_delete=True
)


class ActionItemForm(forms.ModelForm):
    class Meta:
        model = ActionItem
        # The status is the owner agency's to update (from its follow-up list), so the
        # outcome page never writes it and cannot undo an update made meanwhile.
        fields = ["text", "owner_agency", "owner_official", "due_date"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 2}),
            "due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        error_messages = {
            "owner_agency": {
                "invalid_choice": _(
                    "Instansi penanggung jawab harus penyelenggara atau instansi yang diundang."
                )
            }
        }


class BaseActionItemFormSet(_OutcomeRowFormSet):
    agency_fields = ("owner_agency",)
    official_fields = ("owner_official",)


ActionItemFormSet = forms.inlineformset_factory(
    Meeting,
    ActionItem,
    form=ActionItemForm,
    formset=BaseActionItemFormSet,
    extra=0,
    can_delete=True,
)


class MeetingRiskForm(forms.ModelForm):
    class Meta:
        model = MeetingRisk
        fields = ["description", "level", "raised_by", "mitigation"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "mitigation": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {
            "description": {
                "required": _("Tulis risiko/kerawanan yang diangkat, atau hapus baris ini.")
            },
            "level": {
                "required": _("Pilih tingkat risiko: rendah, sedang atau tinggi."),
                "invalid_choice": _("Pilih tingkat risiko: rendah, sedang atau tinggi."),
            },
            "raised_by": {
                "invalid_choice": _(
                    "Instansi yang menyampaikan risiko harus penyelenggara "
                    "atau instansi yang diundang."
                )
            },
        }


class BaseMeetingRiskFormSet(_OutcomeRowFormSet):
    agency_fields = ("raised_by",)


MeetingRiskFormSet = forms.inlineformset_factory(
    Meeting,
    MeetingRisk,
    form=MeetingRiskForm,
    formset=BaseMeetingRiskFormSet,
    extra=0,
    can_delete=True,
)


class AttachmentForm(forms.ModelForm):
    class Meta:
        model = Attachment
        fields = ["kind", "file", "is_internal"]
        help_texts = {
            "file": _("PDF, PNG, JPEG, WEBP, DOCX atau XLSX, paling besar 20 MB."),
        }

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.detected = detect_attachment_type(upload)
        return upload


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
