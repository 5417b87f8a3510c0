"""Voting day at national scale: field reports through the ingestion service while the
national and a Polda's situation summaries are read.

1. Loads (as ``tps_queries`` does, reused) the 820,161 TPS over the real villages and a
   police tree covering the country.
2. Service: ``ELECTION_DAY_REPORTS`` reports (default 100,000; the national peak is about
   4.9 million) over TPS sampled across the country, through ``record_field_reports`` in
   the phones' batch size (``ELECTION_DAY_BATCH``, 7: a plotting group's TPS reporting a
   phase), 0.5 % of them incidents (severity 2-3 ones alert their posko and queue an e-mail
   job in Redis), in ``ELECTION_DAY_WORKERS`` processes (2, one per core). Each process
   loads its TPS a slice at a time, so its memory says whether the ingestion's is flat.
   Meanwhile the parent times, every second, the national summary and the largest Polda's,
   each beside the previous way of counting (one aggregate over the TPS states), run
   alternately: the ratio is what the area counters buy under the same load.
3. HTTP: see ``election_day_http`` (``make bench BENCH_ARGS="election_day
   election_day_http"`` runs both).

Prints ``RESULT, <figure>, <value>, <target>, <ratio to target>, load <1-min average>``
lines for the lead's table (ratio > 1 is better than the target for a rate, < 1 for a time).
"""

import multiprocessing
import os
import random
import resource
import statistics
import time
import uuid
from pathlib import Path

from bench.common import row

# "peak": the whole national peak after H-1 (prefilled): every TPS reports the six phases of
# H and H+1, 820,161 x 6 = 4,920,966 reports, every TPS of the country split between the
# feeding processes. A number: that many reports over a sample of the TPS, all seven phases.
PEAK = os.environ.get("ELECTION_DAY_REPORTS", "") == "peak"
REPORTS = 0 if PEAK else int(os.environ.get("ELECTION_DAY_REPORTS", "100000"))
BATCH = int(os.environ.get("ELECTION_DAY_BATCH", "7"))
WORKERS = int(os.environ.get("ELECTION_DAY_WORKERS", "2"))
INCIDENT_RATE = 0.005
# TPS loaded at once by a feeding process.
SLICE = 7_000
ROOT = Path(__file__).resolve().parent.parent


def _load() -> float:
    return os.getloadavg()[0]


ROWS: list[dict] = []


def result(figure: str, value: float, target: str, ratio: float | None, unit: str = "") -> None:
    """Prints the figure and keeps it as a row of `make bench`'s closing table
    (``target`` reads ">= 500" or "<= 1000")."""
    ratio_text = f"{ratio:.2f}" if ratio is not None else "-"
    print(
        f"RESULT, {figure}, {value:,.1f}{unit}, {target}, {ratio_text}, load {_load():.1f}",
        flush=True,
    )
    comparison, _, limit = target.partition(" ")
    better = "higher" if comparison == ">=" else "lower"
    number = float(limit.replace(",", "")) if limit else None
    ROWS.append(row(figure, value, unit.strip() or "", number, better=better))


def setup():
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


def _server_cpu_seconds(pid: int) -> float:
    """CPU time of one PostgreSQL backend (same machine), from /proc."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _rss_mb() -> float:
    """Resident memory now (not the peak: flat memory is about now against the start)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- 2. The ingestion service ---------------------------------------------------------------


