"""Forms for the polling-station pages."""

import datetime
from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, Official
from config.forms import NoControlCharacters, TextRules
from config.uploads import FileRefused, check_xlsx
from operations.models import Election

from .models import PersonnelPolicy, PollingStation, SecurityPattern
from .models.election_day import FieldReport, IncidentStep, IncidentType, Phase
from .selectors.tps import partner_choices
from .services.election_day import prepare_incident_photo
from .tps_file.reading import COLUMNS, OLD_EXCEL_REFUSED, file_kind

# --- TPS import ---------------------------------------------------------------------------

TPS_FILE_SUFFIXES = (".csv", ".txt", ".xlsx")
# A national KPU file is about 70 MB as CSV; anything far beyond that is not a TPS list.
MAX_TPS_FILE_BYTES = 200 * 1024 * 1024


class TpsImportForm(TextRules, forms.Form):
    file = forms.FileField(
        label=_("Berkas TPS"),
        help_text=format_lazy(
            _("CSV (pemisah koma atau titik koma, UTF-8) atau XLSX dengan baris judul: {columns}."),
            columns=", ".join(COLUMNS),
        ),
    )
    election = forms.ModelChoiceField(
        label=_("Pemilihan"), queryset=Election.objects.order_by("-voting_day")
    )
    unit = forms.ModelChoiceField(
        label=_("Satuan"),
        queryset=Agency.objects.none(),
        help_text=_("Hanya TPS di desa wilayah satuan ini yang diterima."),
    )
    skip_invalid = forms.BooleanField(
        label=_("Impor baris yang benar saja"),
        help_text=_(
            "Baris yang salah dilewati dan dikembalikan sebagai berkas CSV beserta alasannya, "
            "untuk diperbaiki lalu diimpor lagi. Tanpa centang, satu baris salah membatalkan "
            "seluruh impor."
        ),
        required=False,
    )

    def __init__(self, *args, access, **kwargs):
        super().__init__(*args, **kwargs)
        units = self.fields["unit"]
        self.only_unit = None
        if len(access.operated) == 1:
            # Nothing to choose: the operator's own unit.
            self.only_unit = access.operated[0]
            del self.fields["unit"]
        elif access.operated:
            units.queryset = Agency.objects.filter(pk__in=[unit.pk for unit in access.operated])
        else:
            # An administrator without a unit imports without an area limit.
            units.queryset = Agency.objects.police()
            units.required = False
            units.help_text = _("Kosongkan untuk mengimpor tanpa batas wilayah.")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        suffix = Path(upload.name).suffix.lower()
        if suffix == ".xls":
            raise forms.ValidationError(OLD_EXCEL_REFUSED)
        if suffix not in TPS_FILE_SUFFIXES:
            raise forms.ValidationError(
                _("Berkas harus berformat CSV atau XLSX (bukan %(suffix)s).")
                % {"suffix": suffix or _("tanpa ekstensi")}
            )
        if upload.size > MAX_TPS_FILE_BYTES:
            raise forms.ValidationError(_("Berkas terlalu besar (paling besar 200 MB)."))
        kind = file_kind(upload)
        if kind == "xls" or (suffix == ".xlsx") != (kind == "xlsx"):
            raise forms.ValidationError(_("Isi berkas tidak sesuai dengan ekstensinya."))
        if kind == "xlsx":
            # Headers only (the zip directory, the sheet's dimension, the shared strings'
            # count): the worker counts what is really there before it parses.
            try:
                check_xlsx(upload, scan=False)
            except FileRefused as refused:
                raise forms.ValidationError(
                    _("Berkas “%(name)s” ditolak: %(reason)s")
                    % {"name": Path(upload.name).name, "reason": refused}
                ) from refused
            finally:
                upload.seek(0)
        return upload

    def clean(self):
        cleaned = super().clean()
        if self.only_unit is not None:
            cleaned["unit"] = self.only_unit
        return cleaned


