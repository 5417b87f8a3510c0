from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    name = "operations"
    verbose_name = _("Operasi")

    def ready(self):
        # Registers the readiness report with the document pipeline, in web and worker.
        from . import reports  # noqa: F401
        from .selectors import figures, freshness

        figures.connect()
        freshness.connect()
