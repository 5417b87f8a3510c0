"""TPS files: crafted XLSX bombs are refused from their headers before openpyxl is
called, in the browser's form and in the worker; rejected rows never carry formulas;
an exported formula-like address imports back as it was."""

import csv
import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agencies.models import Agency, Membership
from polling_stations.models import PollingStation, TpsImport
from polling_stations.services import import_tps
from polling_stations.tps_file.reading import TpsFileError, count_data_rows
from tests.factories import AgencyFactory, ElectionFactory, MembershipFactory, region_chain

from .tps_files import row, write_csv

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://contoh.example/x","Klik")'


def bomb_xlsx(*, dimension="A1:XFD20000", shared_count=None) -> bytes:
    """A small XLSX whose headers declare what would take openpyxl minutes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b'<?xml version="1.0"?><Types/>')
        archive.writestr("xl/workbook.xml", b"<workbook/>")
        archive.writestr(
            "xl/worksheets/sheet1.xml",
            b'<worksheet><dimension ref="' + dimension.encode() + b'"/><sheetData>'
            b'<row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>',
        )
        if shared_count is not None:
            archive.writestr(
                "xl/sharedStrings.xml",
                b'<sst count="%d" uniqueCount="%d"><si><t>kode_desa</t></si></sst>'
                % (shared_count, shared_count),
            )
    return buffer.getvalue()


@pytest.fixture
def no_openpyxl(monkeypatch):
    """Proves the refusal comes from the headers: openpyxl must not even be asked."""

    def refuse(*args, **kwargs):
        raise AssertionError("openpyxl was called on a file the headers should refuse")

    monkeypatch.setattr(openpyxl, "load_workbook", refuse)


@pytest.fixture
def operator(db):
    region_chain("13.12.01.2001")
    polres = AgencyFactory(kind=Agency.Kind.POLRES, short_name="Polres Pasaman Barat")
    polres.regions.add("13.12")
    return MembershipFactory(agency=polres, role=Membership.Role.OPERATOR).user


def test_a_2_kb_xlsx_declaring_20000_by_16384_cells_is_refused_by_the_upload_form(
    client, operator, no_openpyxl, settings, tmp_path
):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }
    content = bomb_xlsx()
    assert len(content) < 2048
    client.force_login(operator)

    response = client.post(
        reverse("polling_stations:tps_import"),
        {"file": SimpleUploadedFile("tps.xlsx", content), "election": ElectionFactory().pk},
    )

    assert response.status_code == 200
    assert "menyatakan 20000 baris x 16384 kolom" in response.content.decode()
    assert not TpsImport.objects.exists()


def test_many_shared_strings_are_refused_by_the_worker_before_openpyxl(tmp_path, no_openpyxl):
    path = tmp_path / "tps.xlsx"
    path.write_bytes(bomb_xlsx(dimension="A1:I2", shared_count=2_000_000))

    with pytest.raises(TpsFileError, match="2000000 teks bersama"):
        count_data_rows(path)
    with pytest.raises(TpsFileError, match="2000000 teks bersama"):
        import_tps(path=path, election=ElectionFactory())


def test_a_declared_bomb_is_refused_by_the_import_itself(tmp_path, no_openpyxl):
    path = tmp_path / "tps.xlsx"
    path.write_bytes(bomb_xlsx())

    with pytest.raises(TpsFileError, match="paling banyak 1000000 baris dan 64 kolom"):
        import_tps(path=path, election=ElectionFactory())


def test_rejected_rows_come_back_without_formulas(tmp_path):
    region_chain("13.12.01.2001")
    source = write_csv(tmp_path / "tps.csv", [row("1312012001", "abc", FORMULA)])
    rejects = tmp_path / "ditolak.csv"

    import_tps(path=source, election=ElectionFactory(), skip_invalid=True, rejects_path=rejects)

    with open(rejects, encoding="utf-8-sig", newline="") as handle:
        rejected = list(csv.DictReader(handle))
    assert rejected[0]["alamat"] == "'" + FORMULA


def test_an_exported_formula_like_address_imports_back_unchanged(tmp_path):
    region_chain("13.12.01.2001")
    path = write_csv(tmp_path / "tps.csv", [row("1312012001", "1", "'" + FORMULA)])

    import_tps(path=path, election=ElectionFactory())

    assert PollingStation.objects.get().address == FORMULA
