"""Upload rules read headers only: crafted small XLSX files declaring huge sheets or
millions of shared strings are refused from their headers, before any parser."""

import io
import zipfile

import pytest

from config.uploads import FileRefused, SheetLimits, check_xlsx

CONTENT_TYPES = b'<?xml version="1.0"?><Types xmlns="x"/>'


def xlsx(sheet: bytes, shared: bytes | None = None) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("xl/workbook.xml", b"<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        if shared is not None:
            archive.writestr("xl/sharedStrings.xml", shared)
    buffer.seek(0)
    return buffer


def sheet(dimension: str, rows: int = 1) -> bytes:
    body = b"".join(
        b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (n, n) for n in range(1, rows + 1)
    )
    return (
        b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main"><dimension ref="' + dimension.encode() + b'"/>'
        b"<sheetData>" + body + b"</sheetData></worksheet>"
    )


def test_a_2_kb_file_declaring_20000_by_16384_cells_is_refused():
    bomb = xlsx(sheet("A1:XFD20000"))
    assert len(bomb.getvalue()) < 2048

    with pytest.raises(FileRefused, match="20000 baris x 16384 kolom"):
        check_xlsx(bomb)


def test_a_file_declaring_two_million_shared_strings_is_refused():
    shared = b'<?xml version="1.0"?><sst xmlns="x" count="2000000" uniqueCount="2000000">'
    shared += b"<si><t>a</t></si></sst>"

    with pytest.raises(FileRefused, match="2000000 teks bersama"):
        check_xlsx(xlsx(sheet("A1:B2"), shared))


def test_shared_strings_without_a_count_are_counted_when_scanning():
    shared = b'<?xml version="1.0"?><sst xmlns="x">' + b"<si><t>a</t></si>" * 5000 + b"</sst>"
    limits = SheetLimits(shared_strings=1000)

    check_xlsx(xlsx(sheet("A1:B2"), shared), limits=limits)  # headers say nothing
    with pytest.raises(FileRefused, match="teks bersama"):
        check_xlsx(xlsx(sheet("A1:B2"), shared), limits=limits, scan=True)


def test_rows_beyond_a_lying_dimension_are_counted_when_scanning():
    limits = SheetLimits(rows=100)

    with pytest.raises(FileRefused, match="lebih dari 100 baris"):
        check_xlsx(xlsx(sheet("A1:A2", rows=500)), limits=limits, scan=True)


def test_a_zip_whose_members_inflate_a_thousand_times_is_refused():
    with pytest.raises(FileRefused, match="bom ZIP"):
        check_xlsx(xlsx(sheet("A1:A1") + b" " * (20 * 1024 * 1024)))


def test_an_ordinary_sheet_passes():
    check_xlsx(xlsx(sheet("A1:H50", rows=50)), scan=True)


def test_it_never_loads_the_workbook(monkeypatch):
    import openpyxl

    def refuse(*args, **kwargs):
        raise AssertionError("openpyxl was called")

    monkeypatch.setattr(openpyxl, "load_workbook", refuse)
    monkeypatch.setattr(openpyxl.reader.excel, "load_workbook", refuse)

    with pytest.raises(FileRefused):
        check_xlsx(xlsx(sheet("A1:XFD20000")))
