"""The one-page meeting editor (details, invitations, agenda) and the cancel form."""

from collections import Counter

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseInlineFormSet
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, Official
from config.forms import TextRules
from config.widgets import QUICK_RENDERER, QuickRendering, cache_choices
from operations.models import Operation

from .. import selectors
from ..models import (
    AgendaItem,
    Meeting,
)
from ..services import AgendaRow
from .rows import agenda_row
from .widgets import RowClasses, chosen_officials, offer_officials_from_server

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


def _datetime_widget():
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL)


def _as_pk(value) -> int | None:
    value = getattr(value, "pk", value)
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def editable_hosts(user):
    return selectors.editable_hosts(user=user)


class MeetingForm(QuickRendering, TextRules, forms.ModelForm):
    """Details, schedule and invited agencies of a meeting."""

    invited_agencies = forms.ModelMultipleChoiceField(
        label=_("Instansi yang diundang"),
        queryset=Agency.objects.none(),
        required=False,
        widget=forms.SelectMultiple(
            attrs={
                "size": 12,
                "data-testid": "invited-agencies",
                "data-agency-picker": "",
                # Tom Select moves the <label for> to its own input; the hidden
                # <select> keeps a name of its own.
                "aria-label": _("Instansi yang diundang"),
                "data-no-results": _("Tidak ada instansi yang cocok."),
                "data-placeholder": _("Cari instansi atau wilayah…"),
            }
        ),
        help_text=_(
            "Ketik nama atau wilayah untuk mencari; instansi di wilayah penyelenggara "
            "tampil lebih dulu."
        ),
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
            "signatory",
        ]
        widgets = {
            "starts_at": _datetime_widget(),
            "ends_at": _datetime_widget(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        hosts = selectors.host_choices(user=user)
        self.zones = {str(unit.pk): unit.zone_label for unit in hosts}
        # What may be saved; the page is written from the cached list.
        self.fields["host"].queryset = editable_hosts(user).select_related("seat", "parent")
        cache_choices(self.fields["host"], [(u.pk, u.short_name) for u in hosts], blank=False)
        # An option shows the name: the descriptions are not read for every operation.
        self.fields["operation"].queryset = Operation.objects.visible_to(user).only(
            "name", "starts_on"
        )
        # A Polres and its Polsek have hundreds of officials: the browser asks for them.
        signatories = chosen_officials(
            Official.objects.filter(agency__in=[u.pk for u in hosts], is_active=True)
        )
        offer_officials_from_server(
            self,
            ("signatory",),
            signatories,
            invalid=gettext("Pilih pejabat satuan penyelenggara sebagai penandatangan."),
        )
        signatories.watch(self, ("signatory",))
        query = urlencode({"instansi": [unit.pk for unit in hosts]}, doseq=True)
        self.fields["signatory"].widget.attrs["data-officials-url"] = (
            f"{reverse('meetings:speakers')}?{query}"
        )
        # Validation accepts any agency; the page holds only the chosen ones and the
        # host's nearest, and the picker asks the server for the others.
        self.fields["invited_agencies"].queryset = Agency.objects.all()
        host = self.instance.host if self.instance.host_id else (hosts[0] if hosts else None)
        self.default_host = host
        if self.is_bound:
            picked = _as_pk(self.data.get("host"))
            host = next((unit for unit in hosts if unit.pk == picked), host)
        self.invitee_host = host
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
        self._offer_invitees()

    def _offer_invitees(self) -> None:
        field = self.fields["invited_agencies"]
        chosen = [
            int(value)
            for value in (str(value) for value in self["invited_agencies"].value() or ())
            if value.isdigit() and 0 < int(value) < 2**63
        ]
        choices = selectors.invitee_choices(user=self.user, host=self.invitee_host, chosen=chosen)
        cache_choices(field, choices, blank=False)
        field.widget.attrs["data-search-url"] = reverse(
            "meetings:agency_choices", args=[selectors.INVITEES]
        )

    @property
    def chosen_host_pk(self) -> int | None:
        """The host as the form stands (typed in, or stored), before validation."""
        value = self["host"].value()
        if value in (None, "") and self.default_host is not None:
            return self.default_host.pk
        return _as_pk(value)

    @property
    def chosen_agency_pks(self) -> list[int]:
        """The invited agencies as picked in the form, saved or not."""
        values = self["invited_agencies"].value() or []
        return [pk for pk in (_as_pk(value) for value in values) if pk is not None]

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
        partners = [
            agency for agency in cleaned.get("invited_agencies") or () if not agency.is_police
        ]
        if cleaned.get("visibility") == Meeting.Visibility.INTERNAL and partners:
            self.add_error(
                "invited_agencies",
                gettext(
                    "Rapat internal hanya untuk satuan Polri; hapus undangan untuk %(agencies)s "
                    "atau ubah keterbukaan rapat."
                )
                % {"agencies": ", ".join(agency.short_name for agency in partners)},
            )
        if self.instance.pk and cleaned.get("version") is None:
            raise ValidationError(_("Versi rapat tidak terbaca; muat ulang halaman."))
        return cleaned

    @property
    def detail_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class AgendaItemForm(QuickRendering, TextRules, forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = [
            "order",
            "title",
            "presenter",
            "presenter_name",
            "presenter_position",
            "duration_minutes",
            "is_internal",
        ]
        widgets = {
            "order": forms.HiddenInput(attrs={"data-order": ""}),
            "duration_minutes": forms.NumberInput(
                attrs={"min": 1, "max": 600, "data-duration": ""}
            ),
            "presenter_name": forms.TextInput(attrs={"placeholder": _("Nama")}),
            "presenter_position": forms.TextInput(attrs={"placeholder": _("Jabatan")}),
        }
        labels = {
            "presenter_name": _("atau narasumber lain (nama)"),
            "presenter_position": _("jabatan narasumber lain"),
        }

    def agenda_row(self) -> SafeString:
        return agenda_row(self)

    def _get_validation_exclusions(self):
        # Orders are checked across the whole formset (a reorder swaps them), not
        # row by row against the rows still in the database.
        exclusions = super()._get_validation_exclusions()
        exclusions.add("order")
        return exclusions

    def clean(self):
        cleaned = super().clean()
        official, name = cleaned.get("presenter"), cleaned.get("presenter_name", "").strip()
        if official and name:
            self.add_error(
                "presenter_name",
                _("Pilih pejabat atau tulis nama narasumber lain, bukan keduanya."),
            )
        if cleaned.get("presenter_position", "").strip() and not name:
            self.add_error("presenter_name", _("Tulis nama narasumber yang jabatannya Anda isi."))
        return cleaned

    def clean_duration_minutes(self):
        value = self.cleaned_data["duration_minutes"]
        if value is not None and value < 1:
            raise ValidationError(_("Durasi acara minimal 1 menit."))
        return value


class BaseAgendaFormSet(BaseInlineFormSet):
    def __init__(self, *args, presenters=(), **kwargs):
        self.presenters = chosen_officials(presenters)
        self.row_classes = RowClasses()
        super().__init__(*args, **kwargs)
        self.presenters.watch(self, ("presenter",))

    def add_fields(self, form, index):
        super().add_fields(form, index)
        offer_officials_from_server(
            form,
            ("presenter",),
            self.presenters,
            invalid=gettext(
                "Pilih pejabat penyelenggara atau instansi yang diundang, atau tulis "
                "nama narasumber lain."
            ),
        )
        self.row_classes.apply(form)

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
                    presenter_position=data.get("presenter_position", ""),
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
    renderer=QUICK_RENDERER,
)


class CancelMeetingForm(QuickRendering, TextRules, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Alasan pembatalan"),
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("mis. ditunda karena banjir")}),
    )
