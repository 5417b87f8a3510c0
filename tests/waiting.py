"""Waiting for another process (a Celery worker, a server): the suite's one polling loop."""

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def wait_until(
    condition: Callable[[], T],
    *,
    timeout: float,
    interval: float = 0.1,
    what: str = "the condition",
) -> T:
    """Calls ``condition`` until it returns something truthy, and returns that.

    Fails after ``timeout`` seconds, saying what was awaited and the last value seen,
    so a slow machine shows as a clear failure rather than a hang.
    """
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout:g}s for {what} (last seen: {value!r})")
        time.sleep(interval)
