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
# Four processes of four threads on two cores: a client's kept-alive connection stays with
# one process, whose threads share one interpreter lock, so fewer threads over more
# processes spread fifty users' requests over both cores. Measured on the national load
# test at 50 users: 3 x 8 gave p95 350 ms, 4 x 4 p95 220 ms (README, "Load test").
workers = int(os.environ.get("WEB_CONCURRENCY", "4"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = 60
# Browsers and a balancer reuse connections between clicks (1-3 s apart): gunicorn's 2 s
# default closed them as the next request went out, which the client sees as a reset
# connection. Keep them longer than a user's pause; idle ones wait in the poller, not in a
# thread.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "30"))
graceful_timeout = 20
accesslog = "-"
