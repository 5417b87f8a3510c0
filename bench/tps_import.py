"""TPS import at national scale: ``import_tps`` against a plain COPY of the same rows.

Generates a national file of 820,161 TPS over the 83,762 real villages (the project's copy of
the Kemendagri regions), then, for each run:

1. ``TRUNCATE`` the TPS table and time a plain ``COPY ... FROM STDIN`` of exactly the rows the
   import will store, already in the table's column format (the floor: no parsing, no checks);
2. ``TRUNCATE`` again and time ``import_tps`` on the CSV (read, check every row, stage, insert);
3. time ``import_tps`` once more on the now full table (the re-import: every row matched,
   nothing rewritten).

Targets (issue 4): the import in at most 60 s and at most 2x the plain COPY.
"""

import argparse
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

NATIONAL_TPS = 820_161
SEED = 2024


def generate(
    csv_path: Path,
    copy_path: Path,
    election_id: int,
    village_codes: list[str],
    total: int,
    voters_added: int = 0,
) -> None:
    """The same TPS twice: as a KPU-style CSV for the import, and as COPY text for the
    baseline. Mixes both code formats, the three number styles, special TPS and categories."""
    rng = random.Random(SEED)
    per_village, extra = divmod(total, len(village_codes))
    locations = ["lapas", "rutan", "panti", "relokasi", "perkebunan", "pertambangan", "pesantren"]
    categories = ["kurang_rawan"] * 90 + ["rawan"] * 7 + ["sangat_rawan"] * 1 + [""] * 2
    with (
        open(csv_path, "w", encoding="utf-8", newline="") as csv_file,
        open(copy_path, "w", encoding="utf-8") as copy_file,
    ):
        csv_file.write(
            "kode_desa,no_tps,alamat,dpt,latitude,longitude,jenis,lokasi_khusus,kategori\n"
        )
        for index, code in enumerate(village_codes):
            count = per_village + (1 if index < extra else 0)
            digits = code.replace(".", "")
            base_lat = rng.uniform(-10.5, 5.5)
            base_lon = rng.uniform(95.5, 140.5)
            for number in range(1, count + 1):
                village = code if number % 2 else digits
                label = (str(number), f"{number:03d}", f"TPS {number:03d}")[number % 3]
                address = f"Jl. Desa No. {rng.randint(1, 200)}, RT {number:02d}"
                voters = rng.randint(120, 300) + voters_added
                lat = f"{base_lat + rng.uniform(-0.02, 0.02):.6f}"
                lon = f"{base_lon + rng.uniform(-0.02, 0.02):.6f}"
                if rng.random() < 0.0023:
                    kind, special, category = "khusus", rng.choice(locations), "khusus"
                    written_category = category
                else:
                    kind, special = "reguler", ""
                    written_category = rng.choice(categories)
                    category = written_category or "kurang_rawan"
                csv_file.write(
                    f'{village},{label},"{address}",{voters}'
                    f",{lat},{lon},{kind},{special},"
                    f"{written_category}\n"
                )
                copy_file.write(
                    f"{election_id}\t{code}\t{number}\t{address}\t{voters}\t{lat}\t{lon}\t"
                    f"{kind}\t{special}\t{category}\t\\N\n"
                )


def truncate() -> None:
    from django.db import connection

    from polling_stations.models import PollingStation

    with connection.cursor() as cursor:
        # CASCADE: tables that point at TPS (risk indicators...) are emptied with them.
        cursor.execute(f"TRUNCATE {PollingStation._meta.db_table} CASCADE")
        cursor.execute("CHECKPOINT")


def plain_copy(copy_path: Path) -> float:
    from django.db import connection, transaction

    from polling_stations.models import PollingStation

    columns = (
        "election_id, village_id, number, address, registered_voters, latitude, longitude, "
        "kind, special_location, category, polsek_id"
    )
    started = time.perf_counter()
    sql = f"COPY {PollingStation._meta.db_table} ({columns}) FROM STDIN"
    with (
        transaction.atomic(),
        connection.cursor() as cursor,
        cursor.copy(sql) as copy,
        open(copy_path, encoding="utf-8") as source,
    ):
        while chunk := source.read(1 << 20):
            copy.write(chunk)
    return time.perf_counter() - started


