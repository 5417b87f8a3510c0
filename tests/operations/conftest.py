import pytest
from django.db import transaction
from django.test import override_settings

from operations.demo import load_demo


@pytest.fixture(scope="module")
def _demo_for_module(_session_regions, django_db_blocker):
    """The demo loaded once per module inside a transaction that is rolled back after the
    module's last test; each test runs in a savepoint of it (as ``setUpTestData`` does).

    Loading takes seconds, and most demo tests only read it.
    """
    # Hashed as the function-scoped test settings hash, so that tests can check passwords.
    fast_hasher = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
    )
    with django_db_blocker.unblock(), fast_hasher:
        atomic = transaction.atomic()
        atomic.__enter__()
        summary = load_demo()
    yield summary
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


@pytest.fixture
def demo(_demo_for_module, db):
    """The demo data, loaded as `make run` loads it."""
    return _demo_for_module
