"""Running management commands and the `.ci/serve` stack as separate processes."""

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from tests.databases import scratch_database
from tests.http import Browser
from tests.waiting import wait_until

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env: dict, *args: str, timeout: float = 600) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stderr}"
    return result.stdout


def answers(url: str, path: str = "/masuk/", headers: dict | None = None) -> bool:
    try:
        return Browser(url, timeout=5, headers=headers).get(path).status == 200
    except OSError:
        return False


class Stack:
    """`.ci/serve` (or `make serve`) in its own session, its output in a log file."""

    def __init__(self, command: list[str], env: dict, log: Path):
        self.env = env
        self.log = log
        self.url = f"http://127.0.0.1:{env['PORT']}"
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            # A file, not a pipe: three processes logging at INFO would fill a pipe and block.
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_until_up(self, *, timeout: float = 600, headers: dict | None = None) -> None:
        wait_until(
            lambda: self.process.poll() is not None or answers(self.url, headers=headers),
            timeout=timeout,
            interval=0.5,
            what=f"the web server answering ({self.log})",
        )
        assert self.process.poll() is None, self.log.read_text()

    def stop(self, *, timeout: float = 180) -> int:
        """Stops the stack as a service manager would and returns the script's exit status.

        The script lets jobs in hand finish for STOP_SECONDS (20) by the clock, then kills
        what is left; ``timeout`` only has to cover a loaded machine being slow to do so.
        """
        if self.process.poll() is None:
            # As Ctrl-C or a service manager would (`make` and the script alike); the
            # script's trap stops the web server, worker and beat, each in its own group.
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                raise
        return self.process.returncode


def report_download(browser: Browser, reports_path: str, *, what: str) -> str:
    """The download link of the readiness report listed on ``reports_path``, once the
    stack's worker has built it."""
    found = wait_until(
        lambda: re.search(
            r'data-testid="report-download" href="([^"]+)"', browser.get(reports_path).text
        ),
        timeout=180,
        interval=1,
        what=what,
    )
    return found.group(1)


def load_average() -> str:
    """The machine's one-minute load average, to read a timing against."""
    return Path("/proc/loadavg").read_text().split()[0]


def processes_with(marker: str) -> list[int]:
    """Live processes whose environment carries ``marker`` (a test's own database URL)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if marker.encode() in (entry / "environ").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def stack_processes(marker: str) -> dict[int, str]:
    """The live processes of a `.ci/serve` stack by pid: "web", "worker" or "beat"."""
    parts = {}
    for pid in processes_with(marker):
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
        except OSError:  # it ended meanwhile
            continue
        if b"gunicorn" in command or b" runserver" in command:
            parts[pid] = "web"
        elif b"celery" in command and b" worker" in command:
            parts[pid] = "worker"
        elif b"celery" in command and b" beat" in command:
            parts[pid] = "beat"
    return parts


def stack_parts(marker: str) -> set[str]:
    """Which parts of a `.ci/serve` stack have a live process: web, worker, beat."""
    return set(stack_processes(marker).values())


# What a TLS-terminating balancer in front of the web nodes adds to every request.
BALANCER = {"X-Forwarded-Proto": "https"}
SECRET_KEY = "k7#Qm2!vZp9@Lx4$Wn8^Rt6&Yb3*Hc5(Jd1)Fg0-Sa2_Ue7+Io4=Pk9"


@contextlib.contextmanager
def production_stack(folder: Path, *, redis_db: int, extra_env: dict | None = None):
    """`make serve` on a database of its own loaded with the demo, and a Redis database
    of its own (so the suite's workers never take its jobs); stopped afterwards."""
    with scratch_database("sinergi_serve") as database_url:
        base = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "AXES_", "CELERY_"))
        }
        redis = urlsplit(os.environ["REDIS_URL"])
        base.update(
            DATABASE_URL=database_url,
            REDIS_URL=urlunsplit(redis._replace(path=f"/{redis_db}")),
            MEDIA_ROOT=str(folder / "media"),
        )
        # Demo users are refused in production, so the data is loaded before, as an
        # earlier installation would have left it.
        for command in ("migrate --noinput", "import_regions", "load_demo"):
            manage({**base, "DJANGO_ENV": "development"}, *command.split())
        env = {
            **base,
            "DJANGO_ENV": "production",
            "DJANGO_SECRET_KEY": SECRET_KEY,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_ADMIN_PATH": "kendali-uji/",
            "PORT": str(free_port()),
            "WEB_CONCURRENCY": "2",
            **(extra_env or {}),
        }
        stack = Stack(["make", "-s", "serve"], env, folder / "serve.log")
        try:
            stack.wait_until_up(headers=BALANCER)
            yield stack
        finally:
            stack.stop()
