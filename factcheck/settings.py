"""One settings module, driven by the environment (django-environ).

Defaults run with no services at all: a SQLite file under ``var/`` (WAL, busy
timeout, writers queue up), Celery in eager mode. DEBUG is off unless ``DEBUG=1``
(Django's debug page shows settings and the environment to whoever gets an error). ``DATABASE_URL`` switches to PostgreSQL (pgvector),
``CELERY_BROKER_URL`` (or ``REDIS_URL``) to a real broker and worker.
``FACTCHECK_ENV=production`` refuses to start without ``SECRET_KEY`` and
``ALLOWED_HOSTS``.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("FACTCHECK_VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

env = environ.Env()

FACTCHECK_ENV = env.str("FACTCHECK_ENV", default="local")
PRODUCTION = FACTCHECK_ENV == "production"

if PRODUCTION:
    SECRET_KEY = env.str("SECRET_KEY", default="")
    if not SECRET_KEY:
        raise ImproperlyConfigured("SECRET_KEY must be set when FACTCHECK_ENV=production")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must be set when FACTCHECK_ENV=production")
    DEBUG = False
else:
    SECRET_KEY = env.str("SECRET_KEY", default="local-dev-only-not-secret")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
    DEBUG = env.bool("DEBUG", default=False)
# static files come from the app directories without collectstatic when not in
# production, with DEBUG off too (whitenoise; runserver serves none without DEBUG)
WHITENOISE_USE_FINDERS = not PRODUCTION

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_celery_beat",
    "django_filters",
    "django_htmx",
    "simple_history",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "claims",
    "axes",
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
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "claims.db_errors.DatabaseLockedMiddleware",  # a lock past the timeout: 503, not 500
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "factcheck.urls"
WSGI_APPLICATION = "factcheck.wsgi.application"
ASGI_APPLICATION = "factcheck.asgi.application"

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
            ],
        },
    },
]

# --- database ---------------------------------------------------------------
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'factcheck.sqlite3'}")
}
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Embedded mode takes concurrent requests: WAL lets readers go on while one writer
    # writes; every transaction starts as a writer (BEGIN IMMEDIATE), so two of them
    # never both read and then deadlock upgrading to a write lock (SQLite answers that
    # "database is locked" at once, whatever the timeout); a writer waits up to
    # SQLITE_TIMEOUT seconds for the lock. Past that: 503 (claims/db_errors.py).
    _sqlite = DATABASES["default"].setdefault("OPTIONS", {})
    _sqlite.setdefault("timeout", env.int("SQLITE_TIMEOUT", default=20))
    _sqlite.setdefault("transaction_mode", "IMMEDIATE")
    _sqlite.setdefault(
        "init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )
    DATABASES["default"].setdefault("TEST", {"NAME": str(VAR_DIR / "test.sqlite3")})
USING_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "staticfiles")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns on a missing root

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "claims:queue"
LOGOUT_REDIRECT_URL = "login"

# --- security (production) --------------------------------------------------
# Passwords: Django's default hashers (PBKDF2 first, then Argon2/bcrypt/scrypt) are
# left as they are; only test fixtures swap in a fast hasher (tests/project/test_security.py
# checks production keeps the default).
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=12 * 3600)
CSRF_COOKIE_HTTPONLY = False  # the HTMX requests read it from the cookie
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # behind a TLS-terminating proxy that sets X-Forwarded-Proto (and strips it from clients)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# --- brute force: login lockout and API throttling ---------------------------
# django-axes: LOGIN_FAILURE_LIMIT failed logins for one username from one address
# lock that pair out for LOGIN_LOCKOUT_MINUTES (the login page, the admin login and
# the API token endpoint all go through authenticate()); LOGIN_ADDRESS_FAILURE_LIMIT
# failed logins from one address, whatever the usernames (password spraying), lock the
# address out (claims/login_lockout.py). A success resets its own user+address count.
# Behind a proxy the address is the proxy's: set AXES_IPWARE_* for the real one.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = env.bool("LOGIN_LOCKOUT", default=True)
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "claims.login_lockout.AddressLimitHandler"
LOGIN_ADDRESS_FAILURE_LIMIT = env.int("LOGIN_ADDRESS_FAILURE_LIMIT", default=20)
AXES_RESET_ON_SUCCESS = True
# Throttle counters (DRF) live in this cache: give every web process the same one in
# production (CACHE_URL=redis://host:6379/2), or each process counts on its own.
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://factcheck")}

# --- Celery -----------------------------------------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=env.str("REDIS_URL", default=""))
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not CELERY_BROKER_URL)
if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "memory://"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default="") or None
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=600)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=540)
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {
    "claims.tasks.embed_*": {"queue": "embed"},
    "claims.tasks.match_*": {"queue": "match"},
}
# Redis keeps a message a worker took but never acknowledged (the worker was killed)
# and delivers it again after visibility_timeout s. It must exceed the longest task
# (CELERY_TASK_TIME_LIMIT) plus the longest retry countdown (120 s, claims/tasks.py),
# or a slow task would run twice at once. Workers look for such messages every
# interval x throttle s (kombu's default is 10 x 10).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=900),
    "unacked_restore_interval": env.int("CELERY_UNACKED_RESTORE_INTERVAL", default=10),
    "unacked_restore_throttle": 1,
}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = TIME_ZONE

# --- models and matching ----------------------------------------------------
EMBEDDING_MODEL = env.str("EMBEDDING_MODEL", default="all-MiniLM-L6-v2")
EMBEDDING_DIM = 384
# the encoder's runtime: torch (default), onnx (same vectors, faster) or onnx-int8
# (faster still, its own model version); ONNX graphs are exported locally, cached here
EMBEDDING_BACKEND = env.str("EMBEDDING_BACKEND", default="torch")
if EMBEDDING_BACKEND not in ("torch", "onnx", "onnx-int8"):
    raise ImproperlyConfigured(
        f"EMBEDDING_BACKEND must be torch, onnx or onnx-int8, not {EMBEDDING_BACKEND!r}"
    )
EMBEDDING_CACHE_DIR = Path(env.str("EMBEDDING_CACHE_DIR", default=str(VAR_DIR / "encoder")))
MATCH_TOP_K = env.int("MATCH_TOP_K", default=5)

# --- ingestion limits -------------------------------------------------------
INGEST_MAX_BYTES = env.int("INGEST_MAX_BYTES", default=5 * 1024 * 1024)
# a request body may carry a whole article (JSON-escaped: up to 2x) before the ingest
# limit is applied with its own message; anything larger is Django's 400
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * INGEST_MAX_BYTES + 64 * 1024
URL_FETCH_TIMEOUT = env.float("URL_FETCH_TIMEOUT", default=10.0)
URL_FETCH_ALLOW_PRIVATE = env.bool("URL_FETCH_ALLOW_PRIVATE", default=False)

# --- REST framework ---------------------------------------------------------


def _spectacular_schema_settings() -> dict:
    from claims.api.schema import SCHEMA_SETTINGS  # plain data: import paths as strings

    return dict(SCHEMA_SETTINGS)


def _rate(value: str) -> str | None:
    return None if value.strip().lower() in ("", "none", "off") else value.strip()


# API tokens expire this long after they are issued (claims/services/api_tokens.py)
API_TOKEN_LIFETIME = timedelta(days=env.int("API_TOKEN_LIFETIME_DAYS", default=30))
# request bodies nested deeper than this are a 400 (claims/api/parsers.py)
API_JSON_MAX_DEPTH = env.int("API_JSON_MAX_DEPTH", default=64)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "claims.api.permissions.ExpiringTokenAuthentication",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "claims.api.parsers.DepthLimitedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "EXCEPTION_HANDLER": "claims.api.errors.api_exception_handler",
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    # DRF's own throttles: per token/session user and per anonymous address ("none"
    # turns one off, e.g. for a load bench). Failed token requests are axes' job.
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": _rate(env.str("API_THROTTLE_ANON", default="120/min")),
        "user": _rate(env.str("API_THROTTLE_USER", default="3000/min")),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Factcheck workbench API", "VERSION": "1.0.0",
    "SWAGGER_UI_DIST": "SIDECAR", "SWAGGER_UI_FAVICON_HREF": "SIDECAR", "REDOC_DIST": "SIDECAR",
    # the same enum names as the schema view (check --deploy warns about collisions otherwise)
    **_spectacular_schema_settings(),
}
FACTCHECK_ORG_NAME = env.str("FACTCHECK_ORG_NAME", default="Factcheck workbench")
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}

# --- extraction -------------------------------------------------------------
# Claims scoring below this check-worthiness are stored as "not check-worthy"
# and left out of matching and the default queue (reviewers can still see them).
CHECKWORTHY_THRESHOLD = env.float("CHECKWORTHY_THRESHOLD", default=0.3)
REFERENCE_MAX_BYTES = env.int("REFERENCE_MAX_BYTES", default=200 * 1024 * 1024)

# --- matching ----------------------------------------------------------------
# pgvector HNSW candidate list per query (indexes m=32, ef_construction=128: migration
# 0010). bench/knn.py at 1M vectors, index in shared_buffers, quiet 2-core machine:
# ef 60 -> p95 7.6-9.5 ms, recall@10 0.974; ef 80 -> p95 8.8-10.0 ms, recall 0.992;
# ef 100 -> p95 11.8-12.7 ms, recall 0.994. Higher: more recall, slower queries.
HNSW_EF_SEARCH = env.int("HNSW_EF_SEARCH", default=60)
# pairs at or above this fused similarity are compared slot by slot
COMPARE_MIN_SIMILARITY = env.float("COMPARE_MIN_SIMILARITY", default=0.45)
STANCE_MODEL = env.str("STANCE_MODEL", default="rules")
# a run still running after this many seconds is failed and its claims re-queued
RUN_STUCK_AFTER = env.int("RUN_STUCK_AFTER", default=2 * 3600)

# --- evidence list (claim page) -----------------------------------------------
# Under this cosine similarity a passage or other claim is not offered as evidence:
# the page says "no relevant evidence found" (the rows stay behind a toggle, not
# citable). Calibrated by bench/evidence_floor.py (CT2020 dev: the cosine that keeps
# 95% of gold pairs; see the README for the figures). 0 shows everything.
EVIDENCE_FLOOR = env.float("EVIDENCE_FLOOR", default=0.40)
# rows open at first; the rest above the floor are behind "show more"
EVIDENCE_SHOWN = env.int("EVIDENCE_SHOWN", default=3)
# embedded-mode runserver: load the embedding model in the background at start-up
# (claims/warmup.py: the first verdict save otherwise waits ~10-15 s for it)
EMBEDDING_WARMUP = env.bool("EMBEDDING_WARMUP", default=True)
