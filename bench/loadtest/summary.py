"""Prints locust's CSV statistics as one table per page and the closing summary line."""

import csv
import sys


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
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
