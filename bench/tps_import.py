"""TPS import at national scale, timed from outside: ``manage.py import_tps`` against
``psql \\copy`` of the same rows into an identical table.

Generates a national file of 820,161 TPS over the 83,762 real villages (the project's copy of
the Kemendagri regions) and, from the same rows, the COPY text of exactly what the table will
hold. The reference table is the TPS table's twin (``LIKE ... INCLUDING ALL`` plus the same
foreign keys and triggers). Each run, in alternating order, each side after a ``TRUNCATE`` of
the table it fills and a ``CHECKPOINT``:

1. ``psql \\copy`` of the prepared rows into the twin (the floor: no parsing, no checks);
2. ``python manage.py import_tps FILE --election SLUG`` into the empty TPS table (process
   start, Django set-up, village codes, reading and checking every row, COPY, commit);

then the same command again on the now full table (the re-import: nothing rewritten).

Targets (issue 9): the import within 1.25x of the plain COPY (median of the per-run ratios),
and in at most 60 s.
"""

import argparse
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NATIONAL_TPS = 820_161
SEED = 2024
RATIO_TARGET = 1.25


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


COPY_COLUMNS = (
    "election_id, village_id, number, address, registered_voters, latitude, longitude, "
    "kind, special_location, category, polsek_id"
)
REFERENCE_TABLE = "bench_tps_plain_copy"


def truncate(*tables: str) -> None:
    """Empties ``tables`` (both by default) and writes a checkpoint."""
    from django.db import connection

    from polling_stations.models import PollingStation

    tables = tables or (PollingStation._meta.db_table, REFERENCE_TABLE)
    with connection.cursor() as cursor:
        # CASCADE: tables that point at TPS (risk indicators...) are emptied with them.
        cursor.execute(f"TRUNCATE {', '.join(tables)} CASCADE")
        cursor.execute("CHECKPOINT")


def autovacuum(enabled: bool) -> None:
    """Turns autovacuum off (or back to the server's setting) on both tables."""
    from django.db import connection

    from polling_stations.models import PollingStation

    with connection.cursor() as cursor:
        for table in (PollingStation._meta.db_table, REFERENCE_TABLE):
            setting = "RESET (autovacuum_enabled)" if enabled else "SET (autovacuum_enabled = off)"
            cursor.execute(f"ALTER TABLE {table} {setting}")


def create_reference_table() -> None:
    """The table a plain COPY fills: the TPS table's twin (``LIKE ... INCLUDING ALL``: columns,
    defaults, NOT NULL and CHECK constraints, every index) plus its foreign keys and its
    triggers, which LIKE leaves out, so that PostgreSQL does the same index, constraint and
    trigger work for both. The triggers are the TPS table's own, calling the same functions:
    the per-kecamatan counts (about a tenth of the server's work for a COPY) land in the
    same counts table, which the TRUNCATE before each side empties."""
    from django.db import connection

    from polling_stations.models import PollingStation

    source = PollingStation._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {REFERENCE_TABLE}")
        cursor.execute(f"CREATE TABLE {REFERENCE_TABLE} (LIKE {source} INCLUDING ALL)")
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype = 'f'",
            [source],
        )
        for name, definition in cursor.fetchall():
            cursor.execute(
                f"ALTER TABLE {REFERENCE_TABLE} ADD CONSTRAINT bench_{name[:50]} {definition}"
            )
        cursor.execute(
            "SELECT tgname, pg_get_triggerdef(oid) FROM pg_trigger "
            "WHERE tgrelid = %s::regclass AND NOT tgisinternal",
            [source],
        )
        for name, definition in cursor.fetchall():
            on_source = rf" ON (public\.)?{source} "
            twin = re.sub(on_source, f" ON {REFERENCE_TABLE} ", definition, count=1)
            assert twin != definition, definition
            cursor.execute(twin.replace(f"TRIGGER {name} ", f"TRIGGER bench_{name} ", 1))


def _psql() -> str:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/psql"))
    return str(found[-1]) if found else "psql"


def _server_cpu() -> float | None:
    """CPU seconds used so far by the throwaway PostgreSQL of ``.ci/with-services``: its
    postmaster's finished children plus the running ones (None when it is not ours to read).
    Unlike wall time, this does not depend on what else the machine is doing."""
    folder = os.environ.get("SINERGI_SERVICES_DIR")
    if not folder:
        return None
    try:
        postmaster = int(Path(folder, "pg", "postmaster.pid").read_text().split()[0])

        def stat(pid: int | str) -> tuple[int, list[int]]:
            text = Path(f"/proc/{pid}/stat").read_text()
            fields = text[text.rindex(")") + 2 :].split()
            return int(fields[1]), [int(value) for value in fields[11:15]]

        # A backend that has just exited shows no CPU until the postmaster reaps it (and adds
        # it to its own children's total): wait for that, briefly.
        for _ in range(50):
            total, exiting = sum(stat(postmaster)[1]), False
            for pid in os.listdir("/proc"):
                if pid.isdigit():
                    try:
                        parent, times = stat(pid)
                        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
                    except (OSError, ValueError, IndexError):
                        continue
                    if parent == postmaster:
                        total += times[0] + times[1]
                        exiting = exiting or state == "Z"
            if not exiting:
                break
            time.sleep(0.1)
    except (OSError, ValueError):
        return None
    return total / os.sysconf("SC_CLK_TCK")


