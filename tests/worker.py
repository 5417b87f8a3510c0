"""Starts and stops a real ``celery worker`` process for integration tests."""

import os
import signal
import subprocess
import sys
from pathlib import Path

from django.db import connection

from tests.waiting import wait_until

ROOT = Path(__file__).resolve().parent.parent


class WorkerProcess:
    def __init__(self, concurrency: int = 1):
        self.concurrency = concurrency
        self.process: subprocess.Popen | None = None

    def _env(self) -> dict[str, str]:
        params = connection.settings_dict
        env = dict(os.environ)
        # The worker must use the test database pytest-django created, not the base one.
        env["DATABASE_URL"] = (
            f"postgres://{params['USER']}@{params['HOST']}:{params['PORT']}/{params['NAME']}"
        )
        return env

    def start(self, timeout: float = 90.0) -> None:
        # Generous: on a loaded shared machine Django alone takes ~20 s to set up.
        from config.celery import app

        app.control.purge()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool=prefork",
                f"--concurrency={self.concurrency}",
                "--loglevel=WARNING",
                "--without-gossip",
                "--without-mingle",
                "--hostname",
                f"test-{os.getpid()}@%h",
            ],
            cwd=ROOT,
            env=self._env(),
            start_new_session=True,
        )
        process = self.process

        def answers_a_ping():
            if process.poll() is not None:
                raise RuntimeError(f"celery worker exited with {process.returncode}")
            return app.control.ping(timeout=0.5)

        try:
            wait_until(
                answers_a_ping,
                timeout=timeout,
                interval=0,
                what="the celery worker to answer a ping",
            )
        except BaseException:
            # Left running, a worker that was slow to answer would take the next test's jobs.
            self.kill()
            raise

    def kill(self) -> None:
        """SIGKILL the whole worker, pool children included, as a crash would."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()
