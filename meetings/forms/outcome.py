"""The outcome editor (attendance, minutes, decisions, follow-ups, risks) and the upload form."""

from functools import lru_cache

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_form
from django import forms
from django.forms import BaseInlineFormSet, BaseModelFormSet
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from config.forms import TextRules
from config.widgets import QUICK_RENDERER, QuickRendering, bootstrap_classes, cache_choices

from ..files import detect_attachment_type
from ..models import (
    ActionItem,
    AgendaItem,
    Attachment,
    Attendee,
    Decision,
    Invitation,
    Meeting,
    MeetingRisk,
)
from ..services import RowChanges
from .rows import TableRow
from .widgets import RowClasses, chosen_officials, offer_officials_from_server

NOT_A_PARTY_OFFICIAL = _("Pilih pejabat penyelenggara atau instansi yang diundang.")


class OutcomeForm(QuickRendering, TextRules, forms.ModelForm):
    mark_held = forms.BooleanField(label=_("Tandai rapat telah terlaksana"), required=False)
    early_reason = forms.CharField(
        label=_("Alasan mencatat lebih awal"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Rapat belum dimulai. Hasil hanya dapat dicatat lebih awal dengan alasan."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Meeting
        fields = ["chair", "chair_on_behalf_of", "minutes_taker", "summary", "minutes_shared"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, officials=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("version", self.instance.version)
        chosen = chosen_officials(officials)
        names = ("chair", "chair_on_behalf_of", "minutes_taker")
        offer_officials_from_server(self, names, chosen, invalid=NOT_A_PARTY_OFFICIAL)
        chosen.watch(self, names)
        if self.instance.has_started:
            del self.fields["early_reason"]
        else:
            self.fields["early_reason"].required = True
            self.fields["early_reason"].error_messages["required"] = _(
                "Rapat belum dimulai: tulis alasan mencatat hasil lebih awal."
            )

    def clean_mark_held(self):
        mark_held = self.cleaned_data["mark_held"]
        if mark_held and not self.instance.has_started:
            raise forms.ValidationError(
                _("Rapat belum dimulai, jadi belum dapat ditandai terlaksana.")
            )
        return mark_held


class PresenceForm(QuickRendering, TextRules, forms.ModelForm):
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
        bootstrap_classes(self, small=True)


PresenceFormSet = forms.modelformset_factory(
    Invitation, form=PresenceForm, formset=BaseModelFormSet, extra=0, renderer=QUICK_RENDERER
)


class MinutesForm(QuickRendering, TextRules, forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["minutes"]
        widgets = {"minutes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap_classes(self, small=True)


MinutesFormSet = forms.modelformset_factory(
    AgendaItem, form=MinutesForm, extra=0, renderer=QUICK_RENDERER
)


class _OutcomeRowFormSet(BaseInlineFormSet):
    """Inline rows whose agency and official choices come from the meeting's parties."""

    agency_fields: tuple[str, ...] = ()
    official_fields: tuple[str, ...] = ()

    def __init__(self, *args, agencies=(), officials=(), agenda_items=(), **kwargs):
        # Read once for every row: the rows only share these lists.
        self.agency_queryset = Agency.objects.filter(pk__in=[a.pk for a in agencies])
        self.agency_choices = [(a.pk, a.short_name) for a in agencies]
        self.officials = chosen_officials(officials)
        self.agenda_item_queryset = AgendaItem.objects.filter(pk__in=[i.pk for i in agenda_items])
        self.agenda_item_choices = [(i.pk, f"{i.order}. {i.title}") for i in agenda_items]
        self._shared_options: dict[str, dict] = {}
        self.row_classes = RowClasses()
        super().__init__(*args, **kwargs)
        if self.official_fields:
            self.officials.watch(self, self.official_fields)

    def shared_options(self, name: str) -> dict:
        """Every row offers the same choices: their options are written once."""
        return self._shared_options.setdefault(name, {})

    def add_fields(self, form, index):
        super().add_fields(form, index)
        for name in self.agency_fields:
            form.fields[name].queryset = self.agency_queryset
            cache_choices(form.fields[name], self.agency_choices, shared=self.shared_options(name))
        if self.official_fields:
            offer_officials_from_server(
                form, self.official_fields, self.officials, invalid=NOT_A_PARTY_OFFICIAL
            )
        if "agenda_item" in form.fields:
            form.fields["agenda_item"].queryset = self.agenda_item_queryset
            cache_choices(
                form.fields["agenda_item"],
                self.agenda_item_choices,
                shared=self.shared_options("agenda_item"),
            )
        self.row_classes.apply(form)

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


class AttendeeForm(TableRow, QuickRendering, TextRules, forms.ModelForm):
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
    Meeting,
    Attendee,
    form=AttendeeForm,
    formset=BaseAttendeeFormSet,
    extra=0,
    can_delete=True,
    renderer=QUICK_RENDERER,
)


class DecisionForm(TableRow, QuickRendering, TextRules, forms.ModelForm):
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
    Meeting,
    Decision,
    form=DecisionForm,
    formset=BaseDecisionFormSet,
    extra=0,
    can_delete=True,
    renderer=QUICK_RENDERER,
)


class ActionItemForm(TableRow, QuickRendering, TextRules, forms.ModelForm):
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
    renderer=QUICK_RENDERER,
)


class MeetingRiskForm(TableRow, QuickRendering, TextRules, forms.ModelForm):
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
    renderer=QUICK_RENDERER,
)


class AttachmentForm(TextRules, forms.ModelForm):
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


@lru_cache(maxsize=8)
def _empty_attachment_form(language: str | None) -> SafeString:
    return as_crispy_form(AttachmentForm())


def empty_attachment_form() -> SafeString:
    """The meeting page's upload form, empty, as ``|crispy`` writes it: the same for every
    meeting and reader of a language, so it is written once per language and process
    (crispy's field templates cost as much as the rest of the page)."""
    return _empty_attachment_form(get_language())
