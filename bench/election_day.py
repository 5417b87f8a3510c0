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
HTTP_RATE = int(os.environ.get("ELECTION_DAY_HTTP_RATE", "100"))
HTTP_SECONDS = int(os.environ.get("ELECTION_DAY_HTTP_SECONDS", "30"))
GUNICORN_WORKERS = int(os.environ.get("ELECTION_DAY_GUNICORN_WORKERS", "3"))
WORKERS = int(os.environ.get("ELECTION_DAY_WORKERS", "1"))
INCIDENT_RATE = 0.005
TARGETS = {"rate": 500, "national": 1000, "polda": 200, "http_p95": 200}


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


def _server_cpu_seconds(pid: int) -> float:
    """CPU time of one PostgreSQL backend (same machine), from /proc."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


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
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    server_cpu = _server_cpu_seconds(backend)
    cpu = time.process_time()
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
    cpu = time.process_time() - cpu
    server_cpu = _server_cpu_seconds(backend) - server_cpu
    queue.put((worker, len(plan), elapsed, rss_start, _rss_mb(), cpu, server_cpu))


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
    for worker, count, elapsed, rss_start, rss_end, cpu, server_cpu in sorted(results):
        per_report = (cpu + server_cpu) / count * 1000
        print(
            f"process {worker}: {count:,} reports in {elapsed:.1f} s = {count / elapsed:,.0f}/s; "
            f"peak RSS {rss_start:.0f} MB at start, {rss_end:.0f} MB at end; CPU per report "
            f"{cpu / count * 1000:.2f} ms Python + {server_cpu / count * 1000:.2f} ms "
            f"PostgreSQL = {per_report:.2f} ms, i.e. {2000 / per_report:,.0f}/s on two free "
            "cores (the machine is shared: wall-clock rates depend on its load)",
            flush=True,
        )
    rate = total / wall
    print(f"load average at the end: {os.getloadavg()[0]:.1f} (2 cores)", flush=True)
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
    _http(operation=operation, polda=polda)
    started = time.perf_counter()
    clear_exercise(operation=operation)
    print(f"clear_exercise of {total:,} reports: {time.perf_counter() - started:.1f} s", flush=True)
    from bench.common import row

    def p95(times):
        return sorted(times)[min(len(times) - 1, int(0.95 * len(times)))] if times else 0.0

    return [
        row("reports/s overall", rate, "/s", TARGETS["rate"], better="higher"),
        row("national summary p95 while reports flow", p95(national), "ms", TARGETS["national"]),
        row(
            f"{polda.short_name} summary p95 while reports flow",
            p95(regional),
            "ms",
            TARGETS["polda"],
        ),
    ]


# --- HTTP: the phone endpoint under gunicorn -------------------------------------------------


def _field_sessions(operation, polda, count=20) -> list[tuple[str, list[int]]]:
    """``count`` field officers of the Polda, each with a plotting group of 7 TPS, signed
    in: (session cookie, their TPS ids)."""
    from django.test import Client

    from agencies.models import Agency
    from polling_stations.models import (
        FieldAccount,
        PlottingAssignment,
        PlottingGroup,
        PollingStation,
    )
    from polling_stations.services.field_accounts import create_field_accounts

    sessions = []
    polseks = Agency.objects.filter(kind=Agency.Kind.POLSEK, path__startswith=polda.path)
    for polsek in polseks[:count]:
        stations = list(
            PollingStation.objects.filter(polsek=polsek, election__operations=operation)[:7]
        )
        group, _ = PlottingGroup.objects.get_or_create(
            operation=operation, polsek=polsek, number=900, defaults={"category": "rawan"}
        )
        for station in stations:
            PlottingAssignment.objects.get_or_create(group=group, polling_station=station)
        create_field_accounts(operation=operation, unit=polsek)
        client = Client()
        client.force_login(FieldAccount.objects.get(group=group).user)
        sessions.append((client.cookies["sessionid"].value, [s.pk for s in stations]))
    return sessions


def _http(*, operation, polda) -> None:
    import http.client
    import subprocess
    import sys
    from concurrent.futures import ThreadPoolExecutor
    from pathlib import Path
    from urllib.parse import urlencode

    from django.utils import timezone

    from polling_stations.models.election_day import PHASES

    sessions = _field_sessions(operation, polda)
    if not sessions:
        print("HTTP: no Polsek to sign field officers in", flush=True)
        return
    port = 18000 + os.getpid() % 1000
    root = Path(__file__).resolve().parent.parent
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "config.wsgi",
            "--workers",
            str(GUNICORN_WORKERS),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=root,
    )
    token = "b" * 32  # an unmasked CSRF secret, sent as cookie and header alike
    rng = random.Random(5)

    def post(index: int) -> tuple[int, float]:
        session, stations = sessions[index % len(sessions)]
        body = urlencode(
            {
                "client_id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "polling_station": rng.choice(stations),
                "phase": rng.choice(PHASES).value,
                "status": "aman",
                "reported_at": timezone.now().isoformat(),
            }
        )
        started = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request(
            "POST",
            "/lapangan/lapor/",
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"sessionid={session}; csrftoken={token}",
                "X-CSRFToken": token,
            },
        )
        status = connection.getresponse().status
        connection.close()
        return status, (time.perf_counter() - started) * 1000

    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=2).request("GET", "/masuk/")
                break
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.5)
        total = HTTP_RATE * HTTP_SECONDS
        results = []
        with ThreadPoolExecutor(max_workers=64) as pool:
            futures = []
            started = time.monotonic()
            for index in range(total):
                # Open loop: requests leave on schedule whatever the answers' speed.
                delay = started + index / HTTP_RATE - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
                futures.append(pool.submit(post, index))
            results = [future.result() for future in futures]
        wall = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    statuses = {}
    for status, _ in results:
        statuses[status] = statuses.get(status, 0) + 1
    print(
        f"HTTP under gunicorn ({GUNICORN_WORKERS} workers): {len(results):,} reports at "
        f"{HTTP_RATE}/s offered, {len(results) / wall:.0f}/s done; statuses {statuses}",
        flush=True,
    )
    _describe("HTTP report latency", [ms for _, ms in results], TARGETS["http_p95"])