def _timed_process(command: list[str], cpu: list[tuple[float, float | None]]) -> float:
    """Runs ``command``; appends (client CPU, server CPU) seconds to ``cpu``."""
    server = _server_cpu()
    client = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    completed = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if completed.returncode:
        raise SystemExit(f"{command[:3]} failed:\n{completed.stdout}\n{completed.stderr}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    server_after = _server_cpu()
    cpu.append(
        (
            after.ru_utime + after.ru_stime - client.ru_utime - client.ru_stime,
            None if server is None or server_after is None else server_after - server,
        )
    )
    return elapsed


def plain_copy(copy_path: Path, cpu: list) -> float:
    """``psql \\copy`` of the prepared rows into the twin table: a whole process, as the
    import is timed."""
    command = f"\\copy {REFERENCE_TABLE} ({COPY_COLUMNS}) FROM '{copy_path}'"
    return _timed_process(
        [_psql(), os.environ["DATABASE_URL"], "-v", "ON_ERROR_STOP=1", "-c", command], cpu
    )


def timed_import(csv_path: Path, slug: str, cpu: list) -> float:
    """``python manage.py import_tps FILE --election SLUG``: process start, Django set-up,
    village codes, reading, checking, COPY and commit, all of it timed from outside."""
    return _timed_process(
        [sys.executable, "manage.py", "import_tps", str(csv_path), "--election", slug], cpu
    )


def _cpu_text(copy: tuple[float, float | None], imported: tuple[float, float | None]) -> str:
    if copy[1] is None or imported[1] is None:
        return f"psql {copy[0]:.1f} | import_tps {imported[0]:.1f} (server not readable)"
    # The server's figure is the whole cluster's: autovacuum analysing the table the other
    # side just filled lands in it too, so it is printed, not judged.
    return (
        f"psql {copy[0]:.1f} + cluster {copy[1]:.1f} | import_tps {imported[0]:.1f} + "
        f"cluster {imported[1]:.1f}"
    )


def main() -> list[dict]:
    """Options come from the environment, as ``bench/run.py`` passes only benchmark names:
    ``TPS_BENCH_RUNS`` (default 3), ``TPS_BENCH_ROWS`` (default 820,161) and
    ``TPS_BENCH_CHANGED`` (0 skips the re-import with every DPT changed)."""
    from bench.common import row

    args = argparse.Namespace(
        runs=int(os.environ.get("TPS_BENCH_RUNS", 3)),
        rows=int(os.environ.get("TPS_BENCH_ROWS", NATIONAL_TPS)),
        changed=os.environ.get("TPS_BENCH_CHANGED", "1") != "0",
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
    create_reference_table()
    # Autovacuum would vacuum and analyse the 820,161 rows one side wrote while the next side
    # runs on the same two cores (measured: whichever side ran first in a run, after the
    # previous run's writes, was the slow one); it is no part of either side's work.
    autovacuum(False)

    def stored(table: str) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {table}")
            return cursor.fetchone()[0]

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
        copy_cpu: list[tuple[float, float | None]] = []
        import_cpu: list[tuple[float, float | None]] = []
        unused: list[tuple[float, float | None]] = []
        for run_number in range(1, args.runs + 1):
            load = os.getloadavg()[0]
            # Alternated order: neither side always runs on a warmer (or busier) machine.
            order = ("copy", "import") if run_number % 2 else ("import", "copy")
            for side in order:
                # Only the table this side fills: the re-import below always finds the TPS
                # table full, whichever side went first.
                truncate(REFERENCE_TABLE if side == "copy" else PollingStation._meta.db_table)
                if side == "copy":
                    copies.append(plain_copy(copy_path, copy_cpu))
                    assert stored(REFERENCE_TABLE) == args.rows
                else:
                    imports.append(timed_import(csv_path, election.slug, import_cpu))
                    assert PollingStation.objects.count() == args.rows
            reimports.append(timed_import(csv_path, election.slug, import_cpu))
            assert PollingStation.objects.count() == args.rows
            ratios.append(imports[-1] / copies[-1])
            print(
                f"run {run_number} (load average {load:.1f} -> {os.getloadavg()[0]:.1f} on "
                f"{os.cpu_count()} CPUs, {' then '.join(order)}): "
                f"psql \\copy {copies[-1]:.2f} s | manage.py import_tps {imports[-1]:.2f} s "
                f"(x{ratios[-1]:.2f}) | re-import {reimports[-1]:.2f} s",
                flush=True,
            )
            print(f"  CPU seconds, client + PostgreSQL: {_cpu_text(copy_cpu[-1], import_cpu[-1])}")
        changed = None
        if args.changed:
            # A KPU update: the same TPS with every DPT changed, imported over the full table.
            changed_path = Path(work) / "tps_nasional_dpt_baru.csv"
            generate(changed_path, Path(work) / "unused.copy", election.pk, villages, args.rows, 1)
            changed = timed_import(changed_path, election.slug, unused)
            print(
                f"re-import with every DPT changed ({args.rows:,} UPDATEs): {changed:.2f} s "
                f"(load average {os.getloadavg()[0]:.1f})",
                flush=True,
            )
    copy_s, import_s, ratio = (statistics.median(x) for x in (copies, imports, ratios))
    print(
        f"median of {args.runs} runs: psql \\copy {copy_s:.2f} s, import_tps {import_s:.2f} s "
        f"(target <= 60 s), import/COPY ratio {ratio:.2f} (target <= {RATIO_TARGET:.2f}), "
        f"re-import of the same file {statistics.median(reimports):.2f} s",
        flush=True,
    )
    truncate()
    autovacuum(True)
    label = f"TPS import {args.rows:,} rows"
    rows = [
        row(
            f"{label}: import_tps vs psql \\copy",
            import_s,
            "s",
            RATIO_TARGET,
            reference=copy_s,
            ratio=ratio,
        ),
        row(f"{label}: import_tps wall time", import_s, "s", 60.0),
        row(f"{label}: re-import, same file", statistics.median(reimports), "s", None),
    ]
    if changed is not None:
        rows.append(row(f"{label}: re-import, every DPT changed", changed, "s", None))
    return rows
