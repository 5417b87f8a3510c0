"""Voting day at national scale: field reports through the ingestion service while the
national and a Polda's situation summaries are read.

Loads (as ``tps_queries`` does, reused) the 820,161 TPS over the real villages and a
police tree covering the country, then feeds ``ELECTION_DAY_REPORTS`` reports (default
100,000; the national peak is about 4.9 million) spread over random TPS and the seven
phases, 0.5 % of them incidents (severity 2-3 ones alert their posko and queue an
e-mail job in Redis), through ``record_field_report`` in ``ELECTION_DAY_WORKERS``
processes (default 1). Meanwhile the parent process times the national summary and the
summary of the largest Polda every second.

Figures: reports/s per process and overall (target >= 500/s), peak RSS of each feeding
process at the start and the end (flat memory), and the median/p95/max of the two
summaries while reports flow (targets 1 s national, 200 ms Polda).
"""

import multiprocessing
import os
import random
import resource
import statistics
import time
import uuid

REPORTS = int(os.environ.get("ELECTION_DAY_REPORTS", "100000"))
WORKERS = int(os.environ.get("ELECTION_DAY_WORKERS", "1"))
INCIDENT_RATE = 0.005
TARGETS = {"rate": 500, "national": 1000, "polda": 200}


def _setup():
    from agencies.models import Agency
    from bench.tps_queries import (
        ELECTION_SLUG,
        _ensure_police_tree,
        _ensure_regions,
        _ensure_stations,
    )
    from operations.models import Election, Operation
    from polling_stations.services.election_day import seed_incident_types

    _ensure_regions()
    _ensure_police_tree()
    election, _ = Election.objects.get_or_create(
        slug=ELECTION_SLUG,
        defaults={"name": "Pemilu 2024 (bench)", "kind": "pemilu", "voting_day": "2024-02-14"},
    )
    _ensure_stations(election)
    mabes = Agency.objects.get(slug="bench-mabes")
    operation, _ = Operation.objects.get_or_create(
        slug="bench-mantap-brata",
        defaults={
            "name": "Mantap Brata (bench)",
            "kind": "mantap_brata",
            "commanding_unit": mabes,
            "starts_on": "2023-10-19",
            "ends_on": "2024-10-20",
        },
    )
    operation.elections.add(election)
    seed_incident_types()
    return election, operation, mabes


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _feed(worker: int, count: int, station_ids: list[int], queue) -> None:
    """One feeding process: ``count`` reports through the service, timed."""
    import django

    django.setup()
    from django.utils import timezone

    from operations.models import Operation
    from polling_stations.models import PollingStation
    from polling_stations.models.election_day import PHASES, IncidentType
    from polling_stations.services.election_day import IncidentInput, record_field_report

    rng = random.Random(worker)
    operation = Operation.objects.get(slug="bench-mantap-brata")
    types = list(IncidentType.objects.all())
    sample = rng.sample(station_ids, min(len(station_ids), max(1, count // len(PHASES) + 1)))
    stations = {
        s.pk: s
        for s in PollingStation.objects.filter(pk__in=sample).only(
            "pk", "election_id", "village_id", "polsek_id", "number"
        )
    }
    plan = [(pk, phase) for pk in sample for phase in PHASES][:count]
    rng.shuffle(plan)
    rss_start = _rss_mb()
    started = time.perf_counter()
    now = timezone.now()
    for pk, phase in plan:
        incident = None
        if rng.random() < INCIDENT_RATE:
            incident = IncidentInput(
                incident_type=rng.choice(types),
                severity=rng.choice((1, 1, 2, 3)),
                description="Insiden uji beban.",
            )
        record_field_report(
            client_id=uuid.UUID(int=rng.getrandbits(128), version=4),
            operation=operation,
            polling_station=stations[pk],
            phase=phase.value,
            reported_at=now,
            incident=incident,
            is_exercise=True,
        )
    elapsed = time.perf_counter() - started
    queue.put((worker, len(plan), elapsed, rss_start, _rss_mb()))


def _timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def _describe(label, times, target):
    if not times:
        print(f"{label}: no samples", flush=True)
        return
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    verdict = "OK" if p95 <= target else "MISSED"
    print(
        f"{label:<44} n={len(times):3d} median {statistics.median(times):7.1f} ms | "
        f"p95 {p95:7.1f} ms | max {ordered[-1]:7.1f} ms | target {target} ms: {verdict}",
        flush=True,
    )


def main():
    from django.db import connections
    from django.db.models import Count

    from agencies.models import Agency
    from polling_stations.models import PollingStation
    from polling_stations.models.election_day import FieldReport
    from polling_stations.selectors.election_day import situation_summary
    from polling_stations.services.exercise import clear_exercise

    election, operation, mabes = _setup()
    polda_id = (
        PollingStation.objects.filter(election=election)
        .values("polsek__parent__parent")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()["polsek__parent__parent"]
    )
    polda = Agency.objects.get(pk=polda_id)
    station_ids = list(
        PollingStation.objects.filter(election=election).values_list("pk", flat=True)
    )
    FieldReport.objects.filter(operation=operation).delete()
    print(
        f"feeding {REPORTS:,} reports in {WORKERS} process(es) over {len(station_ids):,} TPS; "
        f"largest Polda: {polda.short_name}",
        flush=True,
    )
    connections.close_all()
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    per_worker = REPORTS // WORKERS
    processes = [
        context.Process(target=_feed, args=(n, per_worker, station_ids, queue))
        for n in range(WORKERS)
    ]
    started = time.perf_counter()
    for process in processes:
        process.start()
    national, regional = [], []
    while any(process.is_alive() for process in processes):
        national.append(_timed(lambda: situation_summary(operation=operation, unit=mabes)))
        regional.append(_timed(lambda: situation_summary(operation=operation, unit=polda)))
        time.sleep(1)
    wall = time.perf_counter() - started
    results = [queue.get() for _ in processes]
    for process in processes:
        process.join()
    total = sum(r[1] for r in results)
    for worker, count, elapsed, rss_start, rss_end in sorted(results):
        print(
            f"process {worker}: {count:,} reports in {elapsed:.1f} s = {count / elapsed:,.0f}/s; "
            f"peak RSS {rss_start:.0f} MB at start, {rss_end:.0f} MB at end",
            flush=True,
        )
    rate = total / wall
    print(
        f"overall: {total:,} reports in {wall:.1f} s = {rate:,.0f} reports/s "
        f"(target >= {TARGETS['rate']}/s: {'OK' if rate >= TARGETS['rate'] else 'MISSED'})",
        flush=True,
    )
    _describe("national summary while reports flow", national, TARGETS["national"])
    _describe(f"{polda.short_name} summary while reports flow", regional, TARGETS["polda"])
    final = situation_summary(operation=operation, unit=mabes)
    print(
        f"national summary after: {final['reported']:,} TPS reported, "
        f"{final['incidents_open_total']:,} incidents open",
        flush=True,
    )
    at_rest = _timed(lambda: situation_summary(operation=operation, unit=mabes))
    print(f"national summary at rest: {at_rest:.1f} ms", flush=True)
    started = time.perf_counter()
    clear_exercise(operation=operation)
    print(f"clear_exercise of {total:,} reports: {time.perf_counter() - started:.1f} s", flush=True)
