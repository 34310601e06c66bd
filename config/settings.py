"""Settings for the improvement dashboard, read from environment variables.

Development defaults are safe to run on a bare machine (SQLite, DEBUG on, local
hosts only). Setting ``DJANGO_ENV=production`` switches to production mode, which
refuses to start without a real ``SECRET_KEY``. Every variable is documented in
``.env.example``.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_date, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

ENVIRONMENT = env_str("DJANGO_ENV", "development").strip().lower()
if ENVIRONMENT not in {"development", "test", "production"}:
    raise ImproperlyConfigured(f"DJANGO_ENV={ENVIRONMENT!r} must be development, test or production")
PRODUCTION = ENVIRONMENT == "production"

_DEV_SECRET = "dev-only-insecure-secret-key-never-use-in-production"
SECRET_KEY = env_str("SECRET_KEY", "" if PRODUCTION else _DEV_SECRET)
if PRODUCTION and (not SECRET_KEY or SECRET_KEY == _DEV_SECRET or len(SECRET_KEY) < 32):
    raise ImproperlyConfigured(
        "Production mode needs SECRET_KEY (or SECRET_KEY_FILE): at least 32 characters, "
        "not the development default."
    )

DEBUG = env_bool("DEBUG", default=not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production mode.")

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]", "testserver"]
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Production mode needs ALLOWED_HOSTS (comma-separated host names).")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

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
    "core",
    "performance",
    "improvement",
    "options",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "config.urls"

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

WSGI_APPLICATION = "config.wsgi.application"

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

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION or env_bool("STATIC_MANIFEST", False)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# The report's content, loaded by `make run` with `loaddata performance improvement options`.
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

LOGIN_URL = "admin:login"
ADMIN_URL = env_str("ADMIN_URL", "admin/").strip("/") + "/"

# The council this instance serves, and its comparators in DfE files.
COUNCIL_NAME = env_str("COUNCIL_NAME", "Birmingham City Council")
COUNCIL_LA_CODE = env_str("COUNCIL_LA_CODE", "E08000025")
COUNCIL_REGION_CODE = env_str("COUNCIL_REGION_CODE", "E12000005")
# Statistical neighbours, as new LA codes. The default is a plausible set of large
# urban authorities with similar deprivation; check it against the DfE's statistical
# neighbour benchmarking tool before relying on it.
STATISTICAL_NEIGHBOURS = env_list(
    "STATISTICAL_NEIGHBOURS",
    [
        "E08000028",  # Sandwell
        "E08000003",  # Manchester
        "E08000031",  # Wolverhampton
        "E08000030",  # Walsall
        "E08000032",  # Bradford
        "E06000016",  # Leicester
        "E08000026",  # Coventry
        "E08000012",  # Liverpool
        "E08000021",  # Newcastle upon Tyne
        "E06000018",  # Nottingham
    ],
)

# The number of points before process limits are trusted (SPC, outlier checks).
SPC_MIN_POINTS = env_int("SPC_MIN_POINTS", 12)

# Django's cache: Redis when REDIS_URL is set, local memory otherwise.
REDIS_URL = env_str("REDIS_URL")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Uploaded import files are read in memory up to this size and refused past it.
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 10 * 1024 * 1024)
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"

# Demo users are created in development only (see core's seed_demo command).
DEMO_USERS = not PRODUCTION

if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = (
        ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY", True) else None
    )
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- Public pages (issue 3) -------------------------------------------------------------
# plotly.min.js is served from the installed plotly package (core.staticfiles), never a CDN.
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "core.staticfiles.PlotlyJsFinder",
]
# Rendered public pages are cached per data version (core.cache); 0 turns the cache off.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 600)
# How long each process trusts its copy of the data version before asking the cache again.
DATA_VERSION_SECONDS = env_int("DATA_VERSION_SECONDS", 2)
# The date of the next six-monthly report to full Council, shown on the overview when set.
NEXT_COUNCIL_REPORT_DATE = env_date("NEXT_COUNCIL_REPORT_DATE")

# imports: benchmarks from DfE files (performance.benchmarks). The council and its region as ONS
# codes; its statistical neighbours as LA codes. Birmingham's ten, as listed here: Sandwell,
# Manchester, Bradford, Wolverhampton, Walsall, Leicester, Nottingham, Luton, Enfield, Coventry.
# Check them against DfE's Children's Services Statistical Neighbour Benchmarking Tool before
# relying on the average (set STATISTICAL_NEIGHBOURS, comma-separated, to change them).
COUNCIL_LA_CODE = env_str("COUNCIL_LA_CODE", "E08000025")
COUNCIL_REGION_CODE = env_str("COUNCIL_REGION_CODE", "E12000005")
STATISTICAL_NEIGHBOURS = env_list(
    "STATISTICAL_NEIGHBOURS",
    [
        "E08000028", "E08000003", "E08000032", "E08000031", "E08000030",
        "E06000016", "E06000018", "E06000032", "E09000010", "E08000026",
    ],
)  # fmt: skip