def timed_import(csv_path: Path, election):
    from polling_stations.services import import_tps

    started = time.perf_counter()
    result = import_tps(path=csv_path, election=election)
    elapsed = time.perf_counter() - started
    if not result.written or result.rejected:
        raise SystemExit(f"import rejected rows: {result.errors[:5]}")
    return elapsed, result


def main() -> None:
    """Options come from the environment, as ``bench/run.py`` passes only benchmark names:
    ``TPS_BENCH_RUNS`` (default 3) and ``TPS_BENCH_ROWS`` (default 820,161)."""
    args = argparse.Namespace(
        runs=int(os.environ.get("TPS_BENCH_RUNS", 3)),
        rows=int(os.environ.get("TPS_BENCH_ROWS", NATIONAL_TPS)),
    )

    from django.db import connection

    from agencies.models import Region
    from agencies.regions import import_regions
    from operations.models import Election
    from polling_stations.models import PollingStation

    if Region.objects.filter(level=Region.Level.VILLAGE).count() < 83_000:
        started = time.perf_counter()
        import_regions()
        print(f"regions imported in {time.perf_counter() - started:.1f} s")
    villages = list(
        Region.objects.filter(level=Region.Level.VILLAGE)
        .order_by("code")
        .values_list("code", flat=True)
    )
    election, _ = Election.objects.get_or_create(
        slug="pemilu-2024-bench",
        defaults={"name": "Pemilu 2024 (bench)", "kind": "pemilu", "voting_day": "2024-02-14"},
    )
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server = cursor.fetchone()[0]

    with tempfile.TemporaryDirectory() as work:
        csv_path, copy_path = Path(work) / "tps_nasional.csv", Path(work) / "tps_nasional.copy"
        started = time.perf_counter()
        generate(csv_path, copy_path, election.pk, villages, args.rows)
        size = csv_path.stat().st_size / 1e6
        print(
            f"PostgreSQL {server}; {args.rows:,} TPS over {len(villages):,} villages; "
            f"CSV {size:.0f} MB generated in {time.perf_counter() - started:.1f} s",
            flush=True,
        )
        copies, imports, reimports, ratios = [], [], [], []
        for run_number in range(1, args.runs + 1):
            load = os.getloadavg()[0]
            truncate()
            copies.append(plain_copy(copy_path))
            assert PollingStation.objects.count() == args.rows
            truncate()
            elapsed, result = timed_import(csv_path, election)
            imports.append(elapsed)
            assert result.created == args.rows == PollingStation.objects.count(), result
            elapsed, again = timed_import(csv_path, election)
            reimports.append(elapsed)
            assert again.created == 0 and again.unchanged == args.rows, again
            ratios.append(imports[-1] / copies[-1])
            print(
                f"run {run_number} (load average {load:.1f} on {os.cpu_count()} CPUs): "
                f"plain COPY {copies[-1]:.2f} s | import_tps {imports[-1]:.2f} s "
                f"(x{ratios[-1]:.2f}) | re-import {reimports[-1]:.2f} s",
                flush=True,
            )
        # A KPU update: the same TPS with every DPT changed, imported over the full table.
        changed_path = Path(work) / "tps_nasional_dpt_baru.csv"
        generate(changed_path, Path(work) / "unused.copy", election.pk, villages, args.rows, 1)
        changed, result = timed_import(changed_path, election)
        assert result.updated == args.rows, result
        print(
            f"re-import with every DPT changed ({args.rows:,} UPDATEs): {changed:.2f} s "
            f"(load average {os.getloadavg()[0]:.1f})",
            flush=True,
        )
    print(
        f"median of {args.runs} runs: plain COPY {statistics.median(copies):.2f} s, "
        f"import_tps {statistics.median(imports):.2f} s (target <= 60 s), "
        f"import/COPY ratio {statistics.median(ratios):.2f} (target <= 2.00), "
        f"re-import of the same file {statistics.median(reimports):.2f} s",
        flush=True,
    )
    truncate()
