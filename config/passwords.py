"""Password hashing with a CPU budget of its own: at most N hash runs at once per machine.

Django's PBKDF2 costs most of a CPU-second per password on purpose. Fifty people signing
in within a few seconds would otherwise take every core from every page. The strength
stays Django's (same algorithm, same iterations, same stored format); only how many run
at the same moment is bounded, across every gunicorn worker process and thread on the
machine, by lock files (``fcntl.flock``): a slot is a file, holding its lock is using it,
and the kernel releases it if the holder dies.
"""

import contextlib
import fcntl
import logging
import os
import random
import time
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher

logger = logging.getLogger(__name__)


class HashingSlots:
    """A counting semaphore shared by every process that names the same ``directory``."""

    def __init__(self, directory: Path, slots: int, wait_seconds: float) -> None:
        self.directory = Path(directory)
        self.slots = max(1, slots)
        self.wait_seconds = wait_seconds

    def _try_each_slot(self) -> int | None:
        for index in random.sample(range(self.slots), self.slots):
            fd = os.open(self.directory / f"slot-{index}.lock", os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                continue
            return fd
        return None

    @contextlib.contextmanager
    def slot(self) -> Iterator[bool]:
        """Holds one slot while the block runs; yields False if none freed up within
        ``wait_seconds`` (the block then runs anyway: a sign-in is slow, never refused)."""
        self.directory.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + self.wait_seconds
        fd = self._try_each_slot()
        while fd is None and time.monotonic() < deadline:
            # A hash takes a few hundred milliseconds: poll a few times within one.
            time.sleep(random.uniform(0.01, 0.04))
            fd = self._try_each_slot()
        if fd is None:
            logger.warning(
                "No password-hashing slot free after %.0f s; hashing anyway.", self.wait_seconds
            )
        try:
            yield fd is not None
        finally:
            if fd is not None:
                fcntl.flock(fd, fcntl.LOCK_UN)
                os.close(fd)


def hashing_slots() -> HashingSlots:
    return HashingSlots(
        directory=settings.PASSWORD_HASHING_LOCK_DIR,
        slots=settings.PASSWORD_HASHING_SLOTS,
        wait_seconds=settings.PASSWORD_HASHING_WAIT_SECONDS,
    )


class BudgetedPBKDF2PasswordHasher(PBKDF2PasswordHasher):
    """Django's ``pbkdf2_sha256`` unchanged, each run inside a hashing slot. Hashes it
    writes are read by Django's own hasher and the other way round."""

    def encode(self, password, salt, iterations=None):
        with hashing_slots().slot():
            return super().encode(password, salt, iterations)
