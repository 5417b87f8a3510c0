"""Celery tasks: thin, idempotent wrappers over ``meetings.reminder_services``."""

from celery import shared_task

from . import reminder_services


@shared_task(ignore_result=True)
def send_due_reminders() -> dict[str, int]:
    """Periodic (every 5 minutes): change/cancellation notices, due reminders, sending."""
    return reminder_services.run_reminders()


@shared_task(ignore_result=True)
def send_pending_notices() -> int:
    """Sends what a reschedule or a cancellation just queued."""
    return reminder_services.send_pending_deliveries()


@shared_task(ignore_result=True)
def send_follow_up_digests() -> dict[str, int]:
    """Periodic (hourly): each agency's digest once its local clock passes 07.00."""
    return reminder_services.run_follow_up_digests()
