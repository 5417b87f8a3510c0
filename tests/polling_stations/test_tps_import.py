"""The TPS import service and command: formats, every bad input, idempotence, scope."""

import csv
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from agencies.models import Agency
from polling_stations.models import PollingStation
from polling_stations.services import import_tps
from polling_stations.tps_file.reading import TpsFileError, count_data_rows
from tests.factories import AgencyFactory, ElectionFactory, region_chain

from .tps_files import HEADER, row, write_csv, write_xlsx

pytestmark = pytest.mark.django_db

VILLAGES = ("13.12.01.2001", "13.12.01.2002", "13.12.02.2001", "13.71.01.1001")


@pytest.fixture
def villages():
    return [region_chain(code) for code in VILLAGES]


@pytest.fixture
def election():
    return ElectionFactory()


@pytest.fixture(params=[True, False], ids=["copy", "orm"])
def use_copy(request):
    """Both write paths: COPY + SQL (PostgreSQL) and batched ORM upserts (SQLite, make run)."""
    return request.param


def stations():
    return list(
        PollingStation.objects.order_by("village_id", "number").values_list("village_id", "number")
    )


# --- formats -------------------------------------------------------------------------------


def test_it_imports_a_comma_csv_with_ten_digit_codes(tmp_path, villages, election, use_copy):
    path = write_csv(
        tmp_path / "tps.csv",
        [
            row("1312012001", "1", "Jl. Sudirman 1, Simpang Empat", "250", "0.2170", "99.8210"),
            row("1312012002", "2", dpt="198"),
        ],
    )

    result = import_tps(path=path, election=election, use_copy=use_copy)

    assert (result.written, result.created, result.rejected) == (True, 2, 0)
    station = PollingStation.objects.get(village_id="13.12.01.2001", number=1)
    assert station.address == "Jl. Sudirman 1, Simpang Empat"
    assert station.registered_voters == 250
    assert (station.latitude, station.longitude) == (Decimal("0.217000"), Decimal("99.821000"))
    assert station.kind == PollingStation.Kind.REGULAR
    assert station.category == PollingStation.Category.KURANG_RAWAN


def test_it_accepts_dotted_village_codes(tmp_path, villages, election):
    path = write_csv(tmp_path / "tps.csv", [row("13.12.01.2001", "1"), row("1312012002", "1")])

    import_tps(path=path, election=election)

    assert stations() == [("13.12.01.2001", 1), ("13.12.01.2002", 1)]


@pytest.mark.parametrize("written", ["4", "004", "TPS 004", "tps004", "TPS 4"])
def test_it_reads_the_tps_number_as_users_write_it(tmp_path, villages, election, written):
    path = write_csv(tmp_path / "tps.csv", [row(no=written)])

    import_tps(path=path, election=election)

    assert stations() == [("13.12.01.2001", 4)]


def test_it_reads_a_semicolon_csv_with_decimal_commas(tmp_path, villages, election):
    path = write_csv(
        tmp_path / "tps.csv",
        [row(no="1", alamat="Jl. Merdeka, No. 5", dpt="1.250", lat="-0,5", lon="100,25")],
        delimiter=";",
    )

    import_tps(path=path, election=election)

    station = PollingStation.objects.get()
    assert station.address == "Jl. Merdeka, No. 5"
    assert station.registered_voters == 1250
    assert (station.latitude, station.longitude) == (Decimal("-0.500000"), Decimal("100.250000"))


def test_it_reads_a_csv_saved_with_a_bom(tmp_path, villages, election):
    path = write_csv(tmp_path / "tps.csv", [row(no="7")], bom=True)

    result = import_tps(path=path, election=election)

    assert result.rejected == 0
    assert stations() == [("13.12.01.2001", 7)]


def test_it_reads_an_xlsx_file_with_numeric_cells(tmp_path, villages, election):
    path = write_xlsx(
        tmp_path / "tps.xlsx",
        [
            [1312012001, 4, "Balai desa", 250, -0.5, 100.25, "khusus", "lapas", "khusus"],
            ["13.12.01.2002", "TPS 002", None, None, None, None, None, None, "rawan"],
        ],
    )

    result = import_tps(path=path, election=election)

    assert (result.created, result.rejected) == (2, 0)
    special = PollingStation.objects.get(village_id="13.12.01.2001")
    assert (special.number, special.kind, special.special_location, special.category) == (
        4,
        "khusus",
        "lapas",
        "khusus",
    )
    assert PollingStation.objects.get(village_id="13.12.01.2002").category == "rawan"


