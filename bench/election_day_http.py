"""Voting day over HTTP: phone reports through the real endpoint under the stack started as
``make serve`` starts it, at a fixed rate, open loop.

Loads what ``election_day`` loads (the 820,161 TPS, the police tree, the operation), starts
``.ci/serve production`` (gunicorn as config/gunicorn.conf.py sets it, the Celery worker
and beat; log in ``var/bench-election-day-serve.log``), signs in
``ELECTION_DAY_HTTP_OFFICERS`` (20) field officers of the largest Polda through the login
form (behind ``X-Forwarded-Proto: https``, as the balancer sends), then an asyncio generator
sends ``ELECTION_DAY_HTTP_RATE`` (100) reports/s for ``ELECTION_DAY_HTTP_SECONDS`` (60),
``ELECTION_DAY_HTTP_BATCH`` per request (``1,7``: each in turn). The schedule is computed
before the start and each latency runs from the request's scheduled time to the last byte
of the answer, so queueing in the server or the generator cannot hide (no coordinated
omission). Prints
p50/p95/p99, failures, the RSS of the whole stack at the start and the end, and the CPU
each request cost the web server (gunicorn's processes) and PostgreSQL (the backends of
the stack, by their application name), which a machine shared with other work does not
inflate as it does the latencies.
"""

import asyncio
import os
import random
import subprocess
import time
import uuid

from bench.election_day import ROOT, ROWS, _load, _percentile, largest_polda, result, setup

