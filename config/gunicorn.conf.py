"""gunicorn for `make serve`: a few processes, each with threads (gthread).

Processes use the cores; threads let a request that waits (on PostgreSQL, or for a
password-hashing slot during a burst of sign-ins, see config/passwords.py) hold a thread
rather than a whole worker, so pages keep being served beside it. PBKDF2 (hashlib)
releases the GIL, so a thread hashing does not stop its process' other threads either.
WEB_CONCURRENCY and GUNICORN_THREADS override the defaults; .ci/serve passes --bind.
"""

import os

wsgi_app = "config.wsgi"
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
threads = int(os.environ.get("GUNICORN_THREADS", "8"))
timeout = 60
# Browsers and a balancer reuse connections between clicks (1-3 s apart): gunicorn's 2 s
# default closed them as the next request went out, which the client sees as a reset
# connection. Keep them longer than a user's pause; idle ones wait in the poller, not in a
# thread.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "30"))
graceful_timeout = 20
accesslog = "-"
