from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PollingStationsConfig(AppConfig):
    name = "polling_stations"
    verbose_name = _("TPS dan wilayah")

    def ready(self):
        # Registers the Daftar Plotting and the Laporan hasil pengamanan with the document
        # pipeline, in web and worker.
        from .services import election_day_report, plotting_documents  # noqa: F401
        from .signals import connect

        connect()