def test_it_counts_the_rows_of_csv_and_xlsx_files_for_the_progress_bar(tmp_path):
    rows = [row(no=str(n)) for n in range(1, 8)]

    assert count_data_rows(write_csv(tmp_path / "tps.csv", rows)) == 7
    assert count_data_rows(write_xlsx(tmp_path / "tps.xlsx", rows)) == 7


def test_an_empty_file_counts_no_rows(tmp_path):
    path = tmp_path / "tps.csv"
    path.write_bytes(b"")

    assert count_data_rows(path) == 0


def test_it_ignores_extra_columns_and_blank_lines(tmp_path, villages, election):
    path = write_csv(
        tmp_path / "tps.csv",
        [["1312012001", "3", "catatan"], ["", "", ""], ["1312012002", "1", ""]],
        header=["Kode_Desa", "NO_TPS", "keterangan"],
    )

    result = import_tps(path=path, election=election)

    assert (result.rows, result.created) == (2, 2)


def test_a_special_tps_without_a_category_becomes_khusus(tmp_path, villages, election):
    path = write_csv(tmp_path / "tps.csv", [row(jenis="khusus", lokasi="rutan")])

    import_tps(path=path, election=election)

    assert PollingStation.objects.get().category == PollingStation.Category.KHUSUS


# --- idempotence ---------------------------------------------------------------------------


def test_importing_the_same_file_twice_updates_and_never_duplicates(
    tmp_path, villages, election, use_copy
):
    path = write_csv(tmp_path / "tps.csv", [row(no="1", dpt="200"), row(no="2", dpt="210")])
    import_tps(path=path, election=election, use_copy=use_copy)

    again = import_tps(path=path, election=election, use_copy=use_copy)

    assert again.created == 0
    assert PollingStation.objects.count() == 2


def test_a_second_import_reports_new_changed_and_unchanged_tps(
    tmp_path, villages, election, use_copy
):
    import_tps(
        path=write_csv(tmp_path / "a.csv", [row(no="1", dpt="200"), row(no="2", dpt="210")]),
        election=election,
        use_copy=use_copy,
    )

    result = import_tps(
        path=write_csv(
            tmp_path / "b.csv", [row(no="1", dpt="200"), row(no="2", dpt="999"), row(no="3")]
        ),
        election=election,
        use_copy=use_copy,
    )

    assert (result.created, result.updated, result.unchanged) == (1, 1, 1)
    assert PollingStation.objects.get(number=2).registered_voters == 999


def test_reimporting_the_same_file_reports_every_row_unchanged(
    tmp_path, villages, election, use_copy
):
    path = write_csv(tmp_path / "a.csv", [row(no="1", dpt="200"), row(no="2", dpt="210")])
    import_tps(path=path, election=election, use_copy=use_copy)

    again = import_tps(path=path, election=election, use_copy=use_copy)

    assert (again.created, again.updated, again.unchanged, again.rejected) == (0, 0, 2, 0)


def test_a_reimport_keeps_a_category_the_file_leaves_blank(tmp_path, villages, election, use_copy):
    import_tps(
        path=write_csv(tmp_path / "a.csv", [row(no="1", kategori="sangat_rawan")]),
        election=election,
        use_copy=use_copy,
    )

    import_tps(
        path=write_csv(tmp_path / "b.csv", [row(no="1", dpt="300")]),
        election=election,
        use_copy=use_copy,
    )

    station = PollingStation.objects.get()
    assert (station.category, station.registered_voters) == ("sangat_rawan", 300)


def test_a_reimport_without_a_column_keeps_what_is_stored(tmp_path, villages, election, use_copy):
    import_tps(
        path=write_csv(tmp_path / "a.csv", [row(no="1", dpt="250", lat="-0.5", lon="100.1")]),
        election=election,
        use_copy=use_copy,
    )

    import_tps(
        path=write_csv(tmp_path / "b.csv", [["1312012001", "1"]], header=["kode_desa", "no_tps"]),
        election=election,
        use_copy=use_copy,
    )

    station = PollingStation.objects.get()
    assert (station.registered_voters, station.latitude) == (250, Decimal("-0.500000"))


def test_the_same_tps_in_another_election_is_another_tps(tmp_path, villages, election):
    path = write_csv(tmp_path / "tps.csv", [row(no="1")])
    pemilu = ElectionFactory(slug="pemilu-2024", name="Pemilu 2024", kind="pemilu")
    import_tps(path=path, election=election)

    result = import_tps(path=path, election=pemilu)

    assert result.created == 1
    assert PollingStation.objects.count() == 2


# --- bad input: every case reported with its line, nothing written --------------------------


