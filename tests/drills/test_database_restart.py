"""Drill: PostgreSQL restarts while signed-in users keep clicking through `make serve`."""

import collections
import threading
import time
from pathlib import Path

import pytest

from tests.http import Browser
from tests.processes import BALANCER, processes_with, production_stack
from tests.waiting import wait_until

from .outages import postgresql_stopped

pytestmark = [pytest.mark.drill, pytest.mark.slow]

PAGES = ["/", "/rapat/", "/tps/", "/laporan/"]
OUTAGE_PAGE = "Basis data sementara tidak dapat dihubungi"


class Load:
    """Signed-in operators requesting pages in a loop; every answer is recorded."""

    def __init__(self, url: str, users: int = 4):
        self.browsers = []
        for _ in range(users):
            browser = Browser(url, headers=BALANCER, timeout=30)
            assert "Selamat datang" in browser.log_in("operator.pasbar").text
            self.browsers.append(browser)
        self.answers: list[tuple[float, str, int, str]] = []
        self.phase = "before"
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._run, args=(b,)) for b in self.browsers]

    def _run(self, browser: Browser) -> None:
        while not self._stop.is_set():
            for path in PAGES:
                started_in = self.phase
                try:
                    page = browser.get(path)
                    status, text = page.status, page.text
                except OSError as error:  # the app server itself not answering
                    status, text = 0, str(error)
                # A request that straddles a change of phase belongs to neither.
                phase = started_in if self.phase == started_in else "transition"
                self.answers.append((time.monotonic(), phase, status, text))

    def __enter__(self):
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=60)

    def statuses(self, phase: str) -> collections.Counter:
        return collections.Counter(status for _t, p, status, _text in self.answers if p == phase)


def gunicorn_pids(stack) -> set[int]:
    marker = stack.env["DATABASE_URL"]
    return {
        pid
        for pid in processes_with(marker)
        if b"gunicorn" in Path(f"/proc/{pid}/cmdline").read_bytes()
    }


def test_requests_get_a_clear_503_while_the_database_is_down_then_recover(tmp_path, say):
    with production_stack(tmp_path, redis_db=9) as stack:
        pids_before = gunicorn_pids(stack)
        with Load(stack.url) as load:
            time.sleep(3)
            load.phase = "stopping"
            with postgresql_stopped():
                load.phase = "down"
                say("PostgreSQL stopped (fast shutdown) under load from 4 signed-in users")
                time.sleep(5)
                load.phase = "starting"
            load.phase = "restarted"
            say("PostgreSQL started again; the app was not touched")
            recovered_at = wait_until(
                lambda: any(
                    p == "restarted" and status == 200 for _t, p, status, _x in load.answers
                ),
                timeout=30,
                what="a page served after the restart",
            )
            time.sleep(3)
            load.phase = "after"
            time.sleep(4)

        down = [(status, text) for _t, p, status, text in load.answers if p == "down"]
        say(f"before: {dict(load.statuses('before'))}, while down: {dict(load.statuses('down'))}")
        say(f"just after restart: {dict(load.statuses('restarted'))}")
        say(f"after: {dict(load.statuses('after'))}; gunicorn processes unchanged")
        assert set(load.statuses("before")) == {200}
        assert down and all(status == 503 for status, _text in down)
        assert all(OUTAGE_PAGE in text for _status, text in down)
        assert set(load.statuses("restarted")) <= {200, 503}
        assert recovered_at
        assert set(load.statuses("after")) == {200}
        assert gunicorn_pids(stack) == pids_before
