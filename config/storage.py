"""Where uploaded and generated files are stored, and storage that never leaves a partial
file (written beside, then linked into place)."""

import contextlib
import os
import tempfile
import uuid

from django.core.files.storage import FileSystemStorage
from django.utils.translation import gettext_lazy as _

STORAGE_UNAVAILABLE = _(
    "Berkas tidak dapat disimpan: ruang penyimpanan server penuh atau tidak dapat ditulisi. "
    "Tidak ada yang tersimpan; coba lagi nanti atau hubungi admin."
)


def upload_path(
    *folders: object, filename: str, extension: str | None = None, keep_name: bool = False
) -> str:
    """The stored name of a file: ``folders`` joined by ``/``, then a random name.

    The name is random so that a path guessed from an id or from the uploader's file name
    leads nowhere (downloads go through a view that checks who asks and names the file).
    It ends in ``extension`` when given, else in ``filename``'s own, lower-cased (``bin``
    when it has none). ``keep_name`` keeps ``filename`` itself, for a file whose stored
    name is shown again (a generated report, an import's rejected rows).
    """
    folder = "/".join(str(part).strip("/") for part in folders)
    if keep_name:
        return f"{folder}/{filename}"
    if extension is None:
        extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"{folder}/{uuid.uuid4().hex}.{extension}"


class AtomicFileSystemStorage(FileSystemStorage):
    """FileSystemStorage whose files appear whole or not at all.

    Django's own storage writes straight to the final name, so a full disk or a failing
    volume leaves a truncated file behind. Here the bytes go to a hidden ``.part`` file in
    the same folder, are flushed to disk, and only then get their name (a hard link,
    which fails rather than overwrite); any error removes the ``.part`` file and
    propagates, so the caller can say what happened.
    """

    def _save(self, name, content):
        directory = os.path.dirname(self.path(name))
        os.makedirs(directory, exist_ok=True)
        descriptor, partial = tempfile.mkstemp(dir=directory, prefix=".upload-", suffix=".part")
        try:
            with os.fdopen(descriptor, "wb") as target:
                for chunk in content.chunks():
                    target.write(chunk if isinstance(chunk, bytes) else chunk.encode())
                target.flush()
                os.fsync(target.fileno())
            while True:
                try:
                    os.link(partial, self.path(name))
                except FileExistsError:
                    name = self.get_available_name(name)
                else:
                    break
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(partial)
        if self.file_permissions_mode is not None:
            os.chmod(self.path(name), self.file_permissions_mode)
        return os.path.relpath(self.path(name), self.location).replace("\\", "/")
