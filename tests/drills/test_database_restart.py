"""Drill: PostgreSQL restarts while signed-in users keep clicking through `make serve`."""

import collections
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.http import Browser
from tests.processes import BALANCER, load_average, processes_with, production_stack
from tests.waiting import wait_until

from .outages import postgresql_stopped

pytestmark = [pytest.mark.drill, pytest.mark.slow]

PAGES = ["/", "/rapat/", "/tps/", "/laporan/"]
OUTAGE_PAGE = "Basis data sementara tidak dapat dihubungi"
# In order: serving; `pg_ctl stop -m fast` running; stopped; `pg_ctl start` running;
# answering again, until the first page is served; from then on.
PHASES = ("before", "stopping", "down", "starting", "restarted", "after")
# A request that began in one phase and ended in another belongs to none of them.
STRADDLING = "straddling"
# Answers each phase must hold before the drill moves on (waited for, not slept for).
ENOUGH = 8


@dataclass(frozen=True)
class Answer:
    phase: str
    status: int  # 0: the app server itself did not answer
    text: str
    retry_after: str | None
    ended: float


class Load:
    """Signed-in operators requesting pages in a loop; every answer is recorded."""

    def __init__(self, url: str, users: int = 4):
        self.browsers = []
        for _ in range(users):
            browser = Browser(url, headers=BALANCER, timeout=30)
            assert "Selamat datang" in browser.log_in("operator.pasbar").text
            self.browsers.append(browser)
        self.answers: list[Answer] = []
        self.phase = PHASES[0]
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._run, args=(b,)) for b in self.browsers]

    def _run(self, browser: Browser) -> None:
        while not self._stop.is_set():
            for path in PAGES:
                began = self.phase
                try:
                    page = browser.get(path)
                    status, text, retry_after = (
                        page.status,
                        page.text,
                        page.headers.get("Retry-After"),
                    )
                except OSError as error:
                    status, text, retry_after = 0, str(error), None
                ended = self.phase
                phase = began if ended == began else STRADDLING
                self.answers.append(Answer(phase, status, text, retry_after, time.monotonic()))

    def __enter__(self):
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=60)

    def in_phase(self, phase: str) -> list[Answer]:
        return [answer for answer in list(self.answers) if answer.phase == phase]

    def wait_for_answers(self, phase: str) -> None:
        wait_until(
            lambda: len(self.in_phase(phase)) >= ENOUGH,
            timeout=120,
            interval=0.2,
            what=f"{ENOUGH} answers while {phase}",
        )

    def tally(self, phases: tuple[str, ...]) -> str:
        statuses = collections.Counter(a.status for a in self.answers if a.phase in phases)
        other = {status: n for status, n in statuses.items() if status not in (200, 503)}
        return f"200 x{statuses[200]}, 503 x{statuses[503]}, other x{sum(other.values())}" + (
            f" {other}" if other else ""
        )


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
            load.wait_for_answers("before")
            load.phase = "stopping"
            with postgresql_stopped():
                load.phase = "down"
                load.wait_for_answers("down")
                load.phase = "starting"
            load.phase = "restarted"
            answering_again = time.monotonic()
            first_served = wait_until(
                lambda: [a for a in load.in_phase("restarted") if a.status == 200],
                timeout=60,
                what="a page served after the restart",
            )[0]
            load.phase = "after"
            load.wait_for_answers("after")
        pids_after = gunicorn_pids(stack)

    down = load.in_phase("down")
    during = ("stopping", "down", "starting")
    say(f"4 signed-in users on {', '.join(PAGES)}; PostgreSQL stopped (fast) and started")
    say(f"before the stop:                  {load.tally(('before',))}")
    say(f"during (stopping, down, starting): {load.tally(during)}")
    say(f"  of which while it was down:      {load.tally(('down',))}")
    say(f"after it answered again:          {load.tally(('restarted', 'after'))}")
    say(f"straddling a change, apart:       {load.tally((STRADDLING,))}")
    say(
        f"first page served {first_served.ended - answering_again:.1f} s after PostgreSQL "
        f"answered again (load {load_average()}); "
        f"gunicorn PIDs {sorted(pids_before)} -> {sorted(pids_after)}"
    )
    # Nothing but a served page or the clear 503, at any moment: no 500, no dropped
    # connection, not even for a request cut off mid-query.
    assert {a.status for a in load.answers} <= {200, 503}
    assert {a.status for a in load.in_phase("before")} == {200}
    assert all(a.status == 503 for a in down)
    assert all(OUTAGE_PAGE in a.text and a.retry_after for a in down)
    assert {a.status for a in load.in_phase("after")} == {200}
    assert pids_after == pids_before