def _feed(worker: int, station_ids: list[int], count: int, queue) -> None:
    """One feeding process: ``count`` reports through the service in batches of BATCH,
    the reports of BATCH neighbouring TPS for one phase per batch, timed (at the peak,
    every phase but the prefilled H-1 one for each of its TPS)."""
    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone

    from operations.models import Operation
    from polling_stations.models import PollingStation
    from polling_stations.models.election_day import PHASES, IncidentType
    from polling_stations.services.election_day import (
        IncidentInput,
        ReportInput,
        record_field_reports,
    )

    rng = random.Random(worker)
    operation = Operation.objects.get(slug="bench-mantap-brata")
    types = list(IncidentType.objects.all())
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    rss_start = rss_mid = _rss_mb()
    server_cpu = _server_cpu_seconds(backend)
    cpu = time.process_time()
    started = time.perf_counter()
    sent = 0
    for offset in range(0, len(station_ids), SLICE):
        if sent >= count:
            break
        ids = station_ids[offset : offset + SLICE]
        stations = list(
            PollingStation.objects.filter(pk__in=ids)
            .only("pk", "election_id", "village_id", "polsek_id", "number")
            .order_by("pk")
        )
        groups = [stations[i : i + BATCH] for i in range(0, len(stations), BATCH)]
        phases = PHASES[1:] if PEAK else PHASES
        batches = [(group, phase) for phase in phases for group in groups]
        rng.shuffle(batches)
        now = timezone.now()
        for group, phase in batches:
            if sent >= count:
                break
            reports = []
            for station in group[: count - sent]:
                incident = None
                if rng.random() < INCIDENT_RATE:
                    incident = IncidentInput(
                        incident_type=rng.choice(types),
                        severity=rng.choice((1, 1, 2, 3)),
                        description="Insiden uji beban.",
                    )
                reports.append(
                    ReportInput(
                        client_id=uuid.UUID(int=rng.getrandbits(128), version=4),
                        polling_station=station,
                        phase=phase.value,
                        reported_at=now,
                        incident=incident,
                    )
                )
            outcomes = record_field_reports(operation=operation, reports=reports, is_exercise=True)
            assert not any(o.errors for o in outcomes), [o.errors for o in outcomes]
            sent += len(reports)
        if offset == 0:
            rss_mid = _rss_mb()  # after the first slice: the caches are warm
        if offset // SLICE % 10 == 9:  # a long run shows it is moving
            elapsed = time.perf_counter() - started
            print(
                f"process {worker}: {sent:,} of {count:,} reports in {elapsed:,.0f} s "
                f"({sent / elapsed:,.0f}/s), RSS {_rss_mb():.0f} MB, load {_load():.1f}",
                flush=True,
            )
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu
    server_cpu = _server_cpu_seconds(backend) - server_cpu
    queue.put((worker, sent, elapsed, rss_start, rss_mid, _rss_mb(), cpu, server_cpu))


def _timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def _describe(label: str, times: list[float], loads: list[float]) -> None:
    if not times:
        print(f"{label}: no samples", flush=True)
        return
    print(
        f"{label:<52} n={len(times):4d} median {statistics.median(times):7.1f} ms | "
        f"p95 {_percentile(times, 0.95):7.1f} ms | max {max(times):7.1f} ms | "
        f"load {min(loads):.1f}-{max(loads):.1f}",
        flush=True,
    )


def _states_summary(operation, unit) -> dict:
    """The previous way of counting: one aggregate over the unit's TPS states (the
    reference the counters are measured against)."""
    from django.db.models import Count, F, Q

    from polling_stations.models.election_day import PHASE_BIT, PHASES, StationStatus
    from polling_stations.selectors.election_day import unit_area

    bits = {f"bit_{phase}": F("phases").bitand(PHASE_BIT[phase]) for phase in PHASES}
    return (
        StationStatus.objects.filter(operation=operation)
        .filter(unit_area(unit))
        .annotate(**bits)
        .aggregate(
            reported=Count("pk"),
            safe=Count("pk", filter=Q(open_incidents=0, last_status="aman")),
            **{phase.value: Count("pk", filter=Q(**{f"bit_{phase}__gt": 0})) for phase in PHASES},
        )
    )


def _counters_part(operation, unit) -> None:
    """What the area counters replaced in the summary: their sum and the unsafe count."""
    from django.db.models import Sum

    from polling_stations.models.election_day import PHASES, UNSAFE, StationStatus
    from polling_stations.models.situation import AreaReportCount
    from polling_stations.selectors.election_day import unit_area

    area = unit_area(unit)
    AreaReportCount.objects.filter(operation=operation).filter(area).aggregate(
        reported=Sum("reported"), **{phase.value: Sum(phase.value) for phase in PHASES}
    )
    StationStatus.objects.filter(operation=operation).filter(area).filter(UNSAFE).count()


