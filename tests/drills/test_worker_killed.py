"""Drill: a worker is SIGKILLed in the middle of a readiness report."""

import time

import pytest

from operations.models import ReadinessReport
from tests.operations import test_worker as worker_tests
from tests.processes import load_average

pytestmark = [pytest.mark.drill, pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_report_whose_worker_was_killed_is_finished_exactly_once(celery_worker, monkeypatch, say):
    say("worker SIGKILLed (with its pool) while building a report; a new worker started")
    started = time.monotonic()

    # The suite's own check: one report, one file, attempts == 2, checksum matches.
    worker_tests.test_a_worker_killed_mid_report_leaves_exactly_one_report(
        celery_worker, monkeypatch
    )

    (report,) = ReadinessReport.objects.all()
    say(
        f"the redelivered job finished it: one report row, {report.attempts} attempts, "
        f"one file, checksum matches ({time.monotonic() - started:.0f} s in all, "
        f"load {load_average()})"
    )
    assert report.status == ReadinessReport.Status.DONE
