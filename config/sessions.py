"""Sessions read from the shared cache and written to both it and the database, working
through a cache outage.

Django's ``cached_db`` store already treats a cache that fails to read or write as a miss.
It still fails when keeping a copy of a session it read from the database (every page),
checking whether a new key is taken (every sign-in) and deleting (every sign-out); here
each falls back to the database alone, so people work, sign in and out while Redis is
down. A session deleted during an outage is gone from the database; its cached copy,
should Redis come back holding it, lasts until its own expiry, and only a stolen cookie
could use it (signing out also removes the cookie from the browser).
"""

import logging

from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.sessions.backends import cached_db
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore

logger = logging.getLogger(__name__)


# Sessions begun under Django's ModelBackend name it; the same users now sign in through
# its subclass that caches the user row, and are not signed out by the change.
RENAMED_BACKENDS = {
    "django.contrib.auth.backends.ModelBackend": "agencies.accounts.backends.CachedModelBackend",
}


class SessionStore(cached_db.SessionStore):
    def load(self):
        try:
            data = super().load()
        except Exception:
            logger.warning("session cache unreachable; reading the session from the database")
            stored = self._get_session_from_db()
            data = self.decode(stored.session_data) if stored else {}
        backend = data.get(BACKEND_SESSION_KEY)
        if backend in RENAMED_BACKENDS:
            data[BACKEND_SESSION_KEY] = RENAMED_BACKENDS[backend]
        return data

    def exists(self, session_key):
        try:
            return super().exists(session_key)
        except Exception:
            logger.warning("session cache unreachable; checking the database alone")
            return DatabaseSessionStore.exists(self, session_key)

    def delete(self, session_key=None):
        try:
            # The database row goes first, then the cached copy.
            super().delete(session_key)
        except Exception:
            logger.error("session cache unreachable: a session was deleted from the database only")