def _prefill(*, operation, election) -> None:
    """The peak comes after H-1: every TPS has reported its logistics already. One report
    and one state per TPS, written in SQL, then the counters recounted, so the summaries
    are timed over national-size tables (not over the few TPS this run feeds)."""
    from django.db import connection

    from polling_stations.models.election_day import PHASE_BIT
    from polling_stations.services.report_storage import recount_areas

    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute(
            """INSERT INTO polling_stations_fieldreport
                 (client_id, operation_id, polling_station_id, village_id, polsek_id, phase,
                  status, reported_at, received_at, is_exercise)
               SELECT gen_random_uuid(), %s, id, village_id, polsek_id, 'logistics_arrived',
                  'aman', now() - interval '1 day', now() - interval '1 day', true
               FROM polling_stations_pollingstation WHERE election_id = %s""",
            [operation.pk, election.pk],
        )
        cursor.execute(
            """INSERT INTO polling_stations_stationstatus
                 (operation_id, polling_station_id, village_id, polsek_id, phases, phases_before,
                  last_phase, last_status, last_reported_at, open_incidents, max_open_severity)
               SELECT %s, id, village_id, polsek_id, %s, 0, 'logistics_arrived', 'aman',
                  now() - interval '1 day', 0, 0
               FROM polling_stations_pollingstation WHERE election_id = %s""",
            [operation.pk, PHASE_BIT["logistics_arrived"], election.pk],
        )
        cursor.execute("ANALYZE polling_stations_fieldreport")
        cursor.execute("ANALYZE polling_stations_stationstatus")
    recount_areas(operation=operation)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE polling_stations_areareportcount")
    print(
        f"prefilled H-1 logistics for every TPS (reports, states, counters) in "
        f"{time.monotonic() - started:.1f} s; load {_load():.1f}",
        flush=True,
    )


