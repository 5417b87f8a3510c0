"""Drill: a worker is SIGKILLed in the middle of a readiness report."""

import pytest

from tests.operations import test_worker as worker_tests

pytestmark = [pytest.mark.drill, pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_report_whose_worker_was_killed_is_finished_exactly_once(celery_worker, monkeypatch, say):
    say("worker SIGKILLed (with its pool) while building a report; a new worker started")

    # The suite's own check: one report, one file, attempts == 2, checksum matches.
    worker_tests.test_a_worker_killed_mid_report_leaves_exactly_one_report(
        celery_worker, monkeypatch
    )

    say("the redelivered job finished it: one report row, one file, checksum matches")
