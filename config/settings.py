"""Settings for the improvement dashboard, grouped by concern and read from the environment.

Development defaults are safe to run on a bare machine (SQLite, DEBUG on, local hosts only).
``DJANGO_ENV=production`` switches to production mode, which refuses to start without a real
``SECRET_KEY`` and named hosts. Every variable is read once, through the typed helpers in
``config.env``, and documented in ``.env.example``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_date, env_int, env_list, env_str, weak_secret_key, wildcard_hosts
from performance.benchmarks import areas

BASE_DIR = Path(__file__).resolve().parent.parent

# --- Environment, secrets and hosts -------------------------------------------------------------
ENVIRONMENT = env_str("DJANGO_ENV", "development").strip().lower()
if ENVIRONMENT not in {"development", "test", "production"}:
    raise ImproperlyConfigured(f"DJANGO_ENV={ENVIRONMENT!r} must be development, test or production")
PRODUCTION = ENVIRONMENT == "production"

_DEV_SECRET = "dev-only-insecure-secret-key-never-use-in-production"
SECRET_KEY = env_str("SECRET_KEY", "" if PRODUCTION else _DEV_SECRET)
_WEAK = "it is the development default" if SECRET_KEY == _DEV_SECRET else weak_secret_key(SECRET_KEY)
if PRODUCTION and _WEAK:
    raise ImproperlyConfigured(
        "Production mode needs SECRET_KEY (or SECRET_KEY_FILE): at least 50 random characters, "
        f"at least 5 of them distinct, not the development default; this one is refused: {_WEAK}. "
        "Make one with: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )

DEBUG = env_bool("DEBUG", default=not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production mode.")

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]", "testserver"]
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Production mode needs ALLOWED_HOSTS (comma-separated host names).")
if PRODUCTION and wildcard_hosts(ALLOWED_HOSTS):
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS must name this site's hosts in production, not "
        f"{', '.join(wildcard_hosts(ALLOWED_HOSTS))}: "
        "a wildcard lets a forged Host header poison password-reset links and cached pages. "
        "Use the host names (dashboard.council.gov.uk) or a leading dot for subdomains (.council.gov.uk)."
    )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", True)

# --- Applications and middleware ----------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "import_export",
    "simple_history",
    "axes",
    "csp",
    # Ours, bottom layer first: each imports only those above it in this list.
    "core",
    "performance",
    "improvement",
    "options",
    "reports",
    "dashboard",
]

# Order matters: the request id and the request log wrap everything (they see the final status);
# the 503 guard turns a lost database into the friendly page; the health check answers before
# host checks and the HTTPS redirect; oversized bodies are refused before they are read; the
# session timeouts run once the user is known; axes comes last.
MIDDLEWARE = [
    "core.middleware.RequestLogMiddleware",
    "core.middleware.DatabaseUnavailableMiddleware",
    "core.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.middleware.RequestSizeLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.middleware.SessionTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ADMIN_URL = env_str("ADMIN_URL", "admin/").strip("/") + "/"
# Where `make run` serves the site (its HOST and PORT): seed_demo prints the admin address from it.
DEV_SERVER_URL = f"http://{env_str('HOST', '127.0.0.1')}:{env_int('PORT', 8000)}/"
LOGIN_URL = "admin:login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.site",
            ],
        },
    },
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# --- Database -----------------------------------------------------------------------------------
# SQLite is the embedded default so the app runs on a bare machine; PostgreSQL is
# production's database, chosen with DATABASE_URL=postgres://user@host:5432/name.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60 if PRODUCTION else 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets pages read while an officer's import writes.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
DATABASES["default"].setdefault("TEST", {})
if env_str("TEST_DATABASE_NAME"):
    DATABASES["default"]["TEST"]["NAME"] = env_str("TEST_DATABASE_NAME")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------------------
# Django's cache: Redis when REDIS_URL is set, local memory otherwise. The Redis backend
# (core.cache.SharedRedisCache) treats a failed call as a miss, so the site keeps working, slower,
# with Redis down; each call waits at most REDIS_TIMEOUT_MS for it.
REDIS_URL = env_str("REDIS_URL")
_REDIS_TIMEOUT = env_int("REDIS_TIMEOUT_MS", 500) / 1000
CACHES = {
    "default": (
        {
            "BACKEND": "core.cache.SharedRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": _REDIS_TIMEOUT, "socket_timeout": _REDIS_TIMEOUT},
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
# After a failed call a process leaves Redis alone for CACHE_RETRY_SECONDS, and logs the outage
# once every CACHE_LOG_SECONDS at most.
CACHE_RETRY_SECONDS = env_int("CACHE_RETRY_SECONDS", 5)
CACHE_LOG_SECONDS = env_int("CACHE_LOG_SECONDS", 60)

# Rendered public pages are cached per data version (core.cache); 0 turns the cache off.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 600)
# How long each process trusts its copy of the data version before asking the cache again.
DATA_VERSION_SECONDS = env_int("DATA_VERSION_SECONDS", 2)
# The longest a process serves a page from its own memory: the bound on a stale page, whatever
# invalidation missed (never past PAGE_CACHE_SECONDS after the page was rendered).
LOCAL_PAGE_SECONDS = env_int("LOCAL_PAGE_SECONDS", 30)

# --- Static files, media and stored files ----------------------------------------------------------
STATIC_URL = "/static/"
# Where collectstatic puts the hashed, compressed files WhiteNoise serves.
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# plotly.js (its basic bundle, from the pinned npm package) is served by core.staticfiles, never a CDN.
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "core.staticfiles.PlotlyJsFinder",
]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media/"
# Files (uploads, generated reports) go through STORAGES["default"]: the local disk by default,
# or any storage class named by FILE_STORAGE_BACKEND (an S3-compatible store for several servers).
STORAGES = {
    "default": {"BACKEND": env_str("FILE_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage")},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION or env_bool("STATIC_MANIFEST", False)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# The report's content, loaded by `make run` with `loaddata`.
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# --- Sign-in, passwords and sessions ------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling (django-axes): a user name from one address is locked after AXES_FAILURE_LIMIT
# failures for AXES_COOLOFF_MINUTES; the lock is on the pair, so nobody can lock a colleague out
# from elsewhere, and the address comes from the proxy's X-Forwarded-For when TRUSTED_PROXIES > 0.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "core.errors.lockout"
AXES_CLIENT_IP_CALLABLE = "core.middleware.client_ip"
AXES_VERBOSE = False
TRUSTED_PROXIES = env_int("TRUSTED_PROXIES", 1 if PRODUCTION and BEHIND_TLS_PROXY else 0)
# Tests and the benchmark can turn the login throttle off; production never does.
AXES_ENABLED = True if PRODUCTION else env_bool("AXES_ENABLED", True)

# Sessions end after SESSION_IDLE_MINUTES without a request and SESSION_MAX_HOURS after sign-in,
# whichever comes first (core.middleware.SessionTimeoutMiddleware); the cookie dies with the browser.
SESSION_IDLE_SECONDS = env_int("SESSION_IDLE_MINUTES", 30) * 60
SESSION_ABSOLUTE_SECONDS = env_int("SESSION_MAX_HOURS", 8) * 3600
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_SECONDS
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
if REDIS_URL:
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# --- Security headers ------------------------------------------------------------------------------
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_TLS_PROXY else None
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # The HSTS preload directive is a one-way commitment for the whole registrable domain (a
    # council's domain is run centrally), so it stays off unless SECURE_HSTS_PRELOAD=true.
    SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
    # The cookie names are prefixed so a browser refuses them over plain HTTP or from a subdomain.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "core.errors.csrf_failure"

# Content Security Policy: scripts from our own origin only (no inline script, no eval).
# style-src needs 'unsafe-inline' because plotly.js injects <style> rules and sets style
# attributes on the SVG it draws; that cannot run script, so the script policy stays strict.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Browser features the dashboard never uses, refused for this origin and any frame.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}
# --- Uploads and imports -------------------------------------------------------------------------
# Uploaded import files are read in memory up to this size and refused past it.
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 10 * 1024 * 1024)
# Limits checked before (or while) a file is parsed, so a hostile or mistaken file is refused
# at once: a workbook's size once unzipped, its sheets, and a file's rows, columns and cells.
IMPORT_MAX_EXPANDED_BYTES = env_int("IMPORT_MAX_EXPANDED_BYTES", 60 * 1024 * 1024)
IMPORT_MAX_SHEETS = env_int("IMPORT_MAX_SHEETS", 20)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 100_000)
IMPORT_MAX_COLUMNS = env_int("IMPORT_MAX_COLUMNS", 40)
IMPORT_MAX_CELL_CHARS = env_int("IMPORT_MAX_CELL_CHARS", 4000)
# A previewed import can be confirmed (once) for this many minutes.
IMPORT_PREVIEW_MINUTES = env_int("IMPORT_PREVIEW_MINUTES", 60)
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 10 * 1024 * 1024)
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"

# Uploads: a request body past REQUEST_MAX_BYTES is refused with a 413 before it is read; files
# past FILE_UPLOAD_MAX_MEMORY_SIZE spool to a temporary file that Django deletes when the request
# ends. A previewed file of monthly values waits for its confirm in the database (a ValueImport
# row, emptied once done), so any app server or worker can confirm it; any other preview of
# django-import-export's keeps its file in the shared cache for an hour at most, never on disk.
REQUEST_MAX_BYTES = env_int("REQUEST_MAX_BYTES", IMPORT_MAX_BYTES + 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = env_int("FILE_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)
FILE_UPLOAD_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
FILE_UPLOAD_PERMISSIONS = 0o600
IMPORT_EXPORT_TMP_STORAGE_CLASS = "core.uploads.SharedCacheStorage"

# --- Logs --------------------------------------------------------------------------------------------
# One JSON object a line in production (LOG_FORMAT=json), plain text in development; every
# request logged once by core.middleware.RequestLogMiddleware with its request id.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "core.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "filters": {
        "request_id": {"()": "core.logs.RequestIdFilter"},
        "database_unavailable": {"()": "core.logs.DatabaseUnavailableFilter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": env_str("LOG_FORMAT", "json" if PRODUCTION else "text"),
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Each request is logged once by our middleware; Django's own 4xx/5xx line would repeat it.
        # A lost database is logged in one line by core.errors; Django's record would add a traceback.
        "django.request": {"level": "ERROR", "filters": ["database_unavailable"]},
        "django.server": {"level": "WARNING"},
        "dashboard.request": {"level": env_str("REQUEST_LOG_LEVEL", "INFO")},
        "axes": {"level": "WARNING"},  # a line per sign-in attempt at INFO; lockouts are warnings
    },
}
# Trust the proxy's X-Request-ID when it sends one; otherwise each request gets a fresh id.
REQUEST_ID_HEADER = env_str("REQUEST_ID_HEADER", "X-Request-ID")

# --- The council, its comparators and its reports ------------------------------------------------
COUNCIL_NAME = env_str("COUNCIL_NAME", "Birmingham City Council")
# The council and its region as ONS codes, as DfE's files name them, and its statistical
# neighbours as CODE=Name items (comma-separated). The defaults, and why the neighbours are a
# configured list rather than DfE's, are in performance/benchmarks/areas.py, which the fixture
# builder reads too.
COUNCIL_LA_CODE = env_str("COUNCIL_LA_CODE", areas.COUNCIL[0])
COUNCIL_REGION_CODE = env_str("COUNCIL_REGION_CODE", areas.REGION[0])
try:
    STATISTICAL_NEIGHBOURS = areas.parse_neighbours(env_list("STATISTICAL_NEIGHBOURS") or areas.as_setting())
except ValueError as exc:
    raise ImproperlyConfigured(f"STATISTICAL_NEIGHBOURS: {exc}") from exc
# The number of points before process limits are trusted (SPC, outlier checks).
SPC_MIN_POINTS = env_int("SPC_MIN_POINTS", 12)
# The date of the next six-monthly report to full Council, shown on the overview when set.
NEXT_COUNCIL_REPORT_DATE = env_date("NEXT_COUNCIL_REPORT_DATE")
# The Chromium that draws the packs' charts and prints the PDF (Playwright drives it).
REPORTS_CHROMIUM = env_str("REPORTS_CHROMIUM", "/usr/bin/chromium")
# Demo users are created in development only (see core's seed_demo command).
DEMO_USERS = not PRODUCTION

# --- Long work in workers: Django's task framework ------------------------------------------------
# Exports, imports, benchmark imports and restores run as tasks (django-tasks, the backport of
# django.tasks) in `manage.py worker` processes, which claim them from the database
# (django-tasks-db), so workers scale out as processes on any machine that reaches the database.
# Each job is a core.models.Job that a person can follow; see docs/adr/0004-task-engine.md.
INSTALLED_APPS += ["django_tasks", "django_tasks_db"]
TASKS = {"default": {"BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
# A running job's worker stamps it every JOB_HEARTBEAT_SECONDS; a job not stamped for
# JOB_LEASE_SECONDS is taken as lost (its worker died) and is retried, up to JOB_MAX_ATTEMPTS
# attempts in all, then failed with the reason.
JOB_HEARTBEAT_SECONDS = env_int("JOB_HEARTBEAT_SECONDS", 5)
JOB_LEASE_SECONDS = env_int("JOB_LEASE_SECONDS", 60)
JOB_MAX_ATTEMPTS = env_int("JOB_MAX_ATTEMPTS", 2)
