"""``make bench``: runs the benchmarks in this folder on PostgreSQL.

Every module ``bench/<name>.py`` (not starting with ``_``) that defines ``run(args)`` is a
benchmark; ``make bench BENCH_ARGS="tps_import --runs 5"`` runs one with its own options.
``.ci/with-services`` provides DATABASE_URL; the database is created and migrated here.
"""

import argparse
import importlib
import os
import sys
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def available() -> list[str]:
    return sorted(
        path.stem
        for path in Path(__file__).parent.glob("*.py")
        if not path.stem.startswith("_") and path.stem != "run"
    )


def ensure_database(url: str) -> None:
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin_url = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("benchmark", nargs="?", choices=available(), help="default: all")
    args, rest = parser.parse_known_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        print("Benchmarks run on PostgreSQL: use `make bench` (DATABASE_URL).", file=sys.stderr)
        return 2
    ensure_database(url)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("AXES_ENABLED", "false")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    for name in [args.benchmark] if args.benchmark else available():
        print(f"\n=== {name} ===", flush=True)
        importlib.import_module(f"bench.{name}").run(rest)
    return 0


if __name__ == "__main__":
    sys.exit(main())
