"""`make serve`: gunicorn, a Celery worker and beat with DJANGO_ENV=production on the test
PostgreSQL (a database of its own) and Redis, used over HTTP as a balancer would."""

import http.client
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.http import Browser
from tests.processes import (
    BALANCER,
    processes_with,
    report_download,
    stack_parts,
    stack_processes,
)
from tests.processes import production_stack as serve
from tests.waiting import wait_until

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def production_stack(tmp_path_factory):
    """One installation for the module; the last test stops it."""
    with serve(tmp_path_factory.mktemp("serve"), redis_db=7) as stack:
        yield stack


def test_it_serves_signed_in_pages_through_gunicorn_with_a_worker(production_stack):
    browser = Browser(production_stack.url, headers=BALANCER)

    home = browser.log_in("operator.pasbar")
    reports_path = "/operasi/mantap-praja-singgalang-2024/laporan/?unit=polres-pasaman-barat"
    browser.post(
        "/operasi/mantap-praja-singgalang-2024/laporan/",
        {"unit": "polres-pasaman-barat"},
        referer_path=reports_path,
    )
    download = report_download(browser, reports_path, what="the worker building it from Redis")

    assert home.status == 200
    assert home.headers["Server"].startswith("gunicorn")
    assert "Selamat datang, Rahmat Hidayat" in home.text
    assert "Strict-Transport-Security" in home.headers
    assert browser.get(download).text.startswith("%PDF")


def test_it_moves_the_admin_to_the_configured_path(production_stack):
    browser = Browser(production_stack.url, headers=BALANCER)

    assert browser.get("/admin/").status == 404
    assert browser.get("/kendali-uji/").url.endswith("/kendali-uji/login/?next=/kendali-uji/")


def test_it_keeps_a_connection_open_through_a_users_pause(production_stack):
    address = urlsplit(production_stack.url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
    statuses = []
    for pause in (0, 3):
        # A user's pause between clicks: a connection closed by the server meanwhile
        # would make this second request fail with a reset, as under the load test.
        time.sleep(pause)
        connection.request("GET", "/masuk/", headers=BALANCER)
        response = connection.getresponse()
        response.read()
        statuses.append(response.status)
    connection.close()

    assert statuses == [200, 200]


SCHED_NORMAL, SCHED_IDLE = 0, 5


def test_it_runs_the_worker_only_on_cpu_time_the_pages_leave(production_stack):
    def priority(pid: int) -> tuple[int, int]:
        # /proc/<pid>/stat: the command sits in parentheses; nice is the 19th field, the
        # scheduling policy the 41st (5 is SCHED_IDLE, 0 the normal one).
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return int(fields[16]), int(fields[38])

    marker = production_stack.env["DATABASE_URL"]
    assert wait_until(
        lambda: stack_parts(marker) == {"web", "worker", "beat"}, timeout=60, what="all three"
    )
    by_part = {}
    for pid, part in stack_processes(marker).items():
        by_part.setdefault(part, set()).add(priority(pid))

    assert by_part["worker"] == {(10, SCHED_IDLE)}
    assert by_part["web"] == {(0, SCHED_NORMAL)}


def test_it_stops_web_worker_and_beat_together(production_stack):
    marker = production_stack.env["DATABASE_URL"]
    everything = {"web", "worker", "beat"}
    assert wait_until(
        lambda: stack_parts(marker) == everything, timeout=60, what="all three running"
    )

    production_stack.stop()

    # `make` returns at once; the script (which carries the marker too) goes on stopping
    # the three for up to STOP_SECONDS (20) by the clock, then kills what is left.
    gone = wait_until(
        lambda: not processes_with(marker), timeout=120, interval=0.5, what="every process gone"
    )
    assert gone is True
    assert "Sinergi stopped." in production_stack.log.read_text()