BAD_ROWS = {
    "unknown village": (row(kode="1312019999"), "kode desa 13.12.01.9999 tidak dikenal"),
    "malformed code": (row(kode="13-12-01-2001"), "kode_desa “13-12-01-2001” tidak sah"),
    "short code": (row(kode="131201200"), "tidak sah"),
    "empty code": (row(kode=""), "kode_desa kosong"),
    "bad number": (row(no="TPS A"), "no_tps “TPS A” tidak sah"),
    "number zero": (row(no="000"), "no_tps “000” tidak sah"),
    "empty number": (row(no=""), "no_tps kosong"),
    "voters not a number": (row(dpt="dua ratus"), "dpt “dua ratus” bukan bilangan bulat"),
    "negative voters": (row(dpt="-5"), "dpt “-5” bukan bilangan bulat"),
    "outside Indonesia": (row(lat="48.85", lon="2.35"), "di luar wilayah Indonesia"),
    "coordinates not numbers": (row(lat="utara", lon="100"), "bukan angka"),
    "latitude only": (row(lat="-0.5"), "isi latitude dan longitude bersama-sama"),
    "longitude only": (row(lon="100.5"), "isi latitude dan longitude bersama-sama"),
    "unknown category": (row(kategori="waspada"), "kategori “waspada” tidak dikenal"),
    "unknown kind": (row(jenis="keliling"), "jenis “keliling” tidak dikenal"),
    "special without location": (row(jenis="khusus"), "TPS khusus wajib mengisi lokasi_khusus"),
    "unknown location": (
        row(jenis="khusus", lokasi="rumah sakit"),
        "lokasi_khusus “rumah sakit” tidak dikenal",
    ),
    "regular with location": (row(lokasi="lapas"), "TPS reguler tidak boleh mengisi"),
    "address too long": (row(alamat="x" * 300), "alamat terlalu panjang"),
}


@pytest.mark.parametrize("bad_row, reason", BAD_ROWS.values(), ids=BAD_ROWS.keys())
def test_a_bad_row_is_reported_and_nothing_is_written(
    tmp_path, villages, election, bad_row, reason
):
    good = [row(kode="1312012002", no="1"), row(kode="1312012002", no="2")]
    path = write_csv(tmp_path / "tps.csv", [*good, bad_row])

    result = import_tps(path=path, election=election)

    assert not result.written
    assert [(error.line, reason in error.reason) for error in result.errors] == [(4, True)]
    assert PollingStation.objects.count() == 0


def test_a_tps_twice_in_the_file_is_reported_with_the_first_line(tmp_path, villages, election):
    path = write_csv(
        tmp_path / "tps.csv", [row(no="4"), row(no="5"), row(kode="13.12.01.2001", no="TPS 004")]
    )

    result = import_tps(path=path, election=election)

    assert [(e.line, e.reason) for e in result.errors] == [
        (4, "TPS 004 desa 13.12.01.2001 ganda: sudah ada di baris 2")
    ]
    assert PollingStation.objects.count() == 0


def test_every_bad_row_is_reported_with_its_line_number(tmp_path, villages, election):
    path = write_csv(
        tmp_path / "tps.csv",
        [
            row(no="1"),
            row(kode="9999999999", no="2"),
            row(no="3"),
            row(no="4", dpt="banyak", kategori="aman sekali"),
            row(no="5", jenis="khusus"),
        ],
    )

    result = import_tps(path=path, election=election)

    assert [error.line for error in result.errors] == [3, 5, 6]
    assert "dpt “banyak”" in result.errors[1].reason
    assert "kategori “aman sekali”" in result.errors[1].reason
    assert PollingStation.objects.count() == 0


def test_a_row_spanning_lines_is_reported_at_the_line_it_starts(tmp_path, villages, election):
    path = tmp_path / "tps.csv"
    path.write_text(
        'kode_desa,no_tps,alamat\n1312012001,1,"Jl. A\nRT 02"\n1312012001,x,\n', encoding="utf-8"
    )

    result = import_tps(path=path, election=election)

    assert [error.line for error in result.errors] == [4]


def test_a_missing_required_column_is_named(tmp_path, villages, election):
    path = write_csv(
        tmp_path / "tps.csv", [["1312012001", "Jl. A"]], header=["kode_desa", "alamat"]
    )

    with pytest.raises(TpsFileError, match="Kolom wajib tidak ada di baris judul: no_tps"):
        import_tps(path=path, election=election)
    assert PollingStation.objects.count() == 0


