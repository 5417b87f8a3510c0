"""TPS imports uploaded through the browser and run by the worker."""

import logging
import tempfile
from pathlib import Path
from typing import Any

import psycopg
from django.contrib.auth.models import User
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import Agency
from config.jobs import QueueUnavailable, enqueue
from operations.models import Election

from ..models import (
    TpsImport,
)
from ..tps_file.reading import TpsFileError, count_data_rows
from .tps_import import import_tps

logger = logging.getLogger(__name__)


class _ProgressWriter:
    """Records an import's progress where the page can see it at once.

    On PostgreSQL the rows are checked inside the import's transaction, so progress goes
    through a second, autocommitting connection; elsewhere through the ORM.
    """

    def __init__(self, tps_import_id: int) -> None:
        self.tps_import_id = tps_import_id
        self.side_connection: psycopg.Connection[Any] | None = None

    def __enter__(self) -> "_ProgressWriter":
        return self

    def __call__(self, phase: str, rows: int) -> None:
        if connection.vendor != "postgresql":
            TpsImport.objects.filter(pk=self.tps_import_id).update(status=phase, rows_done=rows)
            return
        if self.side_connection is None:
            self.side_connection = connection.get_new_connection(connection.get_connection_params())
            self.side_connection.autocommit = True
        self.side_connection.execute(
            f"UPDATE {TpsImport._meta.db_table} SET status = %s, rows_done = %s WHERE id = %s",
            [phase, rows, self.tps_import_id],
        )

    def __exit__(self, *exc_info: object) -> None:
        if self.side_connection is not None:
            self.side_connection.close()


def create_tps_import(
    *,
    upload: UploadedFile,
    election: Election,
    unit: Agency | None,
    user: User,
    skip_invalid: bool,
) -> TpsImport:
    """Stores the uploaded file and queues its import (after the transaction commits).

    If the broker cannot take the job, the import is marked failed at once with a message
    saying so (the file is kept): the person uploads again later rather than wait on it."""
    tps_import = TpsImport(
        election=election,
        unit=unit,
        uploaded_by=user,
        original_name=Path(upload.name or "").name[:255],
        skip_invalid=skip_invalid,
    )
    tps_import.source.save(Path(upload.name or "").name, upload, save=False)
    tps_import.save()
    transaction.on_commit(lambda: _queue_import(tps_import.pk))
    return tps_import


def _queue_import(tps_import_id: int) -> None:
    from ..tasks import run_tps_import_task

    try:
        enqueue(run_tps_import_task, args=[tps_import_id])
    except QueueUnavailable:
        TpsImport.objects.filter(pk=tps_import_id, status=TpsImport.Status.QUEUED).update(
            status=TpsImport.Status.FAILED,
            failure=_(
                "Impor tidak dapat diantrekan sekarang: layanan antrean (Redis) tidak tersedia. "
                "Unggah berkas lagi nanti."
            ),
            finished_at=timezone.now(),
        )


def run_tps_import(*, tps_import_id: int) -> TpsImport:
    """Runs a queued import and records its progress and outcome on the ``TpsImport``.

    Idempotent: a finished import is left as it is. An import interrupted half-way (a worker
    that died) starts again from the beginning; its writes were all-or-nothing.
    """
    with transaction.atomic():
        tps_import = TpsImport.objects.select_for_update().get(pk=tps_import_id)
        if tps_import.is_finished:
            return tps_import
        tps_import.status = TpsImport.Status.VALIDATING
        tps_import.started_at = timezone.now()
        tps_import.rows_done = 0
        tps_import.rows_total = None
        tps_import.save(update_fields=["status", "started_at", "rows_done", "rows_total"])

    with tempfile.TemporaryDirectory() as work, _ProgressWriter(tps_import.pk) as on_progress:
        rejects_path = Path(work) / "ditolak.csv"
        try:
            source_path = Path(tps_import.source.path)
            tps_import.rows_total = count_data_rows(source_path)
            TpsImport.objects.filter(pk=tps_import.pk).update(rows_total=tps_import.rows_total)
            result = import_tps(
                path=source_path,
                election=tps_import.election,
                unit=tps_import.unit,
                skip_invalid=tps_import.skip_invalid,
                rejects_path=rejects_path,
                on_progress=on_progress,
            )
        except TpsFileError as exc:
            return _fail(tps_import, str(exc))
        except Exception:
            # Record the failure so that the page stops waiting; the traceback goes to the log.
            logger.exception("TPS import %s failed", tps_import.pk)
            _fail(tps_import, _("Terjadi kesalahan tak terduga; tidak ada TPS yang disimpan."))
            raise
        tps_import.rows_done = tps_import.rows_total = result.rows
        tps_import.created_count = result.created
        tps_import.updated_count = result.updated
        tps_import.unchanged_count = result.unchanged
        tps_import.rejected_count = result.rejected
        tps_import.errors = [
            [error.line, error.reason] for error in result.errors[: TpsImport.MAX_STORED_ERRORS]
        ]
        tps_import.status = TpsImport.Status.DONE if result.written else TpsImport.Status.FAILED
        tps_import.finished_at = timezone.now()
        if result.rejects_path is not None:
            stem = Path(tps_import.original_name).stem
            with open(result.rejects_path, "rb") as handle:
                tps_import.rejects_file.save(f"{stem}-ditolak.csv", File(handle), save=False)
        tps_import.save()
    return tps_import


def _fail(tps_import: TpsImport, reason: str) -> TpsImport:
    tps_import.status = TpsImport.Status.FAILED
    tps_import.failure = reason
    tps_import.finished_at = timezone.now()
    tps_import.save(update_fields=["status", "failure", "finished_at"])
    return tps_import
