"""Attachment rules: the download name follows the detected type; PDFs with active
content, Office files with macros and zip bombs are refused; a failed upload leaves
no file behind."""

import io
import zipfile
import zlib
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DataError
from django.urls import reverse

from meetings import services
from meetings.models import Attachment
from tests.worlds import rakor

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def meeting(world):
    return rakor(world)


def upload(world, meeting, name, content, **kwargs):
    return services.add_attachment(
        meeting=meeting,
        user=world.operator,
        upload=SimpleUploadedFile(name, content),
        kind=kwargs.pop("kind", Attachment.Kind.OTHER),
        **kwargs,
    )


def stored_files() -> list[Path]:
    root = Path(default_storage.location)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def office(members: dict[str, bytes], *, content_types: bytes = b"<Types/>") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_pdf_named_html_downloads_as_pdf(client, world, meeting):
    attachment = upload(world, meeting, "polyglot.html", PDF)
    client.force_login(world.operator)

    response = client.get(reverse("meetings:attachment_download", args=[attachment.pk]))

    assert 'filename="polyglot.pdf"' in response["Content-Disposition"]
    assert response["Content-Type"] == "application/pdf"


@pytest.mark.parametrize(
    "body",
    [
        b"<</Type/Catalog/OpenAction 2 0 R>>",
        b"<</S/JavaScript/JS(app.alert(1))>>",
        b"<</AA<</O 3 0 R>>>>",
        b"<</S/J#61vaScript>>",
    ],
)
def test_a_pdf_with_active_content_is_refused(world, meeting, body):
    with pytest.raises(ValidationError, match="konten aktif"):
        upload(world, meeting, "surat.pdf", b"%PDF-1.7\n1 0 obj" + body + b"endobj\n%%EOF\n")

    assert stored_files() == []


def test_a_pdf_hiding_javascript_in_a_compressed_stream_is_refused(world, meeting):
    hidden = zlib.compress(b"<</S/JavaScript/JS(app.alert(1))>>")
    content = b"%PDF-1.7\n1 0 obj<</Type/ObjStm/Filter/FlateDecode>>stream\n"
    content += hidden + b"\nendstream endobj\n%%EOF\n"

    with pytest.raises(ValidationError, match="/JavaScript"):
        upload(world, meeting, "surat.pdf", content)


def test_an_office_file_with_a_vba_project_is_refused(world, meeting):
    content = office({"word/document.xml": b"<w/>", "word/vbaProject.bin": b"\x00" * 64})

    with pytest.raises(ValidationError, match="makro"):
        upload(world, meeting, "laporan.docx", content)


def test_a_macro_enabled_workbook_is_refused_by_its_content_type(world, meeting):
    macro_type = b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"
    types = b'<Types><Override ContentType="' + macro_type + b'"/></Types>'
    content = office({"xl/workbook.xml": b"<w/>"}, content_types=types)

    with pytest.raises(ValidationError, match="macroEnabled"):
        upload(world, meeting, "data.xlsx", content)


def test_a_zip_bomb_is_refused_from_its_central_directory(world, meeting):
    content = office({"word/document.xml": b"\x00" * (50 * 1024 * 1024)})
    assert len(content) < 200 * 1024

    with pytest.raises(ValidationError, match="bom ZIP"):
        upload(world, meeting, "laporan.docx", content)

    assert stored_files() == []


def test_a_plain_docx_is_accepted(world, meeting):
    attachment = upload(world, meeting, "laporan", office({"word/document.xml": b"<w/>"}))

    assert attachment.content_type.endswith("wordprocessingml.document")


def test_a_failed_upload_leaves_no_file_behind(world, meeting):
    # A kind longer than its column: the row cannot be written after the file was.
    with pytest.raises((ValidationError, DataError)):
        upload(world, meeting, "surat.pdf", PDF, kind="x" * 40)

    assert stored_files() == []
    assert not Attachment.objects.exists()
