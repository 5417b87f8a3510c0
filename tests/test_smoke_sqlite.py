"""`make run` on a bare machine: SQLite, no Redis, the real commands, a real server."""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.waiting import wait_until

BASE_DIR = Path(__file__).resolve().parent.parent

# A real server in a subprocess, after importing the regions and the demo into SQLite.
pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def sqlite_env(tmp_path):
    env = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    env["DJANGO_ENV"] = "development"
    # As `make run` serves it: the test suite turns django-axes off, the demo does not.
    env["AXES_ENABLED"] = "true"
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


@pytest.fixture
def server(sqlite_env):
    manage(sqlite_env, "migrate", "--noinput")
    manage(sqlite_env, "import_regions")
    manage(sqlite_env, "load_demo")
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=BASE_DIR,
        env=sqlite_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for(port, process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def _wait_for(port: int, process: subprocess.Popen) -> None:
    # Polls until the server accepts connections: startup time varies with the machine.
    def accepts_connections() -> bool:
        if process.poll() is not None:
            raise AssertionError(f"runserver stopped: {process.stderr.read().decode()}")
        with socket.socket() as sock:
            return sock.connect_ex(("127.0.0.1", port)) == 0

    wait_until(accepts_connections, timeout=30, what="runserver to accept connections")


def _status(url: str) -> int:
    with urllib.request.urlopen(url) as response:
        return response.status


def test_the_demo_runs_on_sqlite_and_the_operator_can_log_in(server):
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    login_page = opener.open(f"{server}/masuk/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page).group(1)
    form = urllib.parse.urlencode(
        {
            "username": "operator.pasbar",
            "password": "sinergi-demo-2024",
            "csrfmiddlewaretoken": token,
        }
    ).encode()
    request = urllib.request.Request(
        f"{server}/masuk/", data=form, headers={"Referer": f"{server}/masuk/"}
    )

    home = opener.open(request)
    page = home.read().decode()

    assert "Masuk ke Sinergi" in login_page
    assert _status(f"{server}/static/vendor/bootstrap/css/bootstrap.min.css") == 200
    assert home.url == f"{server}/"
    assert "Selamat datang, Rahmat Hidayat" in page
    assert "Rakor lintas sektoral kesiapan Operasi Mantap Praja Singgalang 2024" in page