def test_a_file_that_is_not_utf8_is_refused(tmp_path, villages, election):
    path = tmp_path / "tps.csv"
    path.write_bytes(
        "kode_desa,no_tps,alamat\n1312012001,1,Jl. Cempaka Putih\xa0\xe9\n".encode("cp1252")
    )

    with pytest.raises(TpsFileError, match="bukan teks UTF-8"):
        import_tps(path=path, election=election)
    assert PollingStation.objects.count() == 0


def test_an_empty_file_is_refused(tmp_path, villages, election):
    path = tmp_path / "tps.csv"
    path.write_text("", encoding="utf-8")

    with pytest.raises(TpsFileError, match="Berkas kosong"):
        import_tps(path=path, election=election)


# --- skip_invalid and the rejects file -----------------------------------------------------


def test_skip_invalid_imports_the_valid_rows_and_hands_back_the_others(
    tmp_path, villages, election
):
    path = write_csv(
        tmp_path / "tps.csv",
        [row(no="1"), row(kode="1312019999", no="2", dpt="100"), row(no="3", dpt="x")],
        delimiter=";",
    )
    rejects = tmp_path / "ditolak.csv"

    result = import_tps(path=path, election=election, skip_invalid=True, rejects_path=rejects)

    assert (result.written, result.created, result.rejected) == (True, 1, 2)
    assert stations() == [("13.12.01.2001", 1)]
    with open(rejects, encoding="utf-8-sig", newline="") as handle:
        rejected = list(csv.reader(handle, delimiter=";"))
    assert rejected[0] == HEADER + ["alasan"]
    assert [cells[:2] for cells in rejected[1:]] == [["1312019999", "2"], ["1312012001", "3"]]
    assert "tidak dikenal" in rejected[1][-1]
    assert "dpt “x” bukan bilangan bulat" in rejected[2][-1]


def test_the_rejects_file_once_fixed_imports_cleanly(tmp_path, villages, election):
    path = write_csv(tmp_path / "tps.csv", [row(no="1"), row(no="2", dpt="x")])
    rejects = tmp_path / "ditolak.csv"
    import_tps(path=path, election=election, skip_invalid=True, rejects_path=rejects)
    fixed = rejects.read_text(encoding="utf-8-sig").replace(",x,", ",230,")
    rejects.write_text(fixed, encoding="utf-8-sig")

    result = import_tps(path=rejects, election=election)

    assert (result.written, result.created, result.rejected) == (True, 1, 0)
    assert PollingStation.objects.get(number=2).registered_voters == 230


def test_without_bad_rows_no_rejects_file_is_written(tmp_path, villages, election):
    rejects = tmp_path / "ditolak.csv"

    result = import_tps(
        path=write_csv(tmp_path / "tps.csv", [row()]), election=election, rejects_path=rejects
    )

    assert result.rejects_path is None
    assert not rejects.exists()


# --- the unit's area and its Polsek --------------------------------------------------------


@pytest.fixture
def pasaman_barat(villages, world):
    """The world's Polres Pasaman Barat, which holds kabupaten 13.12."""
    return world.polres


def test_a_unit_may_only_import_villages_in_its_area(tmp_path, election, pasaman_barat):
    path = write_csv(tmp_path / "tps.csv", [row(no="1"), row(kode="1371011001", no="1")])

    result = import_tps(path=path, election=election, unit=pasaman_barat)

    assert [(e.line, e.reason) for e in result.errors] == [
        (3, "desa 13.71.01.1001 di luar wilayah Polres Pasaman Barat")
    ]
    assert PollingStation.objects.count() == 0


def test_a_unit_covers_the_regions_of_the_units_below_it(tmp_path, election, pasaman_barat):
    polsek = AgencyFactory(kind=Agency.Kind.POLSEK, short_name="Polsek Uji", parent=pasaman_barat)
    polsek.regions.add("13.71.01.1001")
    path = write_csv(tmp_path / "tps.csv", [row(no="1"), row(kode="1371011001", no="1")])

    result = import_tps(path=path, election=election, unit=pasaman_barat.parent)

    assert (result.created, result.rejected) == (2, 0)


def test_a_unit_without_regions_may_import_nothing(tmp_path, villages, election):
    polres = AgencyFactory(kind=Agency.Kind.POLRES, short_name="Polres Tanpa Wilayah")

    result = import_tps(
        path=write_csv(tmp_path / "tps.csv", [row()]), election=election, unit=polres
    )

    assert "di luar wilayah Polres Tanpa Wilayah" in result.errors[0].reason


