"""Test harness: real PostgreSQL, Redis, Celery worker and Chromium, never mocks.

``make test`` starts PostgreSQL and Redis (``.ci/with-services``) and passes their
URLs in the environment. A run without them is an error, not a skip.
"""

import os
import shutil

import pytest
from django.core.cache import cache

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
os.environ.setdefault("AXES_ENABLED", "false")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


def pytest_configure(config):
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith(("postgres://", "postgresql://")):
        raise pytest.UsageError(
            "The suite runs on PostgreSQL: run it with `make test`, which starts one "
            "(DATABASE_URL is not a PostgreSQL URL)."
        )
    if not os.environ.get("REDIS_URL", "").startswith("redis://"):
        raise pytest.UsageError("The suite needs Redis: run it with `make test` (REDIS_URL).")


# What makes a test slow: a browser, a worker process or a live server, or 10,000 rows.
SLOW_MARKERS = {"browser", "worker", "bulk"}
SLOW_FIXTURES = {"live_server", "celery_worker", "browser", "page"}


def pytest_collection_modifyitems(config, items):
    """Marks the slow tests `slow`, so `-m 'not slow'` is the quick loop (make test-quick)."""
    for item in items:
        has_slow_marker = any(item.get_closest_marker(name) for name in SLOW_MARKERS)
        if has_slow_marker or SLOW_FIXTURES.intersection(item.fixturenames):
            item.add_marker(pytest.mark.slow)


def _ensure_regions():
    from agencies.models import Region
    from agencies.regions import import_regions

    if not Region.objects.filter(level=Region.Level.VILLAGE).exists():
        import_regions()


@pytest.fixture(scope="session")
def _session_regions(django_db_setup, django_db_blocker):
    # Committed once for the session; pytest-django runs transactional tests (which
    # flush the database) after all the others, and `regions` reloads after a flush.
    with django_db_blocker.unblock():
        _ensure_regions()


@pytest.fixture
def regions(_session_regions, db):
    """The real 91,599 Kemendagri regions, from the project's bundled copy."""
    _ensure_regions()


@pytest.fixture(autouse=True)
def _empty_cache():
    # Cached figures are keyed by primary keys, which a flushed database hands out again.
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # PBKDF2's deliberate slowness protects real users; tests create hundreds.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def chromium_path():
    path = shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(path):
        pytest.fail("Chromium is not installed (make test installs Debian's chromium).")
    return path


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


# The journeys run with the Content-Security-Policy bypassed, so Playwright's own
# evaluation helpers (wait_for_function) and the injected axe-core may run; the policy
# itself is enforced and checked page by page in tests/config/test_csp_browser.py.
JOURNEY_CONTEXT = {"locale": "id-ID", "timezone_id": "Asia/Jakarta", "bypass_csp": True}


@pytest.fixture
def page(browser):
    context = browser.new_context(**JOURNEY_CONTEXT)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def sign_in(page, base_url: str, username: str, password: str = "sinergi-demo-2024"):
    """Signs ``username`` in through the real form on ``page`` and waits for the page
    it leads to."""
    page.goto(f"{base_url}/masuk/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    return page


@pytest.fixture
def log_in(page, live_server):
    """Logs a user in through the real login form."""

    def _log_in(username, password="sinergi-demo-2024"):
        return sign_in(page, live_server.url, username, password)

    return _log_in


@pytest.fixture
def celery_worker(transactional_db):
    """A real Celery worker process on the test database and the test Redis."""
    from tests.worker import WorkerProcess

    worker = WorkerProcess()
    worker.start()
    yield worker
    worker.stop()


@pytest.fixture
def media(settings, tmp_path):
    """Uploaded and generated files go to a fresh folder per test."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }
    return tmp_path


@pytest.fixture
def world(db):
    """The one test world (tests/worlds.py): units, partners, officials, a user per role."""
    from tests.worlds import build_world

    return build_world()
