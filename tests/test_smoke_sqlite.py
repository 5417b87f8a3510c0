"""`make run` on a bare machine: SQLite, no Redis, the real commands, `.ci/serve`'s web
server, Celery worker and beat on the embedded broker (an SQLite file)."""

import os
import re
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.http import Browser, wait_for

BASE_DIR = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def sqlite_env(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"REDIS_URL", "DJANGO_DEBUG", "CELERY_BROKER_URL"}
    }
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    # The default broker lives in var/; this one in the test's folder, same transport.
    env["CELERY_BROKER_URL"] = f"sqlalchemy+sqlite:///{tmp_path / 'celery-broker.sqlite'}"
    env["MEDIA_ROOT"] = str(tmp_path / "media")
    env["DJANGO_ENV"] = "development"
    # As `make run` serves it: the test suite turns django-axes off, the demo does not.
    env["AXES_ENABLED"] = "true"
    env["PORT"] = str(free_port())
    return env


def manage(env, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stderr}"
    return result.stdout


def processes_with(marker: str) -> list[int]:
    """Live processes whose environment carries ``marker`` (this test's database path)."""
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


@pytest.fixture
def served(sqlite_env, tmp_path):
    for command in ("migrate --noinput", "import_regions", "load_demo", "setup_schedules"):
        manage(sqlite_env, *command.split())
    log = tmp_path / "serve.log"
    process = subprocess.Popen(
        ["bash", ".ci/serve"],
        cwd=BASE_DIR,
        env=sqlite_env,
        # A file, not a pipe: three processes logging at INFO would fill a pipe and block.
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{sqlite_env['PORT']}"
    try:
        wait_for(
            lambda: process.poll() is not None or _answers(url),
            timeout=120,
            what="the web server answering",
        )
        assert process.poll() is None, log.read_text()
        yield url, process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=60)


def _answers(url: str) -> bool:
    try:
        return Browser(url, timeout=5).get("/masuk/").status == 200
    except OSError:
        return False


def test_the_demo_runs_on_sqlite_and_the_operator_can_log_in(served):
    url, _process = served
    browser = Browser(url)
    login_page = browser.get("/masuk/")

    home = browser.log_in("operator.pasbar")

    assert "Masuk ke Sinergi" in login_page.text
    assert browser.get("/static/vendor/bootstrap/css/bootstrap.min.css").status == 200
    assert home.url == f"{url}/"
    assert "Selamat datang, Rahmat Hidayat" in home.text
    assert "Rakor lintas sektoral kesiapan Operasi Mantap Praja Singgalang 2024" in home.text


def test_the_demo_shows_sinergis_own_error_pages_not_djangos_debug_pages(served):
    url, _process = served
    browser = Browser(url)
    browser.log_in("operator.pasbar")

    missing = browser.get("/tidak-ada/")

    assert missing.status == 404
    assert "Halaman tidak ditemukan" in missing.text
    assert "Page not found" not in missing.text
    assert "DEBUG = True" not in missing.text


def test_a_report_requested_from_a_page_is_built_by_the_worker_on_the_embedded_broker(
    served, sqlite_env
):
    url, process = served
    browser = Browser(url)
    browser.log_in("operator.pasbar")
    index = browser.get("/laporan/")
    reports_path = re.search(
        r'href="(/operasi/mantap-praja-singgalang-2024/laporan/\?unit=[^"]+)"', index.text
    ).group(1)
    unit = reports_path.rsplit("=", 1)[1]

    answer = browser.post(
        "/operasi/mantap-praja-singgalang-2024/laporan/", {"unit": unit}, referer_path=reports_path
    )
    # The request only queues it: the page comes back before the PDF exists.
    assert "Permintaan laporan diterima" in answer.text
    download = wait_for(
        lambda: re.search(
            r'data-testid="report-download" href="([^"]+)"', browser.get(reports_path).text
        ),
        timeout=180,
        interval=1,
        what="the worker finishing the readiness report",
    ).group(1)
    pdf = browser.get(download)

    assert pdf.status == 200
    assert pdf.text.startswith("%PDF")
    # Stopping .ci/serve stops the web server, the worker (and its pool) and beat.
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=60)
    marker = sqlite_env["DATABASE_URL"]
    assert (
        wait_for(lambda: not processes_with(marker), timeout=10, what="all processes gone") is True
    )
