"""Reading generated PDFs in tests, through poppler's pdftotext."""

import subprocess


def pdf_text(content: bytes) -> str:
    """The PDF's text with its table layout kept (columns on one line)."""
    return _pdftotext(content, "-layout")


def pdf_words(content: bytes) -> str:
    """The PDF's text in reading order, with line breaks inside table cells undone."""
    return " ".join(_pdftotext(content).split())


def _pdftotext(content: bytes, *options: str) -> str:
    result = subprocess.run(
        ["pdftotext", *options, "-", "-"], input=content, capture_output=True, check=True
    )
    return result.stdout.decode()
