"""`make run` on a bare machine: SQLite, no Redis, the real commands, and `.ci/serve`'s
web server, Celery worker and beat on the embedded broker (an SQLite file)."""

import json
import os
import re
import subprocess

import pytest

from tests.http import Browser
from tests.processes import (
    ROOT,
    Stack,
    free_port,
    manage,
    processes_with,
    report_download,
    stack_parts,
)
from tests.waiting import wait_until

# Real processes (web server, worker, beat) after importing the regions and the demo.
pytestmark = pytest.mark.slow

DRILL_UNIT = "polsek-sungai-bermas"  # 36 demo TPS


@pytest.fixture(scope="module")
def sqlite_env(tmp_path_factory):
    folder = tmp_path_factory.mktemp("smoke")
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"REDIS_URL", "DJANGO_DEBUG", "CELERY_BROKER_URL"}
    }
    env["DATABASE_URL"] = f"sqlite:///{folder / 'db.sqlite3'}"
    # The default broker lives in var/; this one in the test's folder, same transport.
    env["CELERY_BROKER_URL"] = f"sqlalchemy+sqlite:///{folder / 'celery-broker.sqlite'}"
    env["MEDIA_ROOT"] = str(folder / "media")
    env["DJANGO_ENV"] = "development"
    # As `make run` serves it: the test suite turns django-axes off, the demo does not.
    env["AXES_ENABLED"] = "true"
    env["PORT"] = str(free_port())
    # `make run DRILL=1`, on the demo's smallest Polsek and fast, so it plays out here.
    env.update(DRILL="1", DRILL_UNIT=DRILL_UNIT, DRILL_SPEED="100000", DRILL_INCIDENTS="3")
    return env


@pytest.fixture(scope="module")
def served(sqlite_env, tmp_path_factory):
    """One installation for the module, set up as `make run` does; the last test stops it."""
    for command in ("migrate --noinput", "import_regions", "load_demo", "setup_schedules"):
        manage(sqlite_env, *command.split())
    stack = Stack(["bash", ".ci/serve"], sqlite_env, tmp_path_factory.mktemp("log") / "serve.log")
    try:
        stack.wait_until_up()
        yield stack
    finally:
        stack.stop()


def test_the_demo_runs_on_sqlite_and_the_operator_can_log_in(served):
    browser = Browser(served.url)
    login_page = browser.get("/masuk/")

    home = browser.log_in("operator.pasbar")

    assert "Masuk ke Sinergi" in login_page.text
    assert browser.get("/static/vendor/bootstrap/css/bootstrap.min.css").status == 200
    assert home.url == f"{served.url}/"
    assert "Selamat datang, Rahmat Hidayat" in home.text
    assert "Rakor lintas sektoral kesiapan Operasi Mantap Praja Singgalang 2024" in home.text


def test_the_demo_shows_sinergis_own_error_pages_not_djangos_debug_pages(served):
    browser = Browser(served.url)
    browser.log_in("operator.pasbar")

    missing = browser.get("/tidak-ada/")

    assert missing.status == 404
    assert "Halaman tidak ditemukan" in missing.text
    assert "Page not found" not in missing.text
    assert "DEBUG = True" not in missing.text


def test_a_report_requested_from_a_page_is_built_by_the_worker_on_the_embedded_broker(served):
    browser = Browser(served.url)
    browser.log_in("operator.pasbar")
    index = browser.get("/laporan/")
    reports_path = re.search(
        r'href="(/operasi/mantap-praja-singgalang-2024/laporan/\?unit=[^"]+)"', index.text
    ).group(1)

    answer = browser.post(
        "/operasi/mantap-praja-singgalang-2024/laporan/",
        {"unit": reports_path.rsplit("=", 1)[1]},
        referer_path=reports_path,
    )
    download = report_download(browser, reports_path, what="the worker on the SQLite broker")

    # The request only queued it: the PDF was built by the worker, not in the request.
    assert "Permintaan laporan diterima" in answer.text
    assert browser.get(download).text.startswith("%PDF")


def test_make_run_with_drill_plays_the_drill_into_the_situation_room(served):
    browser = Browser(served.url)
    browser.log_in("operator.pasbar")
    path = f"/situasi/mantap-praja-singgalang-2024/{DRILL_UNIT}/ringkasan.json"

    def summary_once_at_h_plus_1():
        summary = json.loads(browser.get(path).text)
        return summary if summary["phases"]["arrival_at_ppk"] else None

    summary = wait_until(
        summary_once_at_h_plus_1,
        timeout=300,
        interval=2,
        what="the drill started by .ci/serve to reach H+1",
    )

    assert summary["tps"] == 36
    assert summary["reported"] >= 30  # a few TPS miss a phase, as in life
    assert "Latihan hari-H berjalan" in served.log.read_text()


def test_the_drill_run_again_replaces_the_earlier_one_instead_of_doubling_it(served):
    def exercise_reports():
        return manage(
            served.env,
            "shell",
            "-c",
            "from polling_stations.models import FieldReport as F; "
            "print(F.objects.filter(is_exercise=True).count())",
        ).split()[-1]

    before = exercise_reports()
    again = subprocess.run(
        ["bash", ".ci/demo-drill"],
        cwd=ROOT,
        env=served.env,
        capture_output=True,
        text=True,
        timeout=600,
    )

    assert again.returncode == 0, again.stderr
    assert int(before) > 0 and "Data latihan sebelumnya dihapus:" in again.stdout
    # Only the new run's reports are left: as many as it says it sent, not twice that.
    assert f"Selesai: {exercise_reports()} laporan" in again.stdout


def test_stopping_serve_stops_the_web_server_the_worker_and_beat(served):
    marker = served.env["DATABASE_URL"]
    everything = {"web", "worker", "beat"}
    assert wait_until(lambda: stack_parts(marker) == everything, timeout=60, what="all three up")

    served.stop()

    # `make` returns at once; the script (which carries the marker too) goes on stopping
    # the three for up to STOP_SECONDS (20) by the clock, then kills what is left.
    gone = wait_until(
        lambda: not processes_with(marker), timeout=120, interval=0.5, what="every process gone"
    )
    assert gone is True
    assert "Sinergi stopped." in served.log.read_text()
