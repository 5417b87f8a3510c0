"""Adding and removing a meeting's attachments."""

from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from ..files import detect_attachment_type
from ..models import (
    Attachment,
    Meeting,
)


@transaction.atomic
def add_attachment(
    *,
    meeting: Meeting,
    user: User,
    upload: UploadedFile,
    kind: str,
    is_internal: bool = False,
) -> Attachment:
    """Stores an upload after checking what its bytes are (never trusting its name)."""
    detected = detect_attachment_type(upload)
    original_name = (upload.name or "berkas").rsplit("/", 1)[-1][:255]
    attachment = Attachment(
        meeting=meeting,
        kind=kind,
        original_name=original_name,
        content_type=detected.content_type,
        # Django sets the size of every file it parsed from a request.
        size=upload.size or 0,
        is_internal=is_internal,
        uploaded_by=user,
        uploaded_at=timezone.now(),
    )
    # The stored name carries the detected extension, not the one the uploader chose.
    attachment.file.save(f"berkas.{detected.extension}", upload, save=False)
    stored = attachment.file
    try:
        attachment.full_clean()
        attachment.save()
    except BaseException:
        # No row, no file: a failed upload leaves nothing behind in MEDIA_ROOT.
        if stored.name:
            stored.storage.delete(stored.name)
        raise
    return attachment


@transaction.atomic
def delete_attachment(*, attachment: Attachment) -> None:
    storage, name = attachment.file.storage, attachment.file.name
    attachment.delete()
    # Remove the file only once the row is really gone.
    if name:
        transaction.on_commit(lambda: storage.delete(name))