def test_the_polsek_whose_kecamatan_holds_the_village_is_assigned(
    tmp_path, election, pasaman_barat
):
    sungai_beremas = AgencyFactory(kind=Agency.Kind.POLSEK, parent=pasaman_barat)
    sungai_beremas.regions.add("13.12.01")
    path = write_csv(tmp_path / "tps.csv", [row(no="1"), row(kode="1312022001", no="1")])

    import_tps(path=path, election=election)

    assert dict(PollingStation.objects.values_list("village_id", "polsek_id")) == {
        "13.12.01.2001": sungai_beremas.pk,
        "13.12.02.2001": None,
    }


def test_a_polsek_naming_the_village_wins_over_a_kecamatan_split_between_two(
    tmp_path, election, pasaman_barat
):
    first, second = (AgencyFactory(kind=Agency.Kind.POLSEK, parent=pasaman_barat) for _ in "12")
    first.regions.add("13.12.01")
    second.regions.add("13.12.01", "13.12.01.2002")
    path = write_csv(tmp_path / "tps.csv", [row(no="1"), row(kode="1312012002", no="1")])

    import_tps(path=path, election=election)

    assert dict(PollingStation.objects.values_list("village_id", "polsek_id")) == {
        "13.12.01.2001": None,
        "13.12.01.2002": second.pk,
    }


# --- the command ---------------------------------------------------------------------------


def test_the_command_imports_a_file(tmp_path, villages, election, capsys):
    path = write_csv(tmp_path / "tps.csv", [row(no="1"), row(no="2")])

    call_command("import_tps", str(path), election=election.slug)

    assert PollingStation.objects.count() == 2
    assert "2 TPS baru" in capsys.readouterr().out


def test_the_command_writes_nothing_when_a_row_is_bad(tmp_path, villages, election, capsys):
    path = write_csv(tmp_path / "tps.csv", [row(no="1"), row(no="2", dpt="x")])

    with pytest.raises(CommandError, match="1 dari 2 baris salah"):
        call_command("import_tps", str(path), election=election.slug)

    assert "baris 3: dpt “x” bukan bilangan bulat" in capsys.readouterr().err
    assert PollingStation.objects.count() == 0


def test_the_command_can_skip_bad_rows_into_a_rejects_file(tmp_path, villages, election):
    path = write_csv(tmp_path / "tps.csv", [row(no="1"), row(no="2", dpt="x")])
    rejects = tmp_path / "ditolak.csv"

    call_command(
        "import_tps", str(path), election=election.slug, skip_invalid=True, rejects=str(rejects)
    )

    assert PollingStation.objects.count() == 1
    assert "bukan bilangan bulat" in rejects.read_text(encoding="utf-8-sig")


def test_the_command_names_an_unknown_election(tmp_path, villages):
    path = write_csv(tmp_path / "tps.csv", [row()])

    with pytest.raises(CommandError, match="pemilu-2099"):
        call_command("import_tps", str(path), election="pemilu-2099")


def test_a_reimport_assigns_the_polsek_that_now_covers_the_kecamatan(
    tmp_path, election, pasaman_barat, use_copy
):
    path = write_csv(tmp_path / "tps.csv", [row(no="1")])
    import_tps(path=path, election=election, use_copy=use_copy)
    polsek = AgencyFactory(kind=Agency.Kind.POLSEK, parent=pasaman_barat)
    polsek.regions.add("13.12.01")

    import_tps(path=path, election=election, use_copy=use_copy)

    assert PollingStation.objects.get().polsek == polsek


def test_a_reimport_keeps_a_polsek_no_rule_names(tmp_path, election, pasaman_barat, use_copy):
    path = write_csv(tmp_path / "tps.csv", [row(no="1")])
    import_tps(path=path, election=election, use_copy=use_copy)
    chosen = AgencyFactory(kind=Agency.Kind.POLSEK, parent=pasaman_barat)
    PollingStation.objects.update(polsek=chosen)

    result = import_tps(path=path, election=election, use_copy=use_copy)

    assert PollingStation.objects.get().polsek == chosen
    assert result.created == 0


def test_a_reimport_leaves_a_category_an_operator_overrode(tmp_path, villages, election, use_copy):
    import_tps(
        path=write_csv(tmp_path / "a.csv", [row(no="1"), row(no="2")]),
        election=election,
        use_copy=use_copy,
    )
    PollingStation.objects.filter(number=1).update(
        category="sangat_rawan", category_overridden=True
    )

    import_tps(
        path=write_csv(
            tmp_path / "b.csv", [row(no="1", kategori="rawan"), row(no="2", kategori="rawan")]
        ),
        election=election,
        use_copy=use_copy,
    )

    assert dict(PollingStation.objects.values_list("number", "category")) == {
        1: "sangat_rawan",
        2: "rawan",
    }