HTTP_RATE = int(os.environ.get("ELECTION_DAY_HTTP_RATE", "100"))
HTTP_SECONDS = int(os.environ.get("ELECTION_DAY_HTTP_SECONDS", "60"))
HTTP_OFFICERS = int(os.environ.get("ELECTION_DAY_HTTP_OFFICERS", "20"))
# Reports per request: 1 is a tap sent while online (the hardest case); a phone back from a
# spell without signal sends its queue, up to 50.
HTTP_BATCHES = [int(n) for n in os.environ.get("ELECTION_DAY_HTTP_BATCH", "1,7").split(",")]


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                ppid = int(stat.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        found.append(pid)
        stack.extend(children.get(pid, []))
    return found


def _tree_rss_mb(root: int) -> float:
    total = 0
    for pid in _descendants(root):
        try:
            with open(f"/proc/{pid}/status") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


# The stack's PostgreSQL connections carry this name, so that their CPU can be told apart.
APPLICATION_NAME = "sinergi-bench-http"


def _cpu_seconds(pids) -> float:
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def _web_processes(root: int) -> list[int]:
    found = []
    for pid in _descendants(root):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
                if b"gunicorn" in cmdline.read():
                    found.append(pid)
        except OSError:
            continue
    return found


def _backends() -> set[int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE application_name = %s", [APPLICATION_NAME]
        )
        return {pid for (pid,) in cursor.fetchall()}


def _with_application_name(url: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}application_name={APPLICATION_NAME}"


def _field_officers(operation, polda, count: int) -> list[tuple[str, str, list[int]]]:
    """``count`` field officers of the Polda, each with a plotting group of 7 TPS:
    (username, password, their TPS ids)."""
    from agencies.models import Agency
    from polling_stations.models import (
        FieldAccount,
        PlottingAssignment,
        PlottingGroup,
        PollingStation,
    )
    from polling_stations.services.field_accounts import create_field_accounts

    FieldAccount.objects.filter(group__operation=operation, group__number=900).delete()
    officers = []
    polseks = Agency.objects.filter(kind=Agency.Kind.POLSEK, path__startswith=polda.path)
    for polsek in polseks.order_by("pk")[:count]:
        stations = list(
            PollingStation.objects.filter(polsek=polsek, election__operations=operation)[:7]
        )
        group, _ = PlottingGroup.objects.get_or_create(
            operation=operation, polsek=polsek, number=900, defaults={"category": "rawan"}
        )
        for station in stations:
            PlottingAssignment.objects.get_or_create(group=group, polling_station=station)
        for account in create_field_accounts(operation=operation, unit=polsek):
            if account.group == group:
                officers.append((account.username, account.password, [s.pk for s in stations]))
    return officers


def _sign_in(base: str, username: str, password: str) -> tuple[str, str]:
    """Signs in through the login form as a phone does (behind the balancer's https):
    (cookie header, CSRF token of the field page)."""
    import re

    import requests

    # The cookies are Secure (https behind the balancer): kept by hand, since a cookie
    # jar would not send them over the plain loopback connection.
    headers = {"X-Forwarded-Proto": "https"}
    secure = base.replace("http://", "https://", 1)
    jar: dict[str, str] = {}
    page = requests.get(f"{base}/masuk/", headers=headers, timeout=30)
    jar.update(page.cookies.items())
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    signed = requests.post(
        f"{base}/masuk/",
        {"username": username, "password": password, "csrfmiddlewaretoken": token},
        headers={**headers, "Referer": f"{secure}/masuk/"},
        cookies=jar,
        allow_redirects=False,
        timeout=30,
    )
    jar.update(signed.cookies.items())
    assert signed.status_code == 302, f"sign-in of {username} answered {signed.status_code}"
    field = requests.get(f"{base}/lapangan/", headers=headers, cookies=jar, timeout=30)
    assert field.status_code == 200, f"field page answered {field.status_code}"
    jar.update(field.cookies.items())
    csrf = re.search(r'data-csrf="([^"]+)"', field.text).group(1)
    return "; ".join(f"{name}={value}" for name, value in jar.items()), csrf


async def _open_loop(port: int, requests_: list[tuple[float, bytes]]) -> list[tuple[int, float]]:
    """Sends each request at its scheduled time (seconds from the start) on a connection of
    its own; answers (status, ms from the scheduled time to the last byte), status 0 for a
    failure to connect or read."""
    loop = asyncio.get_running_loop()
    start = loop.time() + 0.5

    async def one(at: float, raw: bytes) -> tuple[int, float]:
        await asyncio.sleep(max(0.0, start + at - loop.time()))
        try:
            reader, writer = await asyncio.wait_for(
                asyncio.open_connection("127.0.0.1", port), timeout=30
            )
            writer.write(raw)
            await writer.drain()
            answer = await asyncio.wait_for(reader.read(), timeout=60)
            writer.close()
            status = int(answer.split(b" ", 2)[1])
        except (TimeoutError, OSError, ValueError, IndexError):
            status = 0
        return status, (loop.time() - (start + at)) * 1000

    return await asyncio.gather(*(one(at, raw) for at, raw in requests_))


def _http(*, operation, polda) -> None:
    from polling_stations.models.election_day import PHASES

    officers = _field_officers(operation, polda, HTTP_OFFICERS)
    if not officers:
        print("HTTP: no Polsek to sign field officers in", flush=True)
        return
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **os.environ,
        "PORT": str(port),
        "DJANGO_ENV": "production",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY", uuid.uuid4().hex * 2),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": _with_application_name(os.environ["DATABASE_URL"]),
    }
    log = open(ROOT / "var" / "bench-election-day-serve.log", "w")  # noqa: SIM115
    server = subprocess.Popen(
        ["bash", ".ci/serve", "production"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        import requests

        deadline = time.monotonic() + 900  # collectstatic runs once on a fresh checkout
        while True:
            try:
                requests.get(f"{base}/masuk/", headers={"X-Forwarded-Proto": "https"}, timeout=5)
                break
            except requests.RequestException:
                assert server.poll() is None, "the production stack stopped: see var/"
                assert time.monotonic() < deadline, "the production stack did not start"
                time.sleep(1)
        sessions = [
            (_sign_in(base, username, password), stations)
            for username, password, stations in officers
        ]
        # Batch sizes in turn on the same stack, with a pause between for the queue to drain.
        for batch in HTTP_BATCHES:
            _run(port=port, server=server, sessions=sessions, batch=batch, phases=PHASES)
            time.sleep(10)
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=60)
        log.close()


def _run(*, port: int, server, sessions, batch: int, phases) -> None:
    import json
    from urllib.parse import urlencode

    from django.utils import timezone

    rng = random.Random(batch)  # new client ids for each batch size
    total = HTTP_RATE * HTTP_SECONDS // batch
    schedule = []
    for index in range(total):
        (cookies, csrf), stations = sessions[index % len(sessions)]
        reports = [
            {
                "client_id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "polling_station": rng.choice(stations),
                "phase": rng.choice(phases).value,
                "status": "aman",
                "reported_at": timezone.now().isoformat(),
            }
            for _ in range(batch)
        ]
        body = urlencode({"reports": json.dumps(reports)}).encode()
        head = (
            f"POST /lapangan/lapor/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            f"X-Forwarded-Proto: https\r\nReferer: https://127.0.0.1/lapangan/\r\n"
            f"Cookie: {cookies}\r\nX-CSRFToken: {csrf}\r\nAccept: application/json\r\n"
            f"Content-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
        ).encode()
        schedule.append((index * batch / HTTP_RATE, head + body))
    rss_start = _tree_rss_mb(server.pid)
    load_start = _load()
    web, backends = _web_processes(server.pid), _backends()
    web_cpu, database_cpu = _cpu_seconds(web), _cpu_seconds(backends)
    started = time.monotonic()
    answers = asyncio.run(_open_loop(port, schedule))
    wall = time.monotonic() - started
    web_cpu = _cpu_seconds(web) - web_cpu
    # A connection opened during the run spent all its CPU in it.
    opened = _backends() - backends
    database_cpu = _cpu_seconds(backends) - database_cpu + _cpu_seconds(opened)
    rss_end = _tree_rss_mb(server.pid)

    statuses: dict[int, int] = {}
    for status, _ in answers:
        statuses[status] = statuses.get(status, 0) + 1
    failures = sum(n for status, n in statuses.items() if status != 200)
    times = [ms for _, ms in answers]
    print(
        f"HTTP under .ci/serve production: {len(answers):,} requests of {batch} report(s) "
        f"scheduled at {HTTP_RATE} reports/s "
        f"by {len(sessions)} signed-in field officers, done in {wall:.1f} s; statuses "
        f"{statuses}; stack RSS {rss_start:.0f} MB at start, {rss_end:.0f} MB at end; "
        f"load {load_start:.1f} at start",
        flush=True,
    )
    for name, fraction in (("p50", 0.5), ("p95", 0.95), ("p99", 0.99)):
        value = _percentile(times, fraction)
        target = 200 if name == "p95" else None
        result(
            f"HTTP report latency {name} at {HTTP_RATE}/s, {batch} per request, "
            "ms from scheduled send",
            value,
            "<= 200" if target else "-",
            value / target if target else None,
        )
    for name, seconds in (("web (gunicorn)", web_cpu), ("PostgreSQL", database_cpu)):
        result(
            f"HTTP CPU per request of {batch} report(s), {name}, ms",
            1000 * seconds / len(answers),
            "-",
            None,
        )
    per_request = 1000 * (web_cpu + database_cpu) / len(answers)
    # 100 requests/s on two cores leave 20 ms of CPU each, half of it for everything else.
    result(
        f"HTTP CPU per request of {batch} report(s), web and PostgreSQL, ms",
        per_request,
        "<= 10",
        per_request / 10,
    )
    result("HTTP failures (non-200 or no answer)", failures, "0", None)
    result("HTTP stack RSS growth (gunicorn, worker, beat), MB", rss_end - rss_start, "flat", None)


def main():
    election, operation, _mabes = setup()
    (ROOT / "var").mkdir(exist_ok=True)
    ROWS.clear()
    _http(operation=operation, polda=largest_polda(election))
    return list(ROWS)
