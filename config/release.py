"""Which release of the code is running, so that a shared cache never hands one release
what another wrote (a deploy changes fragments' markup and the shape of cached objects)."""

import hashlib
import os
from pathlib import Path

# Folders that hold no code of the app's own, or are written at run time.
SKIPPED = {".git", ".venv", "node_modules", "var", "media", "staticfiles", "__pycache__", "bench"}
SUFFIXES = (".py", ".html", ".txt", ".xml", ".json")


def code_digest(base: Path) -> str:
    """A digest of the app's code and templates under ``base``, by content (not by file
    times): every web node and worker of one release computes the same value."""
    digest = hashlib.sha256()
    for folder, subfolders, files in os.walk(base):
        subfolders[:] = sorted(d for d in subfolders if d not in SKIPPED and not d.startswith("."))
        for name in sorted(files):
            if name.endswith(SUFFIXES):
                path = Path(folder, name)
                digest.update(str(path.relative_to(base)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
