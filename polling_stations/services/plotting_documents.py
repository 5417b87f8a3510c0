"""The Daftar Plotting: its sections, its PDF and its generation in the background."""

import datetime
import hashlib
import logging
from collections.abc import Callable

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agencies.models import Agency
from config.jobs import QueueUnavailable, advisory_lock, enqueue
from operations.models import Operation

from .. import selectors
from ..models import (
    PlottingDocument,
)

logger = logging.getLogger(__name__)


def plotting_sections(*, operation: Operation, unit: Agency) -> list[tuple[Agency, list]]:
    """(Polsek, its plotting groups) for the unit: itself if a Polsek, else the Polsek below."""
    if unit.kind == Agency.Kind.POLSEK:
        return [(unit, selectors.plotting_for_polsek(operation=operation, polsek=unit))]
    polseks = list(Agency.objects.subtree_of(unit).filter(kind=Agency.Kind.POLSEK).order_by("path"))
    groups = selectors.plotting_for_units(operation=operation, polseks=polseks)
    return [(polsek, groups.get(polsek.pk, [])) for polsek in polseks]


def render_plotting_pdf(
    *, operation: Operation, unit: Agency, progress: Callable[[int], None] | None = None
) -> bytes:
    """The Daftar Plotting PDF, synchronously; ``progress`` hears percentages as it goes."""
    from weasyprint import HTML

    progress = progress or (lambda percent: None)
    progress(5)
    sections = plotting_sections(operation=operation, unit=unit)
    progress(30)
    with translation.override("id"):
        html = render_to_string(
            "polling_stations/plotting_pdf.html",
            {
                "operation": operation,
                "unit": unit,
                "sections": sections,
                "printed_at": timezone.now(),
            },
        )
    progress(50)
    # Layout is most of the time; WeasyPrint gives no progress of its own.
    document = HTML(string=html, base_url=str(settings.BASE_DIR)).render()
    progress(85)
    pdf = document.write_pdf()
    progress(95)
    return pdf


PLOTTING_QUEUE_UNAVAILABLE = gettext_lazy(
    "Daftar Plotting tidak dapat diantrekan sekarang: layanan antrean (Redis) tidak tersedia. "
    "Coba lagi nanti."
)
PLOTTING_PENDING_REUSE = datetime.timedelta(minutes=10)
PLOTTING_LOCK = 7306  # advisory-lock namespace; readiness reports use 7305


class PlottingQueueUnavailable(QueueUnavailable):
    """The broker could not take the job; the request was recorded as failed."""


def request_plotting_document(*, operation: Operation, unit: Agency, user) -> PlottingDocument:
    """Record the request, then hand it to a worker.

    Called outside any transaction so the row is committed before a worker looks for it.
    A second click while a request still waits gets that request back. If the broker is
    unreachable the row is marked failed with the reason and ``PlottingQueueUnavailable``
    is raised, so the page says so instead of hanging.
    """
    from ..tasks import generate_plotting_document as task

    with transaction.atomic():
        pending = (
            PlottingDocument.objects.select_for_update()
            .filter(
                operation=operation,
                unit=unit,
                status=PlottingDocument.Status.QUEUED,
                requested_at__gte=timezone.now() - PLOTTING_PENDING_REUSE,
            )
            .first()
        )
        if pending is not None:
            return pending
        document = PlottingDocument.objects.create(
            operation=operation, unit=unit, requested_by=user
        )
    try:
        task_id = enqueue(task, args=[document.pk])
    except QueueUnavailable as exc:
        PlottingDocument.objects.filter(
            pk=document.pk, status=PlottingDocument.Status.QUEUED
        ).update(status=PlottingDocument.Status.FAILED, error=str(PLOTTING_QUEUE_UNAVAILABLE))
        raise PlottingQueueUnavailable(str(PLOTTING_QUEUE_UNAVAILABLE)) from exc
    PlottingDocument.objects.filter(pk=document.pk, celery_task_id="").update(
        celery_task_id=task_id
    )
    document.refresh_from_db()
    return document


def _plotting_progress(document_id: int, percent: int) -> None:
    PlottingDocument.objects.filter(pk=document_id, status=PlottingDocument.Status.RUNNING).update(
        progress=percent
    )


def _plotting_failed(document_id: int, reason: str) -> None:
    PlottingDocument.objects.filter(pk=document_id).update(
        status=PlottingDocument.Status.FAILED, error=reason[:2000]
    )


def generate_plotting_document(*, document_id: int) -> PlottingDocument | None:
    """Build the PDF of a requested Daftar Plotting, once.

    Idempotent: a finished document is left alone, one another worker is generating
    right now (its lock is held) is skipped, and one left "running" by a killed worker
    is built again, replacing any partial file.
    """

    with advisory_lock(PLOTTING_LOCK, document_id) as acquired:
        if not acquired:
            logger.info("plotting document %s is being generated elsewhere", document_id)
            return None
        document = (
            PlottingDocument.objects.select_related("operation", "unit")
            .filter(pk=document_id)
            .first()
        )
        if document is None or document.status == PlottingDocument.Status.DONE:
            return document
        PlottingDocument.objects.filter(pk=document_id).update(
            status=PlottingDocument.Status.RUNNING, progress=1, error=""
        )
        try:
            pdf = render_plotting_pdf(
                operation=document.operation,
                unit=document.unit,
                progress=lambda percent: _plotting_progress(document_id, percent),
            )
        except SoftTimeLimitExceeded:
            _plotting_failed(document_id, _("Waktu pembuatan Daftar Plotting habis."))
            raise
        except Exception as exc:
            logger.exception("plotting document %s failed", document_id)
            _plotting_failed(
                document_id,
                _("Kesalahan saat membuat Daftar Plotting: %(error)s") % {"error": exc},
            )
            return None
        return _store_plotting_pdf(document, pdf)


def _store_plotting_pdf(document: PlottingDocument, pdf: bytes) -> PlottingDocument:
    storage = document.file.storage
    name = document.file.field.generate_filename(document, document.filename)
    # A killed attempt may have left this very file; replace it rather than add another.
    if storage.exists(name):
        storage.delete(name)
    with transaction.atomic():
        document.file.save(document.filename, ContentFile(pdf), save=False)
        document.sha256 = hashlib.sha256(pdf).hexdigest()
        document.status = PlottingDocument.Status.DONE
        document.progress = 100
        document.error = ""
        document.generated_at = timezone.now()
        document.save(
            update_fields=["file", "sha256", "status", "progress", "error", "generated_at"]
        )
    return document
