"""Drill: Redis stops while jobs wait in it; pages keep working and the jobs run after."""

import os
import re
import signal
import time
from pathlib import Path

import pytest

from config.celery import app
from config.documents import build_document_task
from config.jobs import QueueUnavailable, enqueue
from tests.http import Browser, Page
from tests.processes import BALANCER, load_average, processes_with, production_stack
from tests.waiting import wait_until

from .outages import redis_stopped

pytestmark = [pytest.mark.drill, pytest.mark.slow]

UNIT = "polres-pasaman-barat"
# Two operations: a second request for the same one would get the queued one back.
QUEUED = "/operasi/mantap-praja-singgalang-2024/laporan/"
REFUSED = "/operasi/mantap-brata-2023-2024/laporan/"


def worker_group(stack) -> int:
    """The Celery worker's process group (its main process and its pool)."""
    for pid in processes_with(stack.env["DATABASE_URL"]):
        command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        if b"worker" in command and b"celery" in b" ".join(command) and os.getpgid(pid) == pid:
            return pid
    raise AssertionError("no Celery worker found")


def statuses(browser: Browser, reports: str) -> list[str]:
    return re.findall(r'data-status="(\w+)"', browser.get(f"{reports}?unit={UNIT}").text)


def request_report(browser: Browser, reports: str) -> tuple[Page, float]:
    """Asks for a report as the form does: the answer and the seconds the POST took (the
    form's CSRF token is fetched before the clock starts)."""
    referer = f"{reports}?unit={UNIT}"
    token = browser.csrf_token(referer)
    started = time.monotonic()
    answer = browser.post(reports, {"unit": UNIT}, referer_path=referer, token=token)
    return answer, time.monotonic() - started


def seconds_to_refuse() -> float:
    """How long queueing takes to give up on the stopped broker, timed in this process
    with the app's own ``enqueue``: apart from page rendering, which a loaded machine
    slows far more than a refused connection. The transport is loaded first, as the web
    processes load it at start (config.wsgi)."""
    app.connection_for_write().get_transport_cls()
    started = time.monotonic()
    with pytest.raises(QueueUnavailable):
        enqueue(build_document_task, args=["operations.readinessreport", 0])
    return time.monotonic() - started


def test_pages_work_new_jobs_are_refused_and_queued_jobs_run_after_redis_returns(tmp_path, say):
    with production_stack(tmp_path, redis_db=10) as stack:
        browser = Browser(stack.url, headers=BALANCER)
        browser.log_in("operator.pasbar")
        worker = worker_group(stack)
        # Held still, the worker cannot take the job before Redis goes: it stays queued.
        os.killpg(worker, signal.SIGSTOP)
        queued, accepted_in = request_report(browser, QUEUED)
        assert "Permintaan laporan diterima" in queued.text
        say(f"worker paused; report A queued in Redis in {accepted_in:.2f} s")

        with redis_stopped():
            say("Redis shut down (its queue saved to disk, as a persistent Redis keeps it)")
            pages = {path: browser.get(path).status for path in ("/", "/rapat/", "/tps/")}
            refused, refused_in = request_report(browser, REFUSED)
            queue_refused_in = seconds_to_refuse()
            say(f"pages while Redis is down: {pages}")
            say(
                f"report B refused with a message in {refused_in:.2f} s "
                f"({refused_in / accepted_in:.1f}x report A's accepted request; "
                f"load {load_average()}); queueing itself gave up in {queue_refused_in:.3f} s"
            )
        os.killpg(worker, signal.SIGCONT)
        back = time.monotonic()
        say("Redis started again from its saved queue; worker resumed")

        wait_until(
            lambda: statuses(browser, QUEUED) == ["done"],
            timeout=240,
            interval=1,
            what="report A built after Redis returned",
        )
        refused_statuses = statuses(browser, REFUSED)
        say(
            f"report A done {time.monotonic() - back:.0f} s after Redis returned; "
            f"report B: {refused_statuses}"
        )

    assert set(pages.values()) == {200}
    assert "tidak dapat diantrekan sekarang" in refused.text
    # What the person waits for: the whole refused request, page and all, within about
    # 2 s; queueing itself gives up after one attempt (config.jobs.FAIL_FAST), not after
    # kombu's reconnection retries (about 7 s before).
    assert refused_in < 2
    assert queue_refused_in < 1
    # B was recorded as failed with the reason at once; it is not retried behind the
    # person's back (they ask again), while A, already accepted, was built.
    assert refused_statuses == ["failed"]
