"""Prints locust's CSV statistics as one table per page and the closing summary line, and
keeps that line's figures in var/loadtest-summary.json for `make bench`'s closing table."""

import csv
import datetime
import json
import os
import sys
from pathlib import Path

SUMMARY = Path(__file__).resolve().parents[2] / "var" / "loadtest-summary.json"


def _ms(value: str) -> float:
    """A locust percentile: "N/A" (no request of that page in the window) reads as 0."""
    try:
        return float(value or 0)
    except ValueError:
        return 0.0


def totals(stats_csv: str | Path) -> dict:
    """The whole run's figures: the ``Aggregated`` row of locust's statistics."""
    with open(stats_csv, newline="") as handle:
        total = next(row for row in csv.DictReader(handle) if row["Name"] == "Aggregated")
    return {
        "p95_ms": _ms(total["95%"]),
        "p99_ms": _ms(total["99%"]),
        "failures": int(total["Failure Count"]),
        "requests": int(total["Request Count"]),
        "requests_per_s": float(total["Requests/s"]),
    }


def print_pages(stats_csv: str) -> dict:
    """The per-page table, slowest p95 first, and the whole run's row; returns that row."""
    with open(stats_csv, newline="") as handle:
        rows = list(csv.DictReader(handle))
    pages = [row for row in rows if row["Name"] != "Aggregated" and int(row["Request Count"])]
    total = next(row for row in rows if row["Name"] == "Aggregated")
    print(f"{'page':<34} {'method':<6} {'requests':>8} {'fail':>5} {'req/s':>7} "
          f"{'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}")  # fmt: skip
    for row in sorted(pages, key=lambda r: -_ms(r["95%"])):
        print(
            f"{row['Name'][:34]:<34} {row['Type']:<6} {row['Request Count']:>8} "
            f"{row['Failure Count']:>5} {float(row['Requests/s']):>7.1f} {row['50%']:>7} "
            f"{row['95%']:>7} {row['99%']:>7}"
        )
    print(
        f"{'all':<34} {'':<6} {total['Request Count']:>8} {total['Failure Count']:>5} "
        f"{float(total['Requests/s']):>7.1f} {total['50%']:>7} {total['95%']:>7} {total['99%']:>7}"
    )
    return total


def main(stats_csv: str) -> int:
    total = print_pages(stats_csv)
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


TARGET_P95_MS = 300
STEPS = SUMMARY.with_name("loadtest-steps.json")


def step(users: str, stats_csv: str) -> int:
    """Each step's per-page table and one line, as it ends."""
    print_pages(stats_csv)
    figures = totals(stats_csv)
    print(
        f"{users:>4} users: {figures['requests_per_s']:6.1f} req/s, "
        f"p95 {figures['p95_ms']:.0f} ms, p99 {figures['p99_ms']:.0f} ms, "
        f"failures {figures['failures']} "
        f"(load average {os.getloadavg()[0]:.1f})",
        flush=True,
    )
    return 0


def steps(folder: str, *users: str) -> int:
    """The largest number of users served within p95 300 ms and no failure, kept in
    var/loadtest-steps.json beside every step's figures."""
    figures = {int(n): totals(Path(folder) / f"step-{n}_stats.csv") for n in users}
    within = [
        n
        for n, f in figures.items()
        if f["p95_ms"] <= TARGET_P95_MS and f["failures"] == 0 and f["requests"]
    ]
    largest = max(within, default=0)
    print(f"largest within p95 {TARGET_P95_MS} ms and no failure: {largest} users")
    STEPS.parent.mkdir(parents=True, exist_ok=True)
    record = {
        "largest_users": largest,
        "seconds": int(os.environ.get("LOADTEST_SECONDS", 300)),
        "data": os.environ.get("LOADTEST_DATA", "demo"),
        "steps": {str(n): f for n, f in figures.items()},
        "finished_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
    }
    STEPS.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    if sys.argv[1] == "--step":
        sys.exit(step(sys.argv[2], sys.argv[3]))
    if sys.argv[1] == "--steps":
        sys.exit(steps(sys.argv[2], *sys.argv[3:]))
    sys.exit(main(sys.argv[1]))
