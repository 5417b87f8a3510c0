"""Generated documents: requested once, queued after commit, built once, stored with a checksum."""

import datetime
import functools
import hashlib
import logging
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models import F, Q
from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext, gettext_lazy

from config.jobs import QueueUnavailable, advisory_lock, enqueue
from config.pdf import render_pdf
from config.storage import upload_path

logger = logging.getLogger(__name__)

# A second click within this window gets the request still waiting in the queue back.
PENDING_REUSE = datetime.timedelta(minutes=10)
FAILURE_REASON_MAX = 2000
# A build that keeps killing its worker (out of memory, say) is redelivered each time;
# after this many starts it is failed instead of tried forever.
MAX_ATTEMPTS = 3

Progress = Callable[[int], None]


class DocumentQueueUnavailable(QueueUnavailable):
    """The broker could not take the job; the request is recorded as failed with the reason."""


def document_upload_to(instance: "GeneratedDocument", filename: str) -> str:
    return upload_path(instance.upload_folder, instance.pk, filename=filename, keep_name=True)


class GeneratedDocument(models.Model):
    """A document a person asked for and a worker builds: its state, progress and file.

    Concrete models add what identifies the document (an operation, a unit...), an
    ``upload_folder`` and a ``filename``, and are registered with ``register``.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", gettext_lazy("Dalam antrean")
        RUNNING = "running", gettext_lazy("Sedang dibuat")
        DONE = "done", gettext_lazy("Selesai")
        FAILED = "failed", gettext_lazy("Gagal")

    upload_folder = "dokumen"

    status = models.CharField(
        gettext_lazy("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(gettext_lazy("kemajuan (%)"), default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("diminta oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(gettext_lazy("diminta"), auto_now_add=True)
    started_at = models.DateTimeField(gettext_lazy("mulai dibuat"), null=True, blank=True)
    finished_at = models.DateTimeField(gettext_lazy("selesai dibuat"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(gettext_lazy("percobaan"), default=0)
    file = models.FileField(gettext_lazy("berkas"), upload_to=document_upload_to, blank=True)
    sha256 = models.CharField(gettext_lazy("checksum SHA-256"), max_length=64, blank=True)
    failure_reason = models.TextField(gettext_lazy("alasan gagal"), blank=True)
    task_id = models.CharField(gettext_lazy("ID tugas"), max_length=64, blank=True)

    class Meta:
        abstract = True
        ordering = ["-requested_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="%(app_label)s_%(class)s_progress_max"
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | (~Q(file="") & ~Q(sha256="")),
                name="%(app_label)s_%(class)s_done_has_file",
            ),
        ]

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def filename(self) -> str:
        raise NotImplementedError("a generated document names its own file")

    # The URL names of the row's status (polled while it is built) and of its download,
    # reversed with ``url_args()``, and the prefix of its row's HTML id: what the shared
    # row template (templates/documents/_request_row.html) needs.
    status_url_name = ""
    download_url_name = ""
    dom_prefix = "document"

    def url_args(self) -> list:
        raise NotImplementedError("a generated document says what its URLs take")

    @property
    def status_url(self) -> str:
        return reverse(self.status_url_name, args=self.url_args())

    @property
    def download_url(self) -> str:
        return reverse(self.download_url_name, args=self.url_args())

    @property
    def dom_id(self) -> str:
        return f"{self.dom_prefix}-{self.pk}"


# What the admin shows but never edits: the pipeline writes these.
DOCUMENT_READONLY_FIELDS = [
    "status",
    "progress",
    "requested_at",
    "started_at",
    "finished_at",
    "attempts",
    "file",
    "sha256",
    "failure_reason",
    "task_id",
]

Document = TypeVar("Document", bound=GeneratedDocument)
Builder = Callable[[Document, Progress], bytes]
Number = TypeVar("Number")


@dataclass(frozen=True)
class DocumentType:
    model: type[GeneratedDocument]
    build: Callable[[GeneratedDocument, Progress], bytes]
    select_related: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    @property
    def lock_namespace(self) -> int:
        """A stable int4 per document type, so two types never share a lock."""
        return zlib.crc32(self.label.encode()) - 2**31


_types: dict[str, DocumentType] = {}


def register(
    model: type[Document], *, build: Builder, select_related: tuple[str, ...] = ()
) -> None:
    """Let the worker build ``model``'s documents with ``build(document, progress)``."""
    kind = DocumentType(model=model, build=build, select_related=select_related)
    _types[kind.label] = kind


def document_type(model_or_label: type[GeneratedDocument] | str) -> DocumentType:
    label = model_or_label if isinstance(model_or_label, str) else model_or_label._meta.label_lower
    try:
        return _types[label]
    except KeyError:
        raise LookupError(f"{label} is not a registered document type") from None


def request_document(model: type[Document], *, requested_by, **identity) -> Document:
    """Record a request for the document ``identity`` names and queue it once committed.

    A request for the same document still waiting in the queue is returned instead of a
    second job. The job is published after the commit, so a worker always finds the row.
    If the broker is unreachable the row is marked failed and ``DocumentQueueUnavailable``
    says so, plainly, instead of the page hanging.
    """
    kind = document_type(model)
    with transaction.atomic():
        pending = (
            model.objects.select_for_update()
            .filter(
                status=GeneratedDocument.Status.QUEUED,
                requested_at__gte=timezone.now() - PENDING_REUSE,
                **identity,
            )
            .first()
        )
        if pending is not None:
            return pending
        document = model.objects.create(requested_by=requested_by, **identity)
        transaction.on_commit(functools.partial(_enqueue, kind, document.pk))
    document.refresh_from_db()
    return document


