"""Prints locust's CSV statistics as one table per page and the closing summary line, and
keeps that line's figures in var/loadtest-summary.json for `make bench`'s closing table."""

import csv
import datetime
import json
import os
import sys
from pathlib import Path

SUMMARY = Path(__file__).resolve().parents[2] / "var" / "loadtest-summary.json"


def totals(stats_csv: str | Path) -> dict:
    """The whole run's figures: the ``Aggregated`` row of locust's statistics."""
    with open(stats_csv, newline="") as handle:
        total = next(row for row in csv.DictReader(handle) if row["Name"] == "Aggregated")
    return {
        "p95_ms": float(total["95%"] or 0),
        "p99_ms": float(total["99%"] or 0),
        "failures": int(total["Failure Count"]),
        "requests": int(total["Request Count"]),
        "requests_per_s": float(total["Requests/s"]),
    }


def main(stats_csv: str) -> int:
    with open(stats_csv, newline="") as handle:
        rows = list(csv.DictReader(handle))
    pages = [row for row in rows if row["Name"] != "Aggregated"]
    total = next(row for row in rows if row["Name"] == "Aggregated")
    print(f"{'page':<34} {'method':<6} {'requests':>8} {'fail':>5} {'req/s':>7} "
          f"{'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}")  # fmt: skip
    for row in sorted(pages, key=lambda r: -float(r["95%"] or 0)):
        print(
            f"{row['Name'][:34]:<34} {row['Type']:<6} {row['Request Count']:>8} "
            f"{row['Failure Count']:>5} {float(row['Requests/s']):>7.1f} {row['50%']:>7} "
            f"{row['95%']:>7} {row['99%']:>7}"
        )
    print(
        f"{'all':<34} {'':<6} {total['Request Count']:>8} {total['Failure Count']:>5} "
        f"{float(total['Requests/s']):>7.1f} {total['50%']:>7} {total['95%']:>7} {total['99%']:>7}"
    )
    print(f"p95 {total['95%']} ms, failures {total['Failure Count']}")
    SUMMARY.parent.mkdir(parents=True, exist_ok=True)
    figures = {
        **totals(stats_csv),
        "users": int(os.environ.get("LOADTEST_USERS", 50)),
        "seconds": int(os.environ.get("LOADTEST_SECONDS", 300)),
        "load": os.getloadavg()[0],
        "finished_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
    }
    SUMMARY.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
