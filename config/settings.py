"""Sinergi settings, read from the environment (and an optional ``.env``).

With no configuration at all the app runs on SQLite in the project folder with a
Celery broker in an SQLite file under ``var/``, so ``make run`` works on a bare
machine with a real worker and beat. ``DATABASE_URL`` and ``REDIS_URL`` switch to
PostgreSQL and a Redis broker; ``DJANGO_ENV=production`` requires both and turns on
the hardening that ``check --deploy`` wants. Every variable is documented in
``.env.example``.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.release import code_digest

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DJANGO_ENV = env.str("DJANGO_ENV", default="development")
PRODUCTION = DJANGO_ENV == "production"

# Off unless asked for: the demo shows Sinergi's own error pages, as production does.
DEBUG = env.bool("DJANGO_DEBUG", default=False)
if PRODUCTION:
    SECRET_KEY = env.str("DJANGO_SECRET_KEY")
    ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
else:
    SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="dev-only-not-secret-sinergi")
    ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Before staticfiles: WhiteNoise, not runserver, serves static files in every mode.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "simple_history",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_celery_beat",
    "agencies",
    "operations",
    "polling_stations",
    "meetings",
    "agencies.accounts",
    "agencies.audit",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # The app serves its own static files (no CDN, no separate web server needed).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "config.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "config.middleware.NoStoreMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "agencies.accounts.middleware.SecondFactorMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it must see the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

# A profiler for development only: with DEBUG on and DJANGO_PROFILE=true, any page with
# ?profile in its address answers with pyinstrument's report of where its time went.
# Production never loads it, whatever the environment says (pyinstrument is a dev package).
PROFILING = DEBUG and not PRODUCTION and env.bool("DJANGO_PROFILE", default=False)
if PROFILING:
    # Outermost, so the report replaces the whole answer (and its Content-Security-Policy,
    # which would refuse the report's inline script).
    MIDDLEWARE.insert(0, "pyinstrument.middleware.ProfilerMiddleware")

# Outside production WhiteNoise finds files where they are, so no collectstatic is needed.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG

ROOT_URLCONF = "config.urls"
# Where the admin lives: a path nobody guesses in production keeps it out of scanners' lists.
ADMIN_PATH = env.str("DJANGO_ADMIN_PATH", default="pengelola-7c1e/" if PRODUCTION else "admin/")
ADMIN_PATH = ADMIN_PATH.strip("/") + "/"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "agencies.context_processors.roles",
            ],
        },
    },
]

VAR_DIR = BASE_DIR / "var"

# Production never falls back to something embedded: a web node on its own SQLite file or
# broker would look healthy while losing what it was given.
if PRODUCTION:
    _missing = [name for name in ("DATABASE_URL", "REDIS_URL") if not env.str(name, default="")]
    if _missing:
        raise ImproperlyConfigured(
            f"DJANGO_ENV=production needs {' and '.join(_missing)}: PostgreSQL "
            "(postgres://...) and Redis (redis://...). Production never falls back to "
            "SQLite or an embedded broker."
        )
    if not env.str("DATABASE_URL").startswith(("postgres://", "postgresql://")):
        raise ImproperlyConfigured("DJANGO_ENV=production needs a PostgreSQL DATABASE_URL.")

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    # A connection kept across requests is checked first, so a restarted server costs no
    # failed request once it is back.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Pages run short queries. PostgreSQL's JIT compiles any plan whose estimated cost
    # crosses its threshold (a count over 10,000 meetings does), which costs 200-400 ms
    # on a query that runs in tens without it.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server, the worker and beat share the file: WAL lets pages read while a
    # job writes, and a writer waits for the lock instead of failing at once.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "agencies.accounts.backends.CachedModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Django's own hashers; its PBKDF2 (the default, same strength and format) runs within a
# per-machine budget of PASSWORD_HASHING_SLOTS concurrent hashes, so a burst of sign-ins
# queues for its share of the CPU instead of taking every page's (config.passwords).
PASSWORD_HASHERS = [
    "config.passwords.BudgetedPBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
PASSWORD_HASHING_SLOTS = env.int(
    "PASSWORD_HASHING_SLOTS", default=max(1, (os.cpu_count() or 2) // 2)
)
PASSWORD_HASHING_LOCK_DIR = env.path(
    "PASSWORD_HASHING_LOCK_DIR", default=VAR_DIR / "password-hashing"
)
PASSWORD_HASHING_WAIT_SECONDS = env.float("PASSWORD_HASHING_WAIT_SECONDS", default=30.0)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Brute-force protection: five wrong passwords lock the username (from any address) and,
# separately, the address (for any username) for an hour, so spreading guesses over many
# addresses does not help.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "config.network.client_address"
# Sign-ins are logged by agencies.accounts (one list for successes and failures).
AXES_DISABLE_ACCESS_LOG = True
# How many reverse proxies in front of the app append to X-Forwarded-For; 0 trusts none
# and takes REMOTE_ADDR, which a client cannot forge.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
# Stored in UTC; every page shows times in the host unit's own zone (WIB/WITA/WIT).
TIME_ZONE = "Asia/Jakarta"
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
NODE_MODULES = BASE_DIR / "node_modules"
# Only the built files of each front-end package are exposed, under vendor/.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", NODE_MODULES / "bootstrap-icons" / "font"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/leaflet", NODE_MODULES / "leaflet" / "dist"),
    ("vendor/leaflet.markercluster", NODE_MODULES / "leaflet.markercluster" / "dist"),
    ("vendor/sortablejs", NODE_MODULES / "sortablejs"),
    ("vendor/tom-select", NODE_MODULES / "tom-select" / "dist"),
]
STORAGES = {
    # Attachments live outside the static tree; they are served only through a view
    # that checks the user may see the meeting.
    "default": {
        # On several machines: storages.backends.s3.S3Storage (django-storages), see README.
        "BACKEND": "config.storage.AtomicFileSystemStorage",
        "OPTIONS": {"location": env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")},
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Celery always runs tasks in a worker process. Without REDIS_URL the broker is Kombu's
# SQLAlchemy transport over an SQLite file under var/ (the embedded default: no server to
# run); job state lives in the apps' own models, so no result backend is needed there.
REDIS_URL = env.str("REDIS_URL", default="")
if not REDIS_URL:
    VAR_DIR.mkdir(exist_ok=True)
CELERY_BROKER_URL = REDIS_URL or env.str(
    "CELERY_BROKER_URL", default=f"sqlalchemy+sqlite:///{VAR_DIR / 'celery-broker.sqlite'}"
)
CELERY_RESULT_BACKEND = REDIS_URL or None
# With Redis, one cache for every web node and worker: what is cached (a field officer's
# TPS list) is dropped everywhere when it changes. Its own database number by default, so
# clearing the cache never touches the Celery queues. Without Redis, one per process.
if REDIS_URL:
    _redis = urlsplit(REDIS_URL)
    _cache_db = int(_redis.path.strip("/") or 0) + 1
    CACHES = {
        "default": {
            "BACKEND": "config.redis_cache.RedisCache",
            "LOCATION": env.str(
                "REDIS_CACHE_URL", default=urlunsplit(_redis._replace(path=f"/{_cache_db}"))
            ),
        }
    }
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 600
CELERY_TASK_SOFT_TIME_LIMIT = 540
CELERY_BROKER_CONNECTION_TIMEOUT = 3
# An unacknowledged job (its worker died) is delivered again after visibility_timeout,
# which must exceed the longest task; tests of worker crashes lower it.
if CELERY_BROKER_URL.startswith("redis"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=900),
        "unacked_restore_interval": env.int("CELERY_UNACKED_RESTORE_INTERVAL", default=10),
    }
else:
    # Passed to SQLAlchemy's create_engine: wait for SQLite's lock rather than fail.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"connect_args": {"timeout": 20}}
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

# What every signed-in page pays before its view, kept off the database where a shared cache
# allows: the session (read from the cache, written to both) and each user's access
# (agencies.access_cache, rebuilt when a membership, unit or the user changes). Without
# Redis, per-process caches could not see each other's changes: both stay in the database.
# A cache that does not answer within a second is passed over (config.sessions), never
# waited on: pages keep working through a Redis outage.
if REDIS_URL:
    CACHES["default"]["OPTIONS"] = {"socket_connect_timeout": 1, "socket_timeout": 1}
    SESSION_ENGINE = "config.sessions"
    # Keys carry the release: fragments (meeting pages, TPS rows) and objects cached by the
    # code before a deploy are never served after it (a per-process cache dies with its
    # process anyway). SINERGI_RELEASE names a build (its commit); by default a digest of
    # the code and templates, the same on every node of a release.
    CACHES["default"]["KEY_PREFIX"] = env.str("SINERGI_RELEASE", default="") or code_digest(
        BASE_DIR
    )
ACCESS_CACHE_SECONDS = env.int("ACCESS_CACHE_SECONDS", default=600 if REDIS_URL else 0)

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Sinergi <sinergi@localhost>")
# The address people reach the app at, for links in e-mails and calendar files.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

# Voting day: minutes an incident of severity 2+ may stay unacknowledged before it goes
# to the Polda posko, and how often the situation room refreshes its fragments.
ELECTION_DAY_ESCALATION_MINUTES = env.int("ELECTION_DAY_ESCALATION_MINUTES", default=15)
ELECTION_DAY_POLL_SECONDS = env.int("ELECTION_DAY_POLL_SECONDS", default=5)

# Map tiles: a setting so an isolated network can point at its own tile server.
# Unset by default: the TPS map draws the region boundaries the app ships as its base layer,
# so it works on a police network that reaches no tile server. Set it to a tile server the
# users can reach to draw tiles under the boundaries.
MAP_TILE_URL = env.str("MAP_TILE_URL", default="")
MAP_TILE_ATTRIBUTION = env.str("MAP_TILE_ATTRIBUTION", default="")

# Content-Security-Policy (django-csp): scripts and styles only from the app's own static
# files, no inline script, no inline style; images also from the map tile server, if any.
_tile_origins = ["{0.scheme}://{0.netloc}".format(urlsplit(MAP_TILE_URL))] if MAP_TILE_URL else []
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *_tile_origins],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Second factor (django-otp TOTP): the issuer shown in authenticator apps.
OTP_TOTP_ISSUER = "Sinergi"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint and fontTools narrate every PDF at INFO; only their problems matter.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
