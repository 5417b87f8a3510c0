"""The rows every benchmark returns, and the closing table `bench/run.py` prints from them.

A row is a dict: ``name``, ``figure``, ``unit``, ``target`` and ``ratio``, optionally
``reference`` (the figure of the same work done the plain way, measured alternately in the
same run), ``better`` ("lower", the default, or "higher") and ``load`` (the load average when
it was measured). With a ``reference`` the target is relative: ``ratio`` is figure/reference
and must stay within ``target`` (the import within 1.25x of a plain COPY). Without one,
``ratio`` is figure/target and 1.00 is the limit. A row without a target is a figure to read,
not to judge.
"""

import json
import os
from pathlib import Path


def load_average() -> float:
    return os.getloadavg()[0]


def row(
    name: str,
    figure: float,
    unit: str,
    target: float | None,
    *,
    reference: float | None = None,
    ratio: float | None = None,
    better: str = "lower",
) -> dict:
    """One figure of the closing table; ``ratio`` defaults to figure/reference (when given)
    or figure/target. Pass ``ratio`` where a better one was measured (the median of
    alternated ratios rather than the ratio of medians)."""
    if ratio is None:
        if reference:
            ratio = figure / reference
        elif target:
            ratio = figure / target
    return {
        "name": name,
        "figure": figure,
        "unit": unit,
        "target": target,
        "reference": reference,
        "ratio": ratio,
        "better": better,
        "load": load_average(),
    }


def verdict(entry: dict) -> str:
    target, ratio = entry.get("target"), entry.get("ratio")
    if target == 0 and entry.get("reference") is None:  # none allowed (failures)
        return "OK" if entry["figure"] <= 0 else "OVER"
    if target is None or ratio is None:
        return "-"
    limit = target if entry.get("reference") is not None else 1.0
    if entry.get("better", "lower") == "higher":
        return "OK" if ratio >= limit else "OVER"
    return "OK" if ratio <= limit else "OVER"


def _number(value: float | None) -> str:
    if value is None:
        return "-"
    if isinstance(value, int):
        return f"{value:,}"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.2f}"


def _target(entry: dict) -> str:
    target = entry.get("target")
    if target is None:
        return "-"
    if entry.get("reference") is not None:
        return f"x{target:.2f} ref"
    sign = ">=" if entry.get("better") == "higher" else "<="
    return f"{sign} {_number(target)}"


def table(entries: list[dict]) -> str:
    """The closing table, one line a figure."""
    header = (
        f"{'benchmark':<58} {'figure':>10} {'unit':<8} {'target':>11} {'reference':>10} "
        f"{'ratio':>6} {'':<4} {'load':>5}"
    )
    lines = [header, "-" * len(header)]
    for entry in entries:
        ratio = entry.get("ratio")
        lines.append(
            f"{entry['name'][:58]:<58} {_number(entry['figure']):>10} {entry['unit']:<8} "
            f"{_target(entry):>11} {_number(entry.get('reference')):>10} "
            f"{'-' if ratio is None else f'{ratio:.2f}':>6} {verdict(entry):<4} "
            f"{_number(entry.get('load')):>5}"
        )
    return "\n".join(lines)


def write_results(entries: list[dict], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = [{**entry, "verdict": verdict(entry)} for entry in entries]
    path.write_text(json.dumps(rows, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def loadtest_rows(folder: Path) -> list[dict]:
    """The last `make loadtest` run's p95 and failures (var/loadtest-summary.json, written by
    bench/loadtest/summary.py; else the locust CSV it read), or nothing if it never ran.
    Targets (issue 9): p95 at most 300 ms, no failure."""
    summary = folder / "loadtest-summary.json"
    stats = folder / "loadtest" / "locust_stats.csv"
    if summary.exists():
        figures = json.loads(summary.read_text(encoding="utf-8"))
    elif stats.exists():
        from bench.loadtest.summary import totals

        figures = {**totals(stats), "load": None, "finished_at": "?", "users": "?", "seconds": "?"}
    else:
        return []
    label = (
        f"load test ({figures['users']} users, {figures['seconds']} s, {figures['finished_at']})"
    )
    p95 = row(f"{label}: p95", figures["p95_ms"], "ms", 300.0)
    failures = row(f"{label}: failures", figures["failures"], "requests", 0.0)
    for entry in (p95, failures):
        entry["load"] = figures["load"]
    return [p95, failures]
