"""Small TPS files for the import tests, written the way users and KPU write them."""

import csv
from pathlib import Path

from openpyxl import Workbook

HEADER = [
    "kode_desa",
    "no_tps",
    "alamat",
    "dpt",
    "latitude",
    "longitude",
    "jenis",
    "lokasi_khusus",
    "kategori",
]


def write_csv(
    path: Path,
    rows: list[list[str]],
    *,
    header: list[str] = HEADER,
    delimiter: str = ",",
    bom: bool = False,
) -> Path:
    with open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list], *, header: list[str] = HEADER) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def row(
    kode="1312012001",
    no="1",
    alamat="",
    dpt="",
    lat="",
    lon="",
    jenis="",
    lokasi="",
    kategori="",
) -> list[str]:
    return [kode, no, alamat, dpt, lat, lon, jenis, lokasi, kategori]
