"""What an uploaded file may be before anything parses it: zip archives (XLSX, DOCX)
within size and ratio limits, XLSX sheets within declared sizes, PDFs without active
content, Office files without macros.

Each check reads only headers: the zip central directory, the first bytes of a sheet
(its ``<dimension>``) and of the shared strings (``<sst count>``), and counts tags in a
decompressed stream it stops as soon as a limit is passed, so a crafted file is
refused in well under a second and before openpyxl or python-docx sees it. The limits
are stated in README ("Berkas unggahan").
"""

import re
import zipfile
from dataclasses import dataclass
from typing import IO

from django.utils.translation import gettext as _


class FileRefused(ValueError):
    """The file breaks a rule; the message (Bahasa Indonesia) says which and where."""


@dataclass(frozen=True)
class ZipLimits:
    members: int = 2_000
    # Sum of the declared uncompressed sizes of every member.
    uncompressed: int = 1024 * 1024 * 1024
    # A member that inflates more than this (and beyond 1 MB) is a bomb, not a document:
    # spreadsheet and document XML compresses 5-30 times.
    ratio: int = 200


@dataclass(frozen=True)
class SheetLimits:
    rows: int = 1_000_000
    columns: int = 64
    shared_strings: int = 1_500_000


ZIP_LIMITS = ZipLimits()
SHEET_LIMITS = SheetLimits()
RATIO_FLOOR = 1024 * 1024
CHUNK = 1 << 20
HEAD = 64 * 1024


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):,.0f} MB".replace(",", ".")


def zip_members(file: IO[bytes], *, limits: ZipLimits = ZIP_LIMITS) -> zipfile.ZipFile:
    """Opens ``file`` as a zip after checking its central directory against ``limits``."""
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise FileRefused(
            _("Berkas bukan arsip ZIP yang utuh: %(error)s") % {"error": exc}
        ) from exc
    infos = archive.infolist()
    if len(infos) > limits.members:
        raise FileRefused(
            _("Arsip berisi %(count)d berkas; paling banyak %(max)d.")
            % {"count": len(infos), "max": limits.members}
        )
    total = sum(info.file_size for info in infos)
    if total > limits.uncompressed:
        raise FileRefused(
            _("Isi arsip %(size)s bila dibuka; paling besar %(max)s.")
            % {"size": _megabytes(total), "max": _megabytes(limits.uncompressed)}
        )
    for info in infos:
        if info.file_size > RATIO_FLOOR and info.file_size > limits.ratio * max(
            info.compress_size, 1
        ):
            raise FileRefused(
                _(
                    "Bagian %(name)s di dalam arsip mengembang %(ratio)d kali bila dibuka "
                    "(paling banyak %(max)d kali): berkas ini bom ZIP."
                )
                % {
                    "name": info.filename,
                    "ratio": info.file_size // max(info.compress_size, 1),
                    "max": limits.ratio,
                }
            )
    return archive


def _head(archive: zipfile.ZipFile, name: str) -> bytes:
    with archive.open(name) as member:
        return member.read(HEAD)


def _count_tags(archive: zipfile.ZipFile, name: str, tag: bytes, *, stop_above: int) -> int:
    """Counts ``<tag>`` / ``<tag ...>`` in a member, stopping once past ``stop_above``."""
    pattern = re.compile(rb"<(?:\w+:)?" + tag + rb"[\s>/]")
    count = 0
    tail = b""
    with archive.open(name) as member:
        for chunk in iter(lambda: member.read(CHUNK), b""):
            data = tail + chunk
            # Matches that start in the carried-over tail were counted last time.
            count += sum(1 for m in pattern.finditer(data) if m.start() >= len(tail))
            if count > stop_above:
                return count
            tail = data[-(len(tag) + 16) :]
    return count


_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Z]*)(\d*)(?::([A-Z]+)(\d+))?\"")
_SHARED_COUNT = re.compile(rb"<(?:\w+:)?sst\b[^>]*?\b(?:uniqueCount|count)=\"(\d+)\"")


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.decode():
        number = number * 26 + ord(letter) - 64
    return number


def check_xlsx(file: IO[bytes], *, limits: SheetLimits = SHEET_LIMITS, scan: bool = False) -> None:
    """Refuses an XLSX whose sheets or shared strings exceed ``limits`` (rows, columns,
    strings), or whose archive breaks ZIP_LIMITS. Reads headers, never the workbook.

    ``scan`` also counts the rows and strings really there (a file may omit or lie in
    its headers): a decompressing pass without parsing, bounded by ZIP_LIMITS, for the
    worker about to import; the request checks headers only.
    """
    archive = zip_members(file)
    names = set(archive.namelist())
    sheets = sorted(n for n in names if re.fullmatch(r"xl/worksheets/[^/]+\.xml", n))
    if not sheets:
        raise FileRefused(_("Berkas XLSX tidak berisi lembar kerja."))
    for sheet in sheets:
        label = sheet.rsplit("/", 1)[-1]
        match = _DIMENSION.search(_head(archive, sheet))
        if match:
            last_col, last_row = match.group(3) or match.group(1), match.group(4) or match.group(2)
            rows = int(last_row or 0)
            columns = _column_number(last_col) if last_col else 0
            if rows > limits.rows or columns > limits.columns:
                raise FileRefused(
                    _(
                        "Lembar %(sheet)s menyatakan %(rows)d baris x %(columns)d kolom; "
                        "paling banyak %(max_rows)d baris dan %(max_columns)d kolom."
                    )
                    % {
                        "sheet": label,
                        "rows": rows,
                        "columns": columns,
                        "max_rows": limits.rows,
                        "max_columns": limits.columns,
                    }
                )
        if scan and _count_tags(archive, sheet, b"row", stop_above=limits.rows) > limits.rows:
            raise FileRefused(
                _("Lembar %(sheet)s berisi lebih dari %(max)d baris.")
                % {"sheet": label, "max": limits.rows}
            )
    if "xl/sharedStrings.xml" in names:
        match = _SHARED_COUNT.search(_head(archive, "xl/sharedStrings.xml"))
        declared = int(match.group(1)) if match else 0
        counted = 0
        if scan and declared <= limits.shared_strings:
            counted = _count_tags(
                archive, "xl/sharedStrings.xml", b"si", stop_above=limits.shared_strings
            )
        if max(declared, counted) > limits.shared_strings:
            raise FileRefused(
                _("Berkas berisi %(count)d teks bersama (shared strings); paling banyak %(max)d.")
                % {"count": max(declared, counted), "max": limits.shared_strings}
            )


