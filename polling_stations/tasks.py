from celery import shared_task

from . import services


@shared_task(name="polling_stations.run_tps_import")
def run_tps_import_task(tps_import_id: int) -> str:
    """Runs an uploaded TPS import; a finished one is left alone, so a retry is harmless."""
    return services.run_tps_import(tps_import_id=tps_import_id).status
