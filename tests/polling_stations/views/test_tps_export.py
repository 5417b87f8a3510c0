"""The TPS list's CSV and XLSX exports."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db

KR, R, SR, KH = "kurang_rawan", "rawan", "sangat_rawan", "khusus"


def test_it_exports_csv_with_the_import_columns_and_only_visible_tps(client, tps_world):
    client.force_login(tps_world["operator"])

    response = client.get(reverse("polling_stations:export_csv"), {"category": KR})

    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert [(r["kode_desa"], r["no_tps"], r["kategori"]) for r in rows] == [
        ("1312012001", "001", KR),
        ("1312012001", "002", KR),
        ("1312012001", "003", KR),
    ]
    assert rows[0]["polsek"] == "Polsek Uji 1"


def test_it_exports_xlsx_with_the_filtered_tps(client, tps_world):
    client.force_login(tps_world["operator"])

    response = client.get(reverse("polling_stations:export_xlsx"), {"kind": "khusus"})

    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("kode_desa", "no_tps", "alamat")
    assert [(r[0], r[6], r[7], r[8]) for r in rows[1:]] == [("1312022001", "khusus", "lapas", KH)]
