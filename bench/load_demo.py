"""`load_demo` on PostgreSQL: first load, and the second run that must change nothing.

Target (demo issue): a few seconds, so that `make run` stays quick.
"""

import time

from django.db import connection
from django.test.utils import CaptureQueriesContext


def _timed(label: str, function) -> None:
    with CaptureQueriesContext(connection) as queries:
        started = time.monotonic()
        function()
        elapsed = time.monotonic() - started
    print(f"{label}: {elapsed:.2f} s, {len(queries)} queries", flush=True)


def main() -> None:
    from agencies.regions import import_regions
    from operations.demo import load_demo

    started = time.monotonic()
    import_regions()
    print(f"import_regions: {time.monotonic() - started:.2f} s", flush=True)
    _timed("load_demo, first run", load_demo)
    _timed("load_demo, second run", load_demo)