def _enqueue(kind: DocumentType, pk: int) -> None:
    try:
        task_id = enqueue(build_document_task, args=[kind.label, pk])
    except QueueUnavailable as exc:
        message = gettext(
            "%(document)s tidak dapat diantrekan sekarang: layanan antrean (Redis) tidak "
            "tersedia. Coba lagi nanti."
        ) % {"document": capfirst(kind.model._meta.verbose_name)}
        kind.model.objects.filter(pk=pk, status=GeneratedDocument.Status.QUEUED).update(
            status=GeneratedDocument.Status.FAILED,
            failure_reason=message,
            finished_at=timezone.now(),
        )
        raise DocumentQueueUnavailable(message) from exc
    kind.model.objects.filter(pk=pk, task_id="").update(task_id=task_id)


def build_document(model_or_label: type[GeneratedDocument] | str, pk: int):
    """Build a requested document, once; what the worker runs.

    Idempotent: a finished document is left alone, and one another worker is building
    right now (it holds the lock) is skipped. A worker killed halfway leaves the row
    "running" and releases the lock with its connection; the redelivered job builds it
    again and replaces the partial file, so exactly one file results.
    """
    kind = document_type(model_or_label)
    model = kind.model
    with advisory_lock(kind.lock_namespace, pk) as acquired:
        if not acquired:
            logger.info("%s %s is being built by another worker", kind.label, pk)
            return None
        document = model.objects.select_related(*kind.select_related).filter(pk=pk).first()
        if document is None or document.status == GeneratedDocument.Status.DONE:
            return document
        name = capfirst(model._meta.verbose_name)
        if document.attempts >= MAX_ATTEMPTS:
            fail(
                document,
                gettext("%(document)s gagal dibuat setelah %(attempts)s percobaan.")
                % {"document": name, "attempts": document.attempts},
            )
            return document
        started_at = timezone.now()
        model.objects.filter(pk=pk).update(
            status=GeneratedDocument.Status.RUNNING,
            progress=1,
            failure_reason="",
            started_at=started_at,
            finished_at=None,
            attempts=F("attempts") + 1,
        )
        document.status = GeneratedDocument.Status.RUNNING
        document.progress, document.started_at = 1, started_at
        document.attempts += 1
        try:
            content = kind.build(document, functools.partial(set_progress, document))
        except SoftTimeLimitExceeded:
            fail(
                document,
                gettext("Waktu pembuatan %(document)s habis (batas waktu pekerja).")
                % {"document": model._meta.verbose_name},
            )
            raise
        except Exception as exc:
            logger.exception("%s %s failed", kind.label, pk)
            fail(
                document,
                gettext("%(document)s gagal dibuat: %(error)s") % {"document": name, "error": exc},
            )
            return None
        return store(document, content)


def render_letter_pdf(
    *,
    template_name: str,
    context: Callable[..., dict],
    issue: Callable[[], Number] | None,
    progress: Progress | None = None,
) -> bytes:
    """A naskah dinas as a PDF, in Bahasa Indonesia whoever asked for it.

    ``issue`` gives the document its Nomor before its content is read (once: a rebuild,
    say a redelivered job, gets the same Nomor back); without it the document prints as
    an unnumbered draft. ``context(number)`` reads everything the template shows.
    """
    number = issue() if issue is not None else None
    with translation.override("id"):
        return render_pdf(
            template_name=template_name, context=context(number=number), progress=progress
        )


def download(document: GeneratedDocument, *, not_ready: str) -> FileResponse:
    """The finished PDF as an attachment under the document's own file name; a 404 saying
    ``not_ready`` while it is queued, being built or failed."""
    if document.status != GeneratedDocument.Status.DONE or not document.file:
        raise Http404(not_ready)
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.filename,
        content_type="application/pdf",
    )


def set_progress(document: GeneratedDocument, percent: int) -> None:
    """Record how far a running build is (0-100), for the page polling the row."""
    percent = max(0, min(100, int(percent)))
    type(document).objects.filter(pk=document.pk, status=GeneratedDocument.Status.RUNNING).update(
        progress=percent
    )
    document.progress = percent


def store(document: Document, content: bytes) -> Document:
    """Save the built file with its SHA-256 and mark the document done."""
    storage = document.file.storage
    name = document.file.field.generate_filename(document, document.filename)
    # A killed attempt may have left this very file; replace it rather than add another.
    if storage.exists(name):
        storage.delete(name)
    with transaction.atomic():
        document.file.save(document.filename, ContentFile(content), save=False)
        document.sha256 = hashlib.sha256(content).hexdigest()
        document.status = GeneratedDocument.Status.DONE
        document.progress = 100
        document.failure_reason = ""
        document.finished_at = timezone.now()
        document.save(
            update_fields=["file", "sha256", "status", "progress", "failure_reason", "finished_at"]
        )
    return document


def fail(document: GeneratedDocument, reason: str) -> None:
    """Mark the document failed with a reason the person who asked for it can read."""
    document.status = GeneratedDocument.Status.FAILED
    document.failure_reason = reason[:FAILURE_REASON_MAX]
    document.finished_at = timezone.now()
    type(document).objects.filter(pk=document.pk).update(
        status=document.status,
        failure_reason=document.failure_reason,
        finished_at=document.finished_at,
    )


# Late ack and reject-on-worker-lost: a worker killed mid-build leaves the message
# unacknowledged, so it is delivered again and the lock above lets it finish once.
# ignore_result: the state lives on the row.
@shared_task(
    name="documents.build",
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
    time_limit=300,
    soft_time_limit=270,
)
def build_document_task(label: str, pk: int) -> None:
    build_document(label, pk)
