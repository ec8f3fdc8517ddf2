"""Settings for nationscup, read from environment variables.

With no variables at all the site runs on a bare machine: an SQLite file under
``var/``, Celery on kombu's filesystem transport (a real broker shared by the
web, worker and beat processes, no server needed) and an in-process cache.
Production and CI set ``DATABASE_URL`` (PostgreSQL) and ``REDIS_URL``.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("NATIONSCUP_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)
# Uploaded files waiting for an organiser's confirmation (shared storage when scaled out).
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once and kept in var/."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tables2",
    "django_filters",
    "django_celery_beat",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "leagues",
    "live_events",
    "stewarding",
    "notifications",
    "privacy",
    "operations",
    "calendars",
    "api",
]

MIDDLEWARE = [
    "operations.middleware.RequestMetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "nationscup.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything reads the session cookie, the form or the database.
    "nationscup.hostile.RefuseHostileInput",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "nationscup.sessions.IdleSessionExpiry",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "nationscup.two_factor.StaffTwoFactorMiddleware",
    "nationscup.security.LoginThrottleMiddleware",
    "nationscup.security.AdminAuditMiddleware",
    "nationscup.middleware.TimezoneMiddleware",
    "nationscup.middleware.EnglishAdminMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "nationscup.urls"
WSGI_APPLICATION = "nationscup.wsgi.application"

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
                "django.template.context_processors.i18n",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'nationscup.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web, worker and beat processes share one file: wait for locks rather
    # than fail, and take the write lock at BEGIN so transactions never deadlock.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DATABASES["default"].setdefault("TEST", {})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def _neighbour_database(url: str) -> str:
    """The same Redis with the next database number (the previous one for the last, 15)."""
    base, _, number = url.rpartition("/")
    if not base.startswith("redis") or not number.isdigit():
        return url  # no database number to change: say REDIS_CACHE_URL explicitly
    return f"{base}/{int(number) + 1 if int(number) < 15 else int(number) - 1}"


# The broker (jobs, results) and the cache live in separate Redis databases: the
# cache may be evicted (allkeys-lru) or flushed without losing a queued job.
REDIS_URL = os.environ.get("REDIS_URL", "")
REDIS_CACHE_URL = os.environ.get("REDIS_CACHE_URL") or (
    _neighbour_database(REDIS_URL) if REDIS_URL else ""
)
VISIBILITY_TIMEOUT = int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "900"))
if REDIS_URL:
    # Pages keep working (uncached) while Redis is away: see nationscup/cache.py.
    CACHES = {
        "default": {
            "BACKEND": "nationscup.cache.ResilientRedisCache",
            "LOCATION": REDIS_CACHE_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        },
        # Login and rate-limit counters: in this process's memory while Redis is away.
        "throttle": {
            "BACKEND": "nationscup.cache.LocalFallbackRedisCache",
            "LOCATION": REDIS_CACHE_URL,
            "KEY_PREFIX": "throttle",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        },
    }
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    # A request never waits long for the broker: jobs go through the outbox
    # (operations/outbox.py), which sends once without retrying and leaves the rest
    # to the sweep. Workers keep their own reconnect loop.
    CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {
        "socket_connect_timeout": 1,
        "socket_timeout": 2,
        # A job taken by a machine that died (its whole worker gone, so no pool parent
        # rejects it) goes back on the queue VISIBILITY_TIMEOUT seconds after it was
        # taken; the live workers look every few seconds (kombu's defaults are an hour,
        # looked for every hundred seconds). The timeout must stay above the longest
        # retry countdown (retry_backoff_max, 600 s): a job waiting for its retry is
        # unacknowledged too. A job still running then is delivered again to another
        # worker: every job is safe to run twice (leagues/tasks.py), and the close of a
        # round publishes once however often it runs (standings.publish_unless_published).
        "visibility_timeout": VISIBILITY_TIMEOUT,
        "unacked_restore_interval": min(10, max(1, VISIBILITY_TIMEOUT // 4)),
        "unacked_restore_throttle": 1,
    }
    # A job that finished while Redis was away stores its result once Redis is back.
    CELERY_RESULT_BACKEND_ALWAYS_RETRY = True
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "throttle": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "throttle",
        },
    }
    _broker_dir = VAR_DIR / "celery" / "broker"
    _results_dir = VAR_DIR / "celery" / "results"
    for _path in (
        _broker_dir / "out",
        _broker_dir / "processed",
        _broker_dir / "control",
        _results_dir,
    ):
        _path.mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "out"),
        "data_folder_out": str(_broker_dir / "out"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
    CELERY_RESULT_BACKEND = f"file://{_results_dir}"

CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {
    "close-finished-rounds": {
        "task": "leagues.tasks.close_due_rounds",
        "schedule": crontab(minute="*/5"),
    },
    # Proves beat and a worker run (operations/health.py); the name is the health check's.
    "heartbeat": {"task": "operations.tasks.heartbeat", "schedule": 60.0},
    "sweep-outbox": {"task": "operations.tasks.sweep_outbox", "schedule": 60.0},
    "resume-stuck-jobs": {
        "task": "leagues.tasks.resume_stuck_jobs",
        "schedule": crontab(minute="*/5"),
    },
    "apply-retention": {
        "task": "privacy.tasks.apply_retention",
        "schedule": crontab(hour=3, minute=30),
    },
    "retry-webhooks": {"task": "notifications.tasks.retry_due_webhooks", "schedule": 60.0},
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "leagues:home"
LOGOUT_REDIRECT_URL = "leagues:home"

LANGUAGE_CODE = "en"
# The public pages and emails; the admin stays in English (see nationscup/urls.py).
LANGUAGES = [
    ("en", "English"),
    ("fr", "Français"),
    ("it", "Italiano"),
    ("es", "Español"),
    ("pt", "Português"),
    ("ja", "日本語"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_MANIFEST_STRICT = False

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Nations Cup <noreply@nationscup.local>")
# The site's address as drivers reach it, for links in emails.
SITE_URL = os.environ.get("SITE_URL", "http://localhost:8000")
EMAIL_CONFIRMATION_DAYS = 3  # how long a sign-up's confirmation link works

# Staff sign in with a password and a TOTP code (nationscup/two_factor.py). Off only for
# `make run`'s demo and the test suite, which say so.
STAFF_TWO_FACTOR = env_bool("STAFF_TWO_FACTOR", True)
OTP_TOTP_ISSUER = "Nations Cup"

DJANGO_TABLES2_TEMPLATE = "partials/table.html"

# Security: strict by default, relaxed only for local development.
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
# A signed-in session ends after this long without a request (nationscup/sessions.py
# slides the expiry with use).
SESSION_IDLE_SECONDS = int(os.environ.get("SESSION_IDLE_SECONDS", str(12 * 3600)))
SESSION_COOKIE_AGE = SESSION_IDLE_SECONDS
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Same-origin scripts, styles and fetches only: the templates and the admin need nothing else.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
# Login throttling (nationscup/throttle.py): free failures per account and address, per
# address, per account (new devices only); then waits from BASE doubling to MAX seconds.
LOGIN_THROTTLE_PER_ADDRESS = int(os.environ.get("LOGIN_THROTTLE_PER_ADDRESS", "5"))
LOGIN_THROTTLE_PER_IP = int(os.environ.get("LOGIN_THROTTLE_PER_IP", "30"))
LOGIN_THROTTLE_PER_ACCOUNT = int(os.environ.get("LOGIN_THROTTLE_PER_ACCOUNT", "20"))
LOGIN_THROTTLE_BASE_DELAY = int(os.environ.get("LOGIN_THROTTLE_BASE_DELAY", "10"))
LOGIN_THROTTLE_MAX_DELAY = int(os.environ.get("LOGIN_THROTTLE_MAX_DELAY", "900"))
LOGIN_THROTTLE_SECONDS = int(os.environ.get("LOGIN_THROTTLE_SECONDS", "3600"))
KNOWN_DEVICE_DAYS = int(os.environ.get("KNOWN_DEVICE_DAYS", "180"))
# Requests per client address (or per email) and window in seconds, then HTTP 429.
RATE_LIMITS = {
    "signup": (int(os.environ.get("RATE_LIMIT_SIGNUP", "10")), 3600),
    "password_reset": (int(os.environ.get("RATE_LIMIT_PASSWORD_RESET", "10")), 3600),
    "password_reset_email": (int(os.environ.get("RATE_LIMIT_PASSWORD_RESET_EMAIL", "3")), 3600),
    "results_api": (int(os.environ.get("RATE_LIMIT_RESULTS_API", "300")), 60),
}
# How many proxies in front set X-Forwarded-For; 0: the client is REMOTE_ADDR.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
# Retention (privacy/retention.py, stated on the privacy page): how long what expires is kept.
RETAIN_LOGIN_HISTORY_DAYS = int(os.environ.get("RETAIN_LOGIN_HISTORY_DAYS", "90"))
RETAIN_UPLOADS_HOURS = int(os.environ.get("RETAIN_UPLOADS_HOURS", "24"))
# A race server retries a lobby post within minutes; a week covers any outage.
RETAIN_IDEMPOTENCY_KEYS_DAYS = int(os.environ.get("RETAIN_IDEMPOTENCY_KEYS_DAYS", "7"))
RETAIN_WEBHOOK_EVENTS_DAYS = int(os.environ.get("RETAIN_WEBHOOK_EVENTS_DAYS", "30"))

# Imported files (admin uploads and import_* commands); a round of a million drivers is
# about 550,000 rows and 45 MB.
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", str(64 * 1024 * 1024)))
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", "600000"))
IMPORT_MAX_LISTED_ERRORS = int(os.environ.get("IMPORT_MAX_LISTED_ERRORS", "50"))

# Monitoring (operations/): who may read /metrics, and how old a heartbeat /readyz accepts.
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")
METRICS_ALLOWED_NETWORKS = env_list("METRICS_ALLOWED_NETWORKS", "")
HEALTH_WORKER_MAX_AGE = int(os.environ.get("HEALTH_WORKER_MAX_AGE", "180"))
HEALTH_BEAT_MAX_AGE = int(os.environ.get("HEALTH_BEAT_MAX_AGE", "360"))

# The outbox (operations/outbox.py): a job sent this long ago and never started is sent
# again; a payout run whose ledger has not grown for JOB_STUCK_AFTER is resumed.
OUTBOX_RESEND_AFTER = int(os.environ.get("OUTBOX_RESEND_AFTER", "600"))
OUTBOX_KEEP_DAYS = 7
JOB_STUCK_AFTER = int(os.environ.get("JOB_STUCK_AFTER", "600"))

# Outbound webhooks (notifications/webhooks/): each post waits WEBHOOK_TIMEOUT seconds at
# most; a failed one is tried again after 30 s, 1 min, 2 min ... (at most an hour apart),
# WEBHOOK_MAX_ATTEMPTS times in all. WEBHOOK_ALLOW_LOOPBACK_HTTP lets the tests' local
# receiver (http://127.0.0.1) through the address checks: never set it in production.
WEBHOOK_TIMEOUT = float(os.environ.get("WEBHOOK_TIMEOUT", "5"))
WEBHOOK_MAX_ATTEMPTS = int(os.environ.get("WEBHOOK_MAX_ATTEMPTS", "6"))
WEBHOOK_RETRY_BASE_SECONDS = int(os.environ.get("WEBHOOK_RETRY_BASE_SECONDS", "30"))
WEBHOOK_RETRY_MAX_SECONDS = 3600
WEBHOOK_ALLOW_LOOPBACK_HTTP = env_bool("WEBHOOK_ALLOW_LOOPBACK_HTTP", False)

# LOG_FORMAT=json: one JSON object a line; every line carries the request's (or job's) id.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "operations.logs.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "operations.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if os.environ.get("LOG_FORMAT") == "json" else "plain",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Who did what, when, in the admin and on the payout pages: kept whatever LOG_LEVEL says.
        "nationscup.audit": {"level": "INFO"},
    },
}

# Claiming an online id (domain.md, "Identity"): a one-time code from the game.
CLAIM_CODE_MINUTES = int(os.environ.get("CLAIM_CODE_MINUTES", "30"))
CLAIM_CODE_MAX_TRIES = 5
