"""Celery tasks: thin, idempotent wrappers over ``operations.services``."""

from celery import shared_task

from . import services


# acks_late and reject_on_worker_lost come from settings: a worker killed mid-report
# leaves the message unacknowledged and it is delivered again. ignore_result: state is
# on the ReadinessReport row, and publishing needs no result-backend round trip.
@shared_task(ignore_result=True, time_limit=300, soft_time_limit=270)
def generate_readiness_report(report_id: int) -> None:
    services.generate_readiness_report(report_id=report_id)
