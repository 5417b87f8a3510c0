"""Background-job plumbing shared by the apps: queueing without hanging, and a
PostgreSQL lock that tells a live generation from a dead one."""

import contextlib
import logging

from django.db import connection

logger = logging.getLogger(__name__)


class QueueUnavailable(Exception):
    """The broker could not take the job."""


# A person waits on this publish: one attempt, bounded by socket timeouts. Without them
# kombu's default channel retries the connection for broker_connection_timeout with 2 s
# sleeps (about 7 s to refuse). Only this connection gets them: the worker and beat keep
# their own reconnection (broker_connection_max_retries), which brings queued work back.
QUEUE_WAIT_SECONDS = 1
FAIL_FAST = {
    "max_retries": 0,
    "socket_connect_timeout": QUEUE_WAIT_SECONDS,
    "socket_timeout": QUEUE_WAIT_SECONDS,
}


def enqueue(task, *, args: list) -> str:
    """Publish ``task`` and return its id, or raise ``QueueUnavailable`` at once.

    A fresh connection with no retries: an unreachable or unresponsive broker fails within
    about ``QUEUE_WAIT_SECONDS`` instead of holding the person's request.
    """
    from config.celery import app

    try:
        # Celery merges these into broker_transport_options; the SQLite transport passes
        # its options to SQLAlchemy's create_engine, which takes no socket settings.
        fail_fast = FAIL_FAST if app.conf.broker_url.startswith("redis") else {}
        with app.connection_for_write(
            connect_timeout=QUEUE_WAIT_SECONDS, transport_options=fail_fast
        ) as connection_:
            result = task.apply_async(args=args, retry=False, connection=connection_)
    except Exception as exc:  # kombu's OperationalError and socket errors alike
        logger.warning("could not queue %s%s: %s", task.name, args, exc)
        raise QueueUnavailable(str(exc)) from exc
    return result.id or ""


@contextlib.contextmanager
def advisory_lock(namespace: int, key: int):
    """Yields whether this session got the lock on (namespace, key).

    A session lock: the server releases it if the worker holding it dies, so a
    redelivered job can skip a live generation and redo a dead one. Other databases
    (SQLite for local runs) have a single worker, so the lock is always granted.
    """
    if connection.vendor != "postgresql":
        yield True
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [namespace, key])
        acquired = cursor.fetchone()[0]
    try:
        yield acquired
    finally:
        if acquired:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [namespace, key])
