"""Runs Sinergi's benchmarks: `make bench` (all) or `make bench BENCH_ARGS="tps_import"`.

Each module in this folder with a `main()` is a benchmark. They need PostgreSQL
(`make bench` starts a throwaway one, as `make test` does), print their own figures as they go
and return them as rows (`bench/common.py`); this runner prints every row in one table at the
end and writes them to var/bench-results.json. Speed is measured here, never in timed tests.
"""

import importlib
import os
import pkgutil
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE.parent / "var" / "bench-results.json"
sys.path.insert(0, str(HERE.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def available() -> list[str]:
    modules = pkgutil.iter_modules([str(HERE)])
    return sorted(info.name for info in modules if info.name not in {"run", "common", "loadtest"})


def ensure_database() -> None:
    """.ci/with-services starts a bare cluster: create the database DATABASE_URL names."""
    from urllib.parse import urlparse

    import psycopg

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return
    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    with psycopg.connect(parsed._replace(path="/postgres").geturl(), autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def main(argv: list[str]) -> int:
    import django

    ensure_database()
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    names = argv or available()
    unknown = set(names) - set(available())
    if unknown:
        print(f"unknown benchmarks: {', '.join(sorted(unknown))}; available: {available()}")
        return 2
    from bench.common import load_average, loadtest_rows, table, write_results

    rows: list[dict] = []
    for name in names:
        module = importlib.import_module(f"bench.{name}")
        print(f"\n=== {name} ===", flush=True)
        started = time.monotonic()
        returned = module.main() or []
        for entry in returned:
            entry.setdefault("load", load_average())
            entry["name"] = f"{name}: {entry['name']}"
        rows += returned
        print(f"--- {name} done in {time.monotonic() - started:.1f} s", flush=True)
    # The load test needs the production stack and runs on its own (`make loadtest`): its last
    # figures join the table, with the date and load average of that run.
    if not argv:
        rows += [
            {**entry, "name": f"loadtest: {entry['name']}"}
            for entry in loadtest_rows(RESULTS.parent)
        ]
    print(f"\n=== {len(rows)} figures (load average now {load_average():.1f}) ===")
    print(table(rows), flush=True)
    write_results(rows, RESULTS)
    print(f"written to {RESULTS.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
