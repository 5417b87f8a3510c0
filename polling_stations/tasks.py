from celery import shared_task

from . import services


@shared_task(name="polling_stations.run_tps_import")
def run_tps_import_task(tps_import_id: int) -> str:
    """Runs an uploaded TPS import; a finished one is left alone, so a retry is harmless."""
    return services.run_tps_import(tps_import_id=tps_import_id).status


# acks_late and reject_on_worker_lost come from settings: a worker killed mid-PDF leaves
# the message unacknowledged and it is delivered again. State lives on the row.
@shared_task(ignore_result=True, time_limit=300, soft_time_limit=270)
def generate_plotting_document(document_id: int) -> None:
    services.generate_plotting_document(document_id=document_id)
