import gzip
import shutil

import pytest
from django.core.management import CommandError, call_command

from agencies.models import Region
from agencies.regions import BUNDLED_DIR, RegionFileError, import_regions


@pytest.fixture
def region_dir(tmp_path):
    """A writable copy of the bundled region files, as plain CSV."""
    for source in BUNDLED_DIR.glob("*.csv.gz"):
        with gzip.open(source, "rb") as src, open(tmp_path / source.stem, "wb") as dst:
            shutil.copyfileobj(src, dst)
    return tmp_path


def test_it_loads_every_level_of_the_real_data(regions):
    counts = {level: Region.objects.filter(level=level).count() for level in Region.Level}

    assert counts == {
        Region.Level.PROVINCE: 38,
        Region.Level.REGENCY: 514,
        Region.Level.DISTRICT: 7285,
        Region.Level.VILLAGE: 83762,
    }


def test_pasaman_barat_has_11_kecamatan_and_90_villages(regions):
    pasaman_barat = Region.objects.get(code="13.12")

    assert pasaman_barat.name == "Kabupaten Pasaman Barat"
    assert pasaman_barat.kind == Region.Kind.KABUPATEN
    assert pasaman_barat.children.count() == 11
    assert Region.objects.within(pasaman_barat).filter(level=Region.Level.VILLAGE).count() == 90


def test_it_tells_desa_from_kelurahan_and_kabupaten_from_kota(regions):
    assert Region.objects.get(code="11.01.01.2001").kind == Region.Kind.DESA
    assert Region.objects.filter(level=4, kind=Region.Kind.KELURAHAN).count() == 8496
    assert Region.objects.get(code="13.71").kind == Region.Kind.KOTA


@pytest.mark.bulk
def test_a_second_run_changes_nothing(regions):
    before = Region.objects.count()

    result = import_regions()

    assert result.total == before
    assert Region.objects.count() == before


def test_a_malformed_file_names_file_line_and_problem_and_writes_nothing(regions, region_dir):
    before = Region.objects.count()
    villages = region_dir / "villages.csv"
    lines = villages.read_text().splitlines()
    lines[1] = lines[1].replace("Keude Bakongan", "Nama Baru")
    lines[4] = "13.12.01.20X1,13.12.01,Desa Rusak,DESA"
    lines[7] = "13.12.99.2001,13.12.99,Desa Yatim,DESA"
    villages.write_text("\n".join(lines) + "\n")

    with pytest.raises(RegionFileError) as error:
        import_regions(directory=region_dir)

    assert error.value.problems == [
        "villages.csv baris 5: kode '13.12.01.20X1' tidak sesuai format.",
        "villages.csv baris 8: kode induk '13.12.99' tidak dikenal.",
    ]
    assert Region.objects.count() == before
    assert Region.objects.get(code="11.01.01.2001").name == "Keude Bakongan"


def test_the_command_reports_a_missing_column_in_bahasa_indonesia(regions, region_dir):
    before = Region.objects.count()
    (region_dir / "regencies.csv").write_text("code,province_code,name\n11.01,11,Aceh Selatan\n")

    with pytest.raises(CommandError, match="regencies.csv baris 1: kolom type tidak ada."):
        call_command("import_regions", str(region_dir))

    assert Region.objects.count() == before
