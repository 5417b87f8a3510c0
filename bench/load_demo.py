"""`load_demo` on PostgreSQL: first load, and the second run that must change nothing.

Target (demo issue): a few seconds, so that `make run` stays quick.
"""

import time

from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.common import row


def _timed(label: str, function) -> float:
    with CaptureQueriesContext(connection) as queries:
        started = time.monotonic()
        function()
        elapsed = time.monotonic() - started
    print(f"{label}: {elapsed:.2f} s, {len(queries)} queries", flush=True)
    return elapsed


def main() -> list[dict]:
    from agencies.regions import import_regions
    from operations.demo import load_demo

    started = time.monotonic()
    import_regions()
    print(f"import_regions: {time.monotonic() - started:.2f} s", flush=True)
    first = _timed("load_demo, first run", load_demo)
    second = _timed("load_demo, second run", load_demo)
    # "A few seconds" for the first load; the second changes nothing and should cost little.
    return [
        row("load_demo, first run", first, "s", 5.0),
        row("load_demo, second run (no-op)", second, "s", 2.0),
    ]