def _ingest(*, operation, election, mabes, polda) -> None:
    from django.db import connections

    from polling_stations.models import PollingStation
    from polling_stations.selectors.election_day import situation_summary

    station_ids = list(
        PollingStation.objects.filter(election=election).values_list("pk", flat=True)
    )
    rng = random.Random(12)
    rng.shuffle(station_ids)
    if PEAK:
        needed = len(station_ids) // WORKERS
        per_worker = needed * 6
    else:
        per_worker = REPORTS // WORKERS
        # Enough TPS for each process's share with every phase reported.
        needed = min(len(station_ids) // WORKERS, per_worker // 7 + BATCH)
    # Disjoint TPS per process (two phones never report for the same TPS); sorted, so a
    # batch is neighbouring TPS.
    shares = [sorted(station_ids[n * needed : (n + 1) * needed]) for n in range(WORKERS)]
    print(
        f"feeding {per_worker * WORKERS:,} reports in {WORKERS} process(es), batches of {BATCH}, "
        f"over {needed * WORKERS:,} of the {len(station_ids):,} TPS; largest Polda: "
        f"{polda.short_name}; load {_load():.1f}",
        flush=True,
    )
    del station_ids
    for unit in (mabes, polda):
        situation_summary(operation=operation, unit=unit)  # the TPS count, cached
    connections.close_all()
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    processes = [
        context.Process(target=_feed, args=(n, shares[n], per_worker, queue))
        for n in range(WORKERS)
    ]
    started = time.perf_counter()
    for process in processes:
        process.start()
    samples = {
        key: []
        for key in (
            "national",
            "national_part",
            "national_ref",
            "polda",
            "polda_part",
            "polda_ref",
            "load",
        )
    }
    while any(process.is_alive() for process in processes):
        samples["load"].append(_load())
        samples["national"].append(
            _timed(lambda: situation_summary(operation=operation, unit=mabes))
        )
        samples["national_part"].append(_timed(lambda: _counters_part(operation, mabes)))
        samples["national_ref"].append(_timed(lambda: _states_summary(operation, mabes)))
        samples["polda"].append(_timed(lambda: situation_summary(operation=operation, unit=polda)))
        samples["polda_part"].append(_timed(lambda: _counters_part(operation, polda)))
        samples["polda_ref"].append(_timed(lambda: _states_summary(operation, polda)))
        time.sleep(1)
    wall = time.perf_counter() - started
    results = [queue.get() for _ in processes]
    for process in processes:
        process.join()
    total = sum(r[1] for r in results)
    rss_growth = []
    for worker, count, elapsed, rss_start, rss_mid, rss_end, cpu, server_cpu in sorted(results):
        per_report = (cpu + server_cpu) / count * 1000
        rss_growth.append(rss_end - rss_mid)
        print(
            f"process {worker}: {count:,} reports in {elapsed:.1f} s = {count / elapsed:,.0f}/s; "
            f"RSS {rss_start:.0f} MB at start, {rss_mid:.0f} MB after the first slice, "
            f"{rss_end:.0f} MB at the end; CPU per report {cpu / count * 1000:.3f} ms Python + "
            f"{server_cpu / count * 1000:.3f} ms PostgreSQL = {per_report:.3f} ms",
            flush=True,
        )
    cpu_per_report = sum((r[6] + r[7]) for r in results) / total * 1000
    load_during = statistics.mean(samples["load"]) if samples["load"] else _load()
    print(
        f"overall: {total:,} reports in {wall:.1f} s = {total / wall:,.0f} reports/s with a "
        f"mean load of {load_during:.1f} on 2 cores; CPU {cpu_per_report:.3f} ms per report "
        f"(Python + PostgreSQL), i.e. {2000 / cpu_per_report:,.0f}/s on two free cores",
        flush=True,
    )
    _describe("national summary (area counters)", samples["national"], samples["load"])
    _describe("national, counters' part (sum + unsafe)", samples["national_part"], samples["load"])
    _describe(
        "national, reference: aggregate over TPS states", samples["national_ref"], samples["load"]
    )
    _describe(f"{polda.short_name} summary (area counters)", samples["polda"], samples["load"])
    _describe(f"{polda.short_name}, counters' part", samples["polda_part"], samples["load"])
    _describe(f"{polda.short_name}, reference: TPS states", samples["polda_ref"], samples["load"])
    result(
        "service reports/s (wall clock, shared machine)", total / wall, ">= 500", total / wall / 500
    )
    result(
        "service reports/s on two free cores (CPU per report)",
        2000 / cpu_per_report,
        ">= 500",
        2000 / cpu_per_report / 500,
    )
    if samples["national"]:
        national = statistics.median(samples["national"])
        polda_ms = statistics.median(samples["polda"])
        result(
            "national summary while reports flow, median ms", national, "<= 1000", national / 1000
        )
        result(
            "national summary while reports flow, p95 ms",
            _percentile(samples["national"], 0.95),
            "<= 1000",
            _percentile(samples["national"], 0.95) / 1000,
        )
        result("Polda summary while reports flow, median ms", polda_ms, "<= 200", polda_ms / 200)
        result(
            "Polda summary while reports flow, p95 ms",
            _percentile(samples["polda"], 0.95),
            "<= 200",
            _percentile(samples["polda"], 0.95) / 200,
        )
        result(
            "Polda: counters' part / aggregate over TPS states (same run, alternately)",
            statistics.median(samples["polda_part"]) / statistics.median(samples["polda_ref"]),
            "< 1",
            None,
        )
        result(
            "national: counters' part / aggregate over TPS states (same run, alternately)",
            statistics.median(samples["national_part"])
            / statistics.median(samples["national_ref"]),
            "< 1",
            None,
        )
    result("feeding process RSS growth after the first slice, MB", max(rss_growth), "flat", None)
    final = situation_summary(operation=operation, unit=mabes)
    reference = _states_summary(operation, mabes)
    assert final["reported"] == reference["reported"], (final, reference)
    assert final["safe"] == reference["safe"], (final, reference)
    print(
        f"national summary after: {final['reported']:,} TPS reported (the TPS states agree), "
        f"{final['incidents_open_total']:,} incidents open",
        flush=True,
    )


def largest_polda(election):
    from django.db.models import Count

    from agencies.models import Agency
    from polling_stations.models import PollingStation

    polda_id = (
        PollingStation.objects.filter(election=election)
        .values("polsek__parent__parent")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()["polsek__parent__parent"]
    )
    return Agency.objects.get(pk=polda_id)


def main():
    from polling_stations.models.election_day import FieldReport
    from polling_stations.services.exercise import clear_exercise

    ROWS.clear()
    election, operation, mabes = setup()
    polda = largest_polda(election)
    FieldReport.objects.filter(operation=operation).delete()
    from polling_stations.services.report_storage import rebuild_station_status

    rebuild_station_status(operation=operation)
    if os.environ.get("ELECTION_DAY_PREFILL", "1") == "1":
        _prefill(operation=operation, election=election)
    _ingest(operation=operation, election=election, mabes=mabes, polda=polda)
    if os.environ.get("ELECTION_DAY_PREFILL", "1") != "1":
        started = time.perf_counter()
        cleared = clear_exercise(operation=operation)
        print(
            f"clear_exercise of {cleared:,} rows: {time.perf_counter() - started:.1f} s",
            flush=True,
        )
    return list(ROWS)
