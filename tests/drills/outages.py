"""Stopping and starting the PostgreSQL and Redis that `.ci/with-services` runs."""

import contextlib
import glob
import os
import shlex
import subprocess
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest


def _services_dir() -> Path:
    folder = os.environ.get("SINERGI_SERVICES_DIR")
    if not folder:
        pytest.fail("drills run inside .ci/with-services (make drills)")
    return Path(folder)


def _as_postgres(command: list[str]) -> None:
    line = shlex.join(command)
    if os.getuid() == 0:
        command = ["su", "postgres", "-s", "/bin/bash", "-c", line]
    subprocess.run(command, check=True, capture_output=True, timeout=120)


@contextlib.contextmanager
def postgresql_stopped():
    """Stops the server (fast mode: sessions are cut) and starts it again on leaving."""
    folder = _services_dir()
    data = folder / "pg"
    pg_ctl = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))[-1]
    # The options it was started with (port, socket folder, tuning), to start it alike.
    arguments = shlex.split((data / "postmaster.opts").read_text())
    options = shlex.join(arguments[arguments.index(str(data)) + 1 :])
    _as_postgres([pg_ctl, "-D", str(data), "-m", "fast", "-w", "stop"])
    try:
        yield
    finally:
        _as_postgres(
            [pg_ctl, "-D", str(data), "-l", str(folder / "pg.log"), "-w", "-o", options, "start"]
        )


def _redis_port() -> str:
    return str(urlsplit(os.environ["REDIS_URL"]).port)


def _redis_answers(port: str) -> bool:
    result = subprocess.run(["redis-cli", "-p", port, "ping"], capture_output=True, text=True)
    return result.stdout.strip() == "PONG"


@contextlib.contextmanager
def redis_stopped():
    """Shuts Redis down after saving what it holds, and starts it again from that file on
    leaving, as a persistent production Redis comes back with its queues."""
    folder = _services_dir()
    port = _redis_port()
    subprocess.run(["redis-cli", "-p", port, "shutdown", "save"], capture_output=True)
    deadline = time.monotonic() + 15
    while _redis_answers(port):
        assert time.monotonic() < deadline, "Redis did not stop"
        time.sleep(0.1)
    try:
        yield
    finally:
        subprocess.run(
            [
                "redis-server",
                "--port", port,
                "--bind", "127.0.0.1",
                "--daemonize", "yes",
                "--dir", str(folder),
                "--pidfile", str(folder / "redis.pid"),
                "--logfile", str(folder / "redis.log"),
                "--appendonly", "no",
            ],
            check=True,
        )  # fmt: skip
        deadline = time.monotonic() + 15
        while not _redis_answers(port):
            assert time.monotonic() < deadline, "Redis did not start again"
            time.sleep(0.1)