# --- PDF: no active content ------------------------------------------------------------

# Names that make a PDF act when opened or clicked: scripts, actions run on opening or
# on a page or field event, launching programs, embedded files.
PDF_ACTIVE_NAMES = (b"JavaScript", b"JS", b"OpenAction", b"AA", b"Launch", b"EmbeddedFile")
_PDF_NAME = re.compile(rb"/((?:[A-Za-z0-9]|#[0-9A-Fa-f]{2})+)")
_PDF_STREAM = re.compile(rb"stream\r?\n")
# Inflated content examined per file; a PDF that inflates beyond it is refused as a bomb.
PDF_INFLATED_LIMIT = 200 * 1024 * 1024


def _pdf_names(data: bytes) -> set[bytes]:
    names = set()
    for match in _PDF_NAME.finditer(data):
        # "/J#61vaScript" is "/JavaScript": names may escape any byte as #xx.
        names.add(re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m[1], 16)]), match[1]))
    return names


def _pdf_streams(data: bytes):
    """The inflated content of each Flate stream (object streams hide dictionaries)."""
    import zlib

    budget = PDF_INFLATED_LIMIT
    view = memoryview(data)
    for match in _PDF_STREAM.finditer(data):
        end = data.find(b"endstream", match.end())
        inflater = zlib.decompressobj()
        try:
            inflated = inflater.decompress(view[match.end() : end if end > 0 else None], budget)
        except zlib.error:
            continue  # not Flate (an image, or another filter): no dictionaries inside
        budget -= len(inflated)
        if budget <= 0 or inflater.unconsumed_tail:
            raise FileRefused(
                _("PDF mengembang lebih dari %(max)s bila dibuka: berkas ini bom.")
                % {"max": _megabytes(PDF_INFLATED_LIMIT)}
            )
        yield inflated


def check_pdf(file: IO[bytes], *, name: str) -> None:
    """Refuses a PDF holding JavaScript, actions run on opening or on events, launch
    actions or embedded files, including inside compressed object streams."""
    file.seek(0)
    data = file.read()
    file.seek(0)
    found = _pdf_names(data)
    for inflated in _pdf_streams(data):
        found |= _pdf_names(inflated)
    active = [n.decode() for n in PDF_ACTIVE_NAMES if n in found]
    if active:
        raise FileRefused(
            _(
                "PDF “%(name)s” berisi konten aktif (%(what)s) yang dapat berjalan saat "
                "dibuka; simpan ulang sebagai PDF biasa (cetak ke PDF) lalu unggah lagi."
            )
            % {"name": name, "what": ", ".join(f"/{n}" for n in active)}
        )


# --- Office: no macros -------------------------------------------------------------------

OFFICE_ZIP_LIMITS = ZipLimits(members=1_000, uncompressed=200 * 1024 * 1024, ratio=100)
_MACRO_MEMBER = re.compile(r"(^|/)(vbaProject\.bin|vbaData\.xml|activeX/.*|.*\.bin)$", re.I)
_MACRO_TYPES = (b"macroEnabled", b"vbaProject", b"ms-office.activeX")


def check_office(file: IO[bytes], *, name: str) -> None:
    """Refuses a DOCX or XLSX that is a zip bomb or carries macros (a VBA project,
    ActiveX controls, other binary parts, or a macro-enabled content type such as
    .docm/.xlsm's)."""
    file.seek(0)
    try:
        archive = zip_members(file, limits=OFFICE_ZIP_LIMITS)
        names = archive.namelist()
        macro = next((n for n in names if _MACRO_MEMBER.search(n)), None)
        content_types = (
            _head(archive, "[Content_Types].xml") if "[Content_Types].xml" in names else b""
        )
    finally:
        file.seek(0)
    kind = next((t for t in _MACRO_TYPES if t.lower() in content_types.lower()), None)
    if macro or kind:
        raise FileRefused(
            _(
                "Berkas “%(name)s” berisi makro atau kode (%(what)s); simpan ulang sebagai "
                ".docx/.xlsx biasa tanpa makro lalu unggah lagi."
            )
            % {"name": name, "what": macro or kind.decode()}
        )
