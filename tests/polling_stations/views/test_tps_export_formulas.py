"""Exports never write formulas: text starting with = + - @ tab or CR gets an apostrophe,
XLSX text cells are strings, and what was exported imports back as it was."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from polling_stations.models import PollingStation

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://contoh.example/x","Klik")'


@pytest.fixture
def formula_station(tps_world):
    station = tps_world["inside"][0]
    PollingStation.objects.filter(pk=station.pk).update(address=FORMULA)
    return station


def test_the_csv_export_writes_a_formula_address_as_text(client, tps_world, formula_station):
    client.force_login(tps_world["operator"])

    response = client.get(reverse("polling_stations:export_csv"))

    body = b"".join(response.streaming_content).decode("utf-8-sig")
    addresses = [r["alamat"] for r in csv.DictReader(io.StringIO(body))]
    assert "'" + FORMULA in addresses
    assert FORMULA not in addresses


def test_the_xlsx_export_writes_a_formula_address_as_a_string_cell(
    client, tps_world, formula_station
):
    client.force_login(tps_world["operator"])

    response = client.get(reverse("polling_stations:export_xlsx"))

    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cells = [row[2] for row in sheet.iter_rows(min_row=2)]
    formula_cells = [c for c in cells if FORMULA in str(c.value)]
    assert [c.value for c in formula_cells] == ["'" + FORMULA]
    assert {c.data_type for c in cells if c.value} == {"s"}


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_start_is_neutralised(start):
    from config.exports import safe_cell, unescape_cell

    assert safe_cell(start + "1+1") == "'" + start + "1+1"
    assert unescape_cell(safe_cell(start + "1+1")) == start + "1+1"
    assert safe_cell("Jl. Sudirman") == "Jl. Sudirman"
    assert safe_cell(-0.5) == -0.5
