from pathlib import Path

from django import forms
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from operations.models import Election

from .tps_import import XLS_MAGIC, XLSX_MAGIC

# --- TPS import (issue 4) ------------------------------------------------------------------

TPS_FILE_SUFFIXES = (".csv", ".txt", ".xlsx")
# A national KPU file is about 70 MB as CSV; anything far beyond that is not a TPS list.
MAX_TPS_FILE_BYTES = 200 * 1024 * 1024


class TpsImportForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas TPS"),
        help_text=_(
            "CSV (pemisah koma atau titik koma, UTF-8) atau XLSX dengan baris judul: kode_desa, "
            "no_tps, alamat, dpt, latitude, longitude, jenis, lokasi_khusus, kategori."
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
            raise forms.ValidationError(
                _("Format .xls (Excel lama) tidak didukung; simpan sebagai .xlsx atau CSV UTF-8.")
            )
        if suffix not in TPS_FILE_SUFFIXES:
            raise forms.ValidationError(
                _("Berkas harus berformat CSV atau XLSX (bukan %(suffix)s).")
                % {"suffix": suffix or _("tanpa ekstensi")}
            )
        if upload.size > MAX_TPS_FILE_BYTES:
            raise forms.ValidationError(_("Berkas terlalu besar (paling besar 200 MB)."))
        magic = upload.read(4)
        upload.seek(0)
        if magic == XLS_MAGIC or (suffix == ".xlsx") != (magic == XLSX_MAGIC):
            raise forms.ValidationError(_("Isi berkas tidak sesuai dengan ekstensinya."))
        return upload

    def clean(self):
        cleaned = super().clean()
        if self.only_unit is not None:
            cleaned["unit"] = self.only_unit
        return cleaned
