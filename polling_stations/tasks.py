from celery import shared_task

from . import services
from .services import incidents


@shared_task(name="polling_stations.run_tps_import")
def run_tps_import_task(tps_import_id: int) -> str:
    """Runs an uploaded TPS import; a finished one is left alone, so a retry is harmless."""
    return services.run_tps_import(tps_import_id=tps_import_id).status


@shared_task(ignore_result=True)
def send_post_alert_emails(alert_ids: list[int]) -> None:
    """E-mails posko alerts; an alert already e-mailed is skipped, so a retry is harmless."""
    incidents.send_post_alert_emails(alert_ids=alert_ids)


@shared_task(name="polling_stations.escalate_incidents", ignore_result=True)
def escalate_incidents() -> int:
    """Every minute: incidents unacknowledged too long go to the Polda posko, and alerts
    whose e-mail could not be queued at the time are e-mailed now."""
    escalated = incidents.escalate_unacknowledged_incidents()
    incidents.send_post_alert_emails(alert_ids=incidents.unsent_alert_ids())
    return escalated
