"""Signing in with a username and password, and finding the signed-in user of each request."""

from django.contrib.auth.backends import ModelBackend

from agencies import access_cache


class CachedModelBackend(ModelBackend):
    """Django's ModelBackend, with the user of every request read from the shared cache.

    Loading the user row was the costliest step every signed-in page paid before its view
    (a query, its compilation and the model). The row is cached under the user's token,
    which every save or delete of the user replaces (agencies.access_cache), so a password
    change (which ends the user's other sessions), a deactivation or new names show at the
    next request; the session's password hash is still checked against the row each time.
    Sessions begun under Django's ModelBackend are read as this one's (config.sessions).
    """

    def get_user(self, user_id):
        return access_cache.read_user(user_id, build=super().get_user)
