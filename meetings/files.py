"""What an uploaded attachment really is, judged by its bytes and never by its name."""

import zipfile
from dataclasses import dataclass

import filetype
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from config.uploads import FileRefused, check_office, check_pdf

MAX_ATTACHMENT_SIZE = 20 * 1024 * 1024

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class DetectedType:
    content_type: str
    extension: str


# Types filetype recognises from magic bytes that we accept as they are.
_BY_MAGIC = {
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/webp": "webp",
}


EXTENSIONS = {**_BY_MAGIC, DOCX: "docx", XLSX: "xlsx"}


def download_name(original_name: str, content_type: str) -> str:
    """The uploader's name with the extension of what the file really is: a PDF
    uploaded as ``polyglot.html`` downloads as ``polyglot.pdf``."""
    stem = original_name.rsplit("/", 1)[-1]
    extension = EXTENSIONS.get(content_type)
    if extension is None:
        return stem
    if "." in stem.lstrip("."):
        stem = stem.rsplit(".", 1)[0]
    return f"{stem or 'berkas'}.{extension}"


def _office_type(upload) -> DetectedType | None:
    """DOCX and XLSX are both zip files; the members they hold tell them apart."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return DetectedType(DOCX, "docx")
    if "xl/workbook.xml" in names:
        return DetectedType(XLSX, "xlsx")
    return None


def detect_attachment_type(upload) -> DetectedType:
    """The accepted type of ``upload`` (a Django File), or a ValidationError in
    Bahasa Indonesia that names the file and what is wrong with it."""
    name = getattr(upload, "name", "") or _("berkas")
    if upload.size > MAX_ATTACHMENT_SIZE:
        raise ValidationError(
            _("Berkas “%(name)s” terlalu besar (%(size)s); ukuran paling besar %(limit)d MB.")
            % {
                "name": name,
                "size": filesizeformat(upload.size),
                "limit": MAX_ATTACHMENT_SIZE // (1024 * 1024),
            },
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    try:
        if kind is not None and kind.mime in _BY_MAGIC:
            if kind.mime == "application/pdf":
                check_pdf(upload, name=name)
            return DetectedType(kind.mime, _BY_MAGIC[kind.mime])
        if kind is None or kind.mime == "application/zip" or kind.extension in ("docx", "xlsx"):
            if head.startswith(b"PK"):
                check_office(upload, name=name)
            office = _office_type(upload)
            if office is not None:
                return office
    except FileRefused as refused:
        raise ValidationError(str(refused), code="refused") from refused
    raise ValidationError(
        _(
            "Isi berkas “%(name)s” bukan PDF, gambar (PNG/JPEG/WEBP), DOCX atau XLSX, "
            "apa pun akhiran namanya."
        )
        % {"name": name},
        code="disguised",
    )
