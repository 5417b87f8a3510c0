"""Cells that leave Sinergi in CSV and XLSX files: text never becomes a formula.

A spreadsheet runs a cell starting with = + - @ (and, in some, tab or CR) as a formula:
a TPS address ``=HYPERLINK(...)`` would become a live link in the reader's Excel. Such
text is written with a leading apostrophe, which spreadsheets show as text, and XLSX
text cells are typed as strings. Every export writes its rows through here; importers
take the apostrophe off again (``unescape_cell``), so an export stays re-importable.
"""

from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    return [safe_cell(value) for value in values]


def unescape_cell(value: str) -> str:
    """What ``safe_cell`` wrote, read back: the apostrophe before a formula start goes."""
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def xlsx_row(sheet, values: Iterable[Any]) -> list:
    """Write-only openpyxl cells for ``values``: text typed as a string (data type
    ``s``, never ``f``), numbers and dates as they are."""
    # Imported here: openpyxl brings numpy and Pillow (about a second of start-up), which the
    # CSV paths (the TPS import command among them) never need.
    from openpyxl.cell import WriteOnlyCell

    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=safe_cell(value))
        if isinstance(value, str):
            cell.data_type = "s"
        cells.append(cell)
    return cells