class CategoryOverrideForm(TextRules, forms.Form):
    category = forms.ChoiceField(label=_("Kategori Polri"), choices=PollingStation.Category.choices)
    # Not required here: the service says a reason is mandatory, in one place.
    reason = forms.CharField(
        label=_("Alasan"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Wajib: mengapa kategori ditetapkan berbeda dari usulan aturan."),
        required=False,
    )


class LiftOverrideForm(TextRules, forms.Form):
    reason = forms.CharField(
        label=_("Alasan pencabutan"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class IndicatorReportForm(TextRules, forms.Form):
    indicator = forms.ChoiceField(label=_("Indikator"))
    source_agency = forms.ModelChoiceField(
        label=_("Instansi sumber"),
        queryset=Agency.objects.exclude(kind__in=Agency.POLICE_KINDS).order_by("short_name"),
        required=False,
        help_text=_("Mis. Bawaslu kabupaten yang melaporkan."),
    )
    reported_on = forms.DateField(
        label=_("Tanggal laporan"),
        initial=datetime.date.today,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    note = forms.CharField(label=_("Catatan"), required=False, widget=forms.TextInput())

    def __init__(self, *args, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = {str(i.pk): i for i in indicators}
        self.fields["indicator"].choices = [
            (str(i.pk), f"{i.number}. {i.label}") for i in indicators
        ]
        # Every TPS page renders this form: its ~190 partner agencies come from the
        # cache; the queryset still validates what is sent.
        source = self.fields["source_agency"]
        source.choices = [("", source.empty_label), *partner_choices()]

    def clean_indicator(self):
        return self.indicators[self.cleaned_data["indicator"]]


class SecurityPatternForm(TextRules, forms.ModelForm):
    class Meta:
        model = SecurityPattern
        fields = ["category", "police_per_group", "tps_per_group", "linmas_per_group", "source"]


class UnitStrengthForm(TextRules, forms.Form):
    personnel = forms.IntegerField(label=_("Kekuatan personel"), min_value=0)
    note = forms.CharField(label=_("Catatan"), required=False)


class PersonnelPolicyForm(TextRules, forms.Form):
    reserve_platoons_per_polsek = forms.IntegerField(
        label=_("Peleton cadangan per Polsek"), min_value=0, initial=1
    )
    reserve_platoon_size = forms.IntegerField(
        label=_("Personel per peleton"), min_value=1, initial=30
    )
    reserve_basis = forms.ChoiceField(
        label=_("Peleton cadangan untuk"),
        choices=PersonnelPolicy.ReserveBasis.choices,
        initial=PersonnelPolicy.ReserveBasis.WITH_TPS,
    )


class PlottingGroupForm(TextRules, forms.Form):
    name = forms.CharField(label=_("Nama kelompok"), required=False)
    officer_count = forms.IntegerField(label=_("Jumlah personel"), min_value=2)
    officers = forms.ModelMultipleChoiceField(
        label=_("Personel bernama"), queryset=Official.objects.none(), required=False
    )
    note = forms.CharField(label=_("Catatan"), required=False)

    def __init__(self, *args, polsek, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officers"].queryset = Official.objects.filter(
            agency=polsek, is_active=True
        ).order_by("name")


# --- Voting day: field reports and incident steps -------------------------------------------


class _SharedFields(dict):
    """A form's fields that its instances share rather than deep-copy (see FieldReportForm)."""

    def __deepcopy__(self, memo):
        return self


class FieldReportForm(TextRules, forms.Form):
    """One report sent by a field officer's phone (queued there while offline); a batch
    checks each of its reports with one of these.

    Up to fifty per request and thousands a second at the peak, so it costs little: its
    instances share the class's fields (deep-copying eleven fields was two thirds of its
    cost) and the group's TPS and the incident types are checked by lookup, not set as
    choices on each instance. Sharing is safe because nothing changes a field here: the
    form is only validated, never rendered, and the text rule is on its fields already.
    """

    client_id = forms.UUIDField(
        error_messages={"invalid": _("ID laporan dari ponsel tidak valid.")},
        validators=[NoControlCharacters()],
    )
    # Looked up in the group's TPS and the active types the view loaded once per batch,
    # not by a query per report.
    polling_station = forms.IntegerField(
        label=_("TPS"), error_messages={"invalid": _("TPS ini bukan TPS kelompok Anda.")}
    )
    phase = forms.ChoiceField(label=_("Tahap"), choices=Phase.choices)
    status = forms.ChoiceField(label=_("Status"), choices=FieldReport.Status.choices)
    reported_at = forms.DateTimeField(
        label=_("Waktu laporan"),
        error_messages={"invalid": _("Waktu laporan dari ponsel tidak terbaca.")},
    )
    latitude = forms.FloatField(label=_("Lintang"), required=False, min_value=-90, max_value=90)
    longitude = forms.FloatField(label=_("Bujur"), required=False, min_value=-180, max_value=180)
    incident_type = forms.IntegerField(
        label=_("Jenis insiden"),
        required=False,
        error_messages={"invalid": _("Jenis insiden ini tidak dikenal atau tidak aktif.")},
    )
    severity = forms.TypedChoiceField(
        label=_("Tingkat"),
        choices=[(1, _("1 - ringan")), (2, _("2 - sedang")), (3, _("3 - berat"))],
        coerce=int,
        required=False,
    )
    description = forms.CharField(
        label=_("Uraian singkat"),
        max_length=1000,
        required=False,
        validators=[NoControlCharacters()],
    )
    photo = forms.FileField(label=_("Foto"), required=False)

    def __init__(
        self,
        *args,
        stations: dict[int, PollingStation],
        incident_types: dict[int, IncidentType],
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.stations, self.incident_types = stations, incident_types

    def clean_polling_station(self):
        station = self.stations.get(self.cleaned_data["polling_station"])
        if station is None:
            raise forms.ValidationError(
                _("TPS ini bukan TPS kelompok Anda."), code="invalid_choice"
            )
        return station

    def clean_incident_type(self):
        pk = self.cleaned_data.get("incident_type")
        if pk is None:
            return None
        kind = self.incident_types.get(pk)
        if kind is None:
            raise forms.ValidationError(
                _("Jenis insiden ini tidak dikenal atau tidak aktif."), code="invalid_choice"
            )
        return kind

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        if not upload:
            return None
        try:
            return prepare_incident_photo(upload)
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from exc

    def clean(self):
        data = super().clean()
        if data.get("status") == FieldReport.Status.INCIDENT:
            if not data.get("incident_type"):
                self.add_error("incident_type", _("Pilih jenis insiden."))
            if not data.get("severity"):
                self.add_error("severity", _("Pilih tingkat insiden (1-3)."))
            if not (data.get("description") or "").strip():
                self.add_error("description", _("Uraian singkat insiden wajib diisi."))
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            self.add_error("latitude", _("Lokasi harus berisi lintang dan bujur sekaligus."))
        return data


FieldReportForm.base_fields = _SharedFields(FieldReportForm.base_fields)


class IncidentStepForm(TextRules, forms.Form):
    kind = forms.ChoiceField(
        label=_("Langkah"),
        choices=[
            (kind.value, kind.label)
            for kind in IncidentStep.Kind
            if kind in IncidentStep.POSKO_KINDS
        ],
    )
    note = forms.CharField(
        label=_("Catatan"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Wajib saat menutup insiden: bagaimana insiden diselesaikan."),
    )
