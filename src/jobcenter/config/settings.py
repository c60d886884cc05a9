"""Settings for Jobcenter Online: one module, driven by the environment (12-factor).

Embedded defaults (``make run``, ``make test``): SQLite, a broker-less Celery transport,
local private files, e-mail on the console. Production (``JOBCENTER_ENV=production``):
every secret and host must come from the environment, and the security headers are strict.
See README.md, section "Production", for every variable.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

SRC_DIR = Path(__file__).resolve().parent.parent  # src/jobcenter
BASE_DIR = SRC_DIR.parent.parent  # repository root
VAR_DIR = Path(os.environ.get("JOBCENTER_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_secret(name: str, default: str | None = None) -> str | None:
    """Read ``NAME`` or the contents of the file named by ``NAME_FILE`` (container secrets)."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


JOBCENTER_ENV = os.environ.get("JOBCENTER_ENV", "development")
PRODUCTION = JOBCENTER_ENV == "production"
DEBUG = env_bool("DEBUG", default=not PRODUCTION)

SECRET_KEY = env_secret("SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY (or SECRET_KEY_FILE) must be set in production.")
    SECRET_KEY = "development-only-not-secret-3f9b0c1e7a2d4e6f8a0b1c2d3e4f5a6b7c8d9e0f"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "jobcenter.core.apps.AdminConfig",  # Django admin, restricted to platform admins
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "django_htmx",
    "csp",
    "jobcenter.core",
    "jobcenter.outbox",
    "jobcenter.jobcenters",
    "jobcenter.accounts",
    "jobcenter.households",
    "jobcenter.transparency",
    "jobcenter.notifications",
    "jobcenter.reminders",
    "jobcenter.formengine",
    "jobcenter.antraege",
    "jobcenter.casefiles",
    "jobcenter.decisions",
    "jobcenter.rechtsbehelfe",
    "jobcenter.minderungen",
    "jobcenter.anliegen",
    "jobcenter.bedarfe",
    "jobcenter.postfach",
    "jobcenter.zahlungen",
    "jobcenter.termine",
    "jobcenter.auskunft",
    "jobcenter.rechner",
    "jobcenter.portal",
    "jobcenter.backoffice",
    "jobcenter.site",
    # The composition root: connects the apps' plug-ins and event handlers in one place, in
    # the order stated in jobcenter/config/wiring.py (independent of the order of this list).
    "jobcenter.config.apps.WiringConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "jobcenter.core.unavailable.DatabaseUnavailableMiddleware",  # 503 instead of a traceback
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Django's, without looking for a language in the path (no i18n_patterns; core/locale.py)
    "jobcenter.core.locale.LocaleMiddleware",
    # a cached page's entry and generations read with the session: one round trip for a
    # hit (core/pagecache.py; before anything loads the session)
    "jobcenter.core.pagecache.ReadAheadMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's AuthenticationMiddleware with the user's row from the cache (same checks;
    # accounts/user_cache.py, docs/security.md "Sessions and the cached user")
    "jobcenter.accounts.user_cache.CachedAuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "jobcenter.accounts.sessions.SessionLifetimeMiddleware",
    "jobcenter.accounts.throttle.LoginThrottleMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # django-csp's middleware, the header built once per process (core/csp.py)
    "jobcenter.core.csp.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # the session list's "last seen" and the inactivity timeout, at most once a minute
    # (instead of allauth's UserSessionsMiddleware and SESSION_SAVE_EVERY_REQUEST: no
    # database write on a GET)
    "jobcenter.accounts.sessions.ActivityMiddleware",
    "jobcenter.accounts.middleware.StaffMfaRequiredMiddleware",
]

# Static files: WhiteNoise serves the collected, hashed files (brotli/gzip, cached for a
# year as immutable) in production and in ``make run`` (STATIC_MANIFEST=1, set by
# scripts/run_dev.py after collectstatic). In development and the tests, runserver and the
# live server serve the source files.
STATIC_MANIFEST = PRODUCTION or env_bool("STATIC_MANIFEST")
if STATIC_MANIFEST:
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

# Plain widgets (<input>, <select>) rendered in Python, byte for byte as Django's widget
# templates would (jobcenter/core/form_renderer.py, docs/performance.md "Web bench").
FORM_RENDERER = "jobcenter.core.form_renderer.FormRenderer"

ROOT_URLCONF = "jobcenter.config.urls"
WSGI_APPLICATION = "jobcenter.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SRC_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "jobcenter.site.context_processors.shell",
            ],
        },
    },
]

# --- Database --------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'jobcenter.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# A busy or unreachable database must answer within seconds (core/unavailable.py turns the
# error into a 503 page), never hang a request: see docs/operations.md, "Database timeouts".
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": float(os.environ.get("SQLITE_BUSY_TIMEOUT_SECONDS", "3")),
         "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's backend with a health check that needs no round trip (core/postgresql)
    DATABASES["default"]["ENGINE"] = "jobcenter.core.postgresql"
    _pg_options = DATABASES["default"].setdefault("OPTIONS", {})
    _pg_options.setdefault("connect_timeout", int(os.environ.get("DB_CONNECT_TIMEOUT", "3")))
    # the access-log append as a prepared statement (core/postgresql); 0 for a pooler that
    # does not pass protocol-level prepared statements on (docs/operations.md)
    _pg_options.setdefault("prepared_statements",
                           os.environ.get("DB_PREPARED_STATEMENTS", "1") != "0")
    _pg_session = " ".join(
        f"-c {name}={int(os.environ.get(variable, default))}"
        for name, variable, default in (
            ("lock_timeout", "DB_LOCK_TIMEOUT_MS", "4000"),
            ("statement_timeout", "DB_STATEMENT_TIMEOUT_MS", "30000"),
        )
        if int(os.environ.get(variable, default)) > 0  # 0: leave the server's setting
    )
    if _pg_session:
        _pg_options["options"] = f"{_pg_options.get('options', '')} {_pg_session}".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (rate limits, lockouts) ------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL")
if REDIS_URL:
    # A cache that is down or does not answer must not hold a request: after these
    # timeouts the request gets the 503 page (core/unavailable.py), as for the database.
    # Django's Redis backend, one client object per pool instead of one per call
    # (core/redis_cache.py)
    CACHES = {"default": {"BACKEND": "jobcenter.core.redis_cache.RedisCache",
                          "LOCATION": REDIS_URL,
                          "OPTIONS": {
                              "socket_connect_timeout": float(
                                  os.environ.get("CACHE_CONNECT_TIMEOUT", "2")),
                              "socket_timeout": float(
                                  os.environ.get("CACHE_SOCKET_TIMEOUT", "3")),
                          }}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The hot citizen pages from the cache while their data are unchanged (core/pagecache.py,
# core/datastand.py; docs/architecture.md "Cached pages and data generations").
PAGE_CACHE = env_bool("PAGE_CACHE", True)
# The safety net: an entry lives at most this long, even if no change was seen.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
# The deploy's identifier (a new one empties the cached pages); default: a digest of the
# installed code's files.
PAGE_CACHE_RELEASE = os.environ.get("PAGE_CACHE_RELEASE", "")

# --- Accounts ---------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:start"
LOGOUT_REDIRECT_URL = "core:home"

ACCOUNT_ADAPTER = "jobcenter.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
# Sign-up and password reset answer without looking the address up; the lookup, the account
# and the mails happen in a Celery task (docs/security.md, "Account enumeration").
ACCOUNT_FORMS = {
    "login": "jobcenter.accounts.forms.LoginForm",
    "change_password": "jobcenter.accounts.forms.ChangePasswordForm",
    "add_email": "jobcenter.accounts.forms.AddEmailForm",
    "signup": "jobcenter.accounts.forms.CitizenSignupForm",
    "reset_password": "jobcenter.accounts.forms.PasswordResetRequestForm",
    "reset_password_from_key": "jobcenter.accounts.forms.PasswordResetKeyForm",
}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = False
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Jobcenter Online: "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PRODUCTION else "http"
# Request-rate limits of allauth (HTTP 429). Failed sign-ins are not counted by allauth
# ("login_failed" off): accounts/throttle.py slows them down per account and client
# instead of locking the account (LOGIN_THROTTLE below, docs/security.md).
ACCOUNT_RATE_LIMITS = {
    "login": None,  # per address in accounts/throttle.py, where known devices are exempt
    "login_failed": None,
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
}
#: Growing delays after failed sign-ins (password, second-factor code, re-authentication).
#: ``free``: failures without delay; then ``base`` seconds, doubling up to ``cap``;
#: counters are forgotten ``memory`` seconds after the last failure.
LOGIN_THROTTLE = {
    # one account from one client (a known device, or else an address)
    "client": {"free": 5, "base": 30, "cap": 15 * 60, "memory": 24 * 3600},
    # one address, all accounts (password spraying); known devices are exempt
    "address": {"free": 50, "base": 30, "cap": 15 * 60, "memory": 3600},
    # one account, all unknown clients together (a botnet); known devices are exempt
    "account": {"free": 100, "base": 30, "cap": 3600, "memory": 24 * 3600},
    # attempts (right or wrong) per address and minute; known devices are exempt
    "attempts_per_minute": 30,
    # the owner gets one e-mail per day once a delay of at least this many seconds begins
    "notify_from_delay": 15 * 60,
    # a browser that completed a sign-in is a known device for this long
    "device_days": 180,
}
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
MFA_ADAPTER = "jobcenter.accounts.mfa_adapter.MFAAdapter"
MFA_FORMS = {
    "authenticate": "jobcenter.accounts.mfa_forms.AuthenticateForm",
    "reauthenticate": "jobcenter.accounts.mfa_forms.ReauthenticateForm",
    "authenticate_webauthn": "jobcenter.accounts.mfa_forms.AuthenticateWebAuthnForm",
    "login_webauthn": "jobcenter.accounts.mfa_forms.LoginWebAuthnForm",
    "reauthenticate_webauthn": "jobcenter.accounts.mfa_forms.ReauthenticateWebAuthnForm",
    "add_webauthn": "jobcenter.accounts.mfa_forms.AddWebAuthnForm",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = "Jobcenter Online"
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = not PRODUCTION  # http://127.0.0.1 in make run and tests
USERSESSIONS_TRACK_ACTIVITY = True

# --- Sessions: inactivity timeout with a warning (see static/js/session-timeout.js) ----
# Read from the cache, written through to the database; an ended session leaves a tombstone
# in the cache (accounts/session_store.py, docs/security.md "Sessions and the cached user").
SESSION_ENGINE = "jobcenter.accounts.session_store"
#: How long the cache keeps a copy of a session at most (the database is the record).
SESSION_CACHE_SECONDS = int(os.environ.get("SESSION_CACHE_SECONDS", "300"))
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_TIMEOUT_SECONDS", str(30 * 60)))
SESSION_TIMEOUT_WARNING_SECONDS = 5 * 60
#: Absolute session lifetime: a sign-in ends this long after it began, whatever the activity.
SESSION_ABSOLUTE_TIMEOUT_SECONDS = int(
    os.environ.get("SESSION_ABSOLUTE_TIMEOUT_SECONDS", str(12 * 3600)))
# Renewed by jobcenter.accounts.sessions.ActivityMiddleware at most once per this many
# seconds (and always by the keep-alive), not on every request.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_ACTIVITY_REFRESH_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
# Django's cookie-then-session storage, its cookie signer made only when a message cookie is
# read or written (core/messages_storage.py)
MESSAGE_STORAGE = "jobcenter.core.messages_storage.FallbackStorage"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Internationalisation: German first, English complete -------------------------------
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("Deutsch")), ("en", _("Englisch"))]
LOCALE_PATHS = [SRC_DIR / "locale"]
# Our date formats where Django's differ from what a reader of the language expects
# (English: day before month, as in the forms' own English texts).
FORMAT_MODULE_PATH = ["jobcenter.config.formats"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

# --- Static and private files -----------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [SRC_DIR / "static"]
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": os.environ.get("PRIVATE_STORAGE_ROOT", str(VAR_DIR / "private")),
                    "base_url": None},
    },
    "staticfiles": {
        "BACKEND": (
            "jobcenter.config.staticfiles.HashedStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Only the collected files (never the finders, never a re-scan per request: make run has
# DEBUG on); hashed names are immutable (WhiteNoise gives them a ten-year max-age), the rest
# (e.g. /static/img/favicon.svg linked by /favicon.ico) one hour.
WHITENOISE_USE_FINDERS = False
WHITENOISE_AUTOREFRESH = False
WHITENOISE_MAX_AGE = 3600
FILE_UPLOAD_PERMISSIONS = 0o600
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- E-mail -----------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_secret("EMAIL_HOST_PASSWORD", "") or ""
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", PRODUCTION)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Jobcenter Online <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- SMS (notifications.sms, docs/operations.md "Notifications: e-mail and SMS") -------
# "console": logged by the worker (make run); "http": an HTTP SMS gateway; "": no SMS.
SMS_BACKEND = os.environ.get("SMS_BACKEND", "" if PRODUCTION else "console")
if SMS_BACKEND not in ("", "console", "http"):
    raise ImproperlyConfigured("SMS_BACKEND must be empty, 'console' or 'http'.")
SMS_GATEWAY_URL = os.environ.get("SMS_GATEWAY_URL", "")
SMS_GATEWAY_TOKEN = env_secret("SMS_GATEWAY_TOKEN", "") or ""
SMS_GATEWAY_TIMEOUT_SECONDS = float(os.environ.get("SMS_GATEWAY_TIMEOUT_SECONDS", "10"))
SMS_SENDER = os.environ.get("SMS_SENDER", "Jobcenter")
if SMS_BACKEND == "http" and not (SMS_GATEWAY_URL and SMS_GATEWAY_TOKEN):
    raise ImproperlyConfigured("SMS_BACKEND=http needs SMS_GATEWAY_URL and SMS_GATEWAY_TOKEN.")

# --- Celery -----------------------------------------------------------------------------
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://")
if CELERY_BROKER_URL == "filesystem://":
    _queue_dir = VAR_DIR / "celery-queue"
    for _folder in (_queue_dir, VAR_DIR / "celery-control"):
        _folder.mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "control_folder": str(VAR_DIR / "celery-control"),
    }
elif CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    # A broker that is down or does not answer must not hold a citizen's request: publishing
    # gives up after these timeouts (kombu waits forever without them) and the outbox's
    # sweeper hands the message over later. BRPOP polls every second, well within them.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "socket_connect_timeout": float(os.environ.get("CELERY_BROKER_CONNECT_TIMEOUT", "2")),
        "socket_timeout": float(os.environ.get("CELERY_BROKER_SOCKET_TIMEOUT", "3")),
    }
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or None
# --- Queues (docs/operations.md "Queues and workers") ------------------------------------
# Interactive work — a citizen's receipt, the hand-over to the eAkte, notices, the PDFs a
# person waits for — runs on ``interactive``; bulk runs and periodic batch work on ``bulk``,
# each with its own workers, so a mass recalculation never delays a citizen's receipt.
# Tasks handed over through the outbox are published to the queue of their own task name
# (``outbox.delivery.queue_for``). Every task not listed here is interactive.
CELERY_TASK_DEFAULT_QUEUE = "interactive"
BULK_QUEUE = "bulk"
CELERY_TASK_ROUTES: dict[str, dict[str, str]] = {
    name: {"queue": BULK_QUEUE} for name in (
        "outbox.bulk_partition",  # a partition of a bulk run (outbox.bulk)
        "outbox.purge",
        "zahlungen.payment_run", "zahlungen.daily_runs",
        "reminders.plan_and_send", "reminders.send_batch",
        "jobcenter.decisions.tasks.recalculation_start_task",
        "jobcenter.casefiles.tasks.document_requests_daily",
        "formengine.purge_expired_drafts",
        "transparency.purge_expired_access_log",
    )
}
#: A partition of a bulk run whose worker sent no heartbeat (one per chunk) for this long is
#: taken over by another worker at its checkpoint (outbox.bulk).
BULK_LEASE_SECONDS = int(os.environ.get("BULK_LEASE_SECONDS", "300"))
#: Keys (cases, BGs) per partition of a bulk run: the unit a worker takes and retries.
BULK_PARTITION_SIZE = int(os.environ.get("BULK_PARTITION_SIZE", "5000"))
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE: dict[str, dict] = {}
# eAkte: Mitwirkung reminders and overdue marks, daily at 06:30 (idempotent).
from celery.schedules import crontab  # noqa: E402

CELERY_BEAT_SCHEDULE["casefiles-document-requests-daily"] = {
    "task": "jobcenter.casefiles.tasks.document_requests_daily",
    "schedule": crontab(hour=6, minute=30),
}
# Proactive reminders (jobcenter.reminders): plan and send, daily at 07:00 Berlin time
# (idempotent per rule, object and date; a second run the same day sends nothing twice).
CELERY_BEAT_SCHEDULE["reminders-plan-daily"] = {
    "task": "reminders.plan_and_send", "schedule": crontab(hour=7, minute=0)}
#: How many days a reminder whose day was missed (worker down) is still sent late.
REMINDERS_CATCH_UP_DAYS = int(os.environ.get("REMINDERS_CATCH_UP_DAYS", "2"))
CELERY_BEAT_SCHEDULE["formengine-purge-expired-drafts"] = {
    "task": "formengine.purge_expired_drafts", "schedule": 6 * 3600}
CELERY_BEAT_SCHEDULE["accounts-sweep-signup-requests"] = {
    "task": "accounts.sweep_signup_requests", "schedule": 5 * 60}
CELERY_BEAT_SCHEDULE["transparency-purge-expired-access-log"] = {
    "task": "transparency.purge_expired_access_log", "schedule": crontab(hour=3, minute=15)}

# --- Access log (docs/security.md "Access log") -----------------------------------------
# Rows older than this are removed by the daily retention job (a checkpoint row keeps the
# chain verifiable). 365 days: see docs/security.md for the reasoning and the sources.
ACCESS_LOG_RETENTION_DAYS = int(os.environ.get("ACCESS_LOG_RETENTION_DAYS", "365"))
if ACCESS_LOG_RETENTION_DAYS < 1:
    raise ImproperlyConfigured("ACCESS_LOG_RETENTION_DAYS must be at least 1.")
# How many chains ("lanes") a Jobcenter's access log has: each database connection appends
# to a lane of its own (docs/security.md "Access log"), so that workers writing at the same
# time do not contend for one chain head. At least the number of processes that write
# (web workers × threads, Celery workers); more lanes cost nothing but a line each in
# accesslog_verify. Lowering it later is safe: old lanes stay verifiable.
ACCESS_LOG_LANES = int(os.environ.get("ACCESS_LOG_LANES", "8"))
if not 1 <= ACCESS_LOG_LANES <= 1000:
    raise ImproperlyConfigured("ACCESS_LOG_LANES must be between 1 and 1000.")
# The key of the access log's hash chain (HMAC-SHA256). Keep it apart from the database:
# whoever holds both can rewrite the chain. Default: derived from SECRET_KEY.
ACCESS_LOG_CHAIN_KEY = env_secret("ACCESS_LOG_CHAIN_KEY") or hashlib.sha256(
    ("jobcenter-access-log:" + SECRET_KEY).encode()).hexdigest()

# --- Outbox: hand-overs to background work (docs/architecture.md, docs/operations.md) ---
# A message not done this long after its hand-over is handed over again; the wait doubles
# per attempt up to the maximum; after OUTBOX_MAX_ATTEMPTS hand-overs it is dead.
OUTBOX_GRACE_SECONDS = int(os.environ.get("OUTBOX_GRACE_SECONDS", "300"))
OUTBOX_BACKOFF_MAX_SECONDS = int(os.environ.get("OUTBOX_BACKOFF_MAX_SECONDS", str(6 * 3600)))
OUTBOX_MAX_ATTEMPTS = int(os.environ.get("OUTBOX_MAX_ATTEMPTS", "8"))
#: Pending for longer than this counts as stuck (manage.py outbox report --check).
OUTBOX_STUCK_AFTER_SECONDS = int(os.environ.get("OUTBOX_STUCK_AFTER_SECONDS", "1800"))
OUTBOX_RETENTION_DAYS = int(os.environ.get("OUTBOX_RETENTION_DAYS", "30"))
# Payments (docs/zahlungen.md): the daily run of every Jobcenter, on working days at 05:30.
CELERY_BEAT_SCHEDULE["zahlungen-daily-runs"] = {
    "task": "zahlungen.daily_runs", "schedule": crontab(hour=5, minute=30, day_of_week="1-5")}
# The citizen's copy of their data (docs/security.md "Copy of one's data"): downloadable this
# many days after it is built, then deleted by the hourly job; one new request per day.
AUSKUNFT_DOWNLOAD_DAYS = int(os.environ.get("AUSKUNFT_DOWNLOAD_DAYS", "14"))
AUSKUNFT_MIN_HOURS_BETWEEN = 24  # the page says "einmal am Tag"
CELERY_BEAT_SCHEDULE["auskunft-purge-expired"] = {
    "task": "auskunft.purge_expired", "schedule": 3600}
CELERY_BEAT_SCHEDULE["outbox-sweep"] = {"task": "outbox.sweep", "schedule": 60}
CELERY_BEAT_SCHEDULE["outbox-purge"] = {
    "task": "outbox.purge", "schedule": crontab(hour=3, minute=40)}

# --- Form engine (docs/formengine.md) ---------------------------------------------------
FORMENGINE_DRAFT_RETENTION_DAYS = int(os.environ.get("FORMENGINE_DRAFT_RETENTION_DAYS", "30"))
FORMENGINE_UPLOAD_MAX_BYTES = int(os.environ.get("FORMENGINE_UPLOAD_MAX_BYTES", str(10 * 2**20)))
FORMENGINE_UPLOAD_QUOTA_BYTES = int(os.environ.get("FORMENGINE_UPLOAD_QUOTA_BYTES", "104857600"))
#: Uploads per account and window, all upload paths (then HTTP 429): docs/formengine.md.
FORMENGINE_UPLOAD_RATE_LIMIT = int(os.environ.get("FORMENGINE_UPLOAD_RATE_LIMIT", "40"))
FORMENGINE_UPLOAD_RATE_WINDOW_SECONDS = int(
    os.environ.get("FORMENGINE_UPLOAD_RATE_WINDOW_SECONDS", "600"))
CLAMAV_URL = os.environ.get("CLAMAV_URL", "")  # tcp://host:3310 or unix:///path; empty: no scan
#: Production without a virus scanner only when this is set explicitly (logged at start).
ALLOW_NO_VIRUS_SCAN = env_bool("ALLOW_NO_VIRUS_SCAN", False)

# The Postfach: how often an open conversation asks for new messages (htmx polling).
POSTFACH_POLL_SECONDS = int(os.environ.get("POSTFACH_POLL_SECONDS", "10"))

# --- Security headers -------------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

# --- Logging: no personal data in logs; errors to stderr --------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.request": {"level": "ERROR"}},
}

# --- Product settings -------------------------------------------------------------------
JOBCENTER_PLATFORM_NAME = "Jobcenter Online"
#: Absolute base URL for links in e-mails (no request at hand in background tasks).
#: No default in production: ``check --deploy`` refuses to pass without it (core/checks.py).
PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "" if PRODUCTION else "http://127.0.0.1:8000")
CSRF_FAILURE_VIEW = "jobcenter.site.views.csrf_failure"

# --- Appointments (jobcenter.termine, docs/termine.md, docs/operations.md) ---------------
#: How many hours before the start a citizen may still cancel or rebook online.
TERMINE_CANCEL_CUTOFF_HOURS = int(os.environ.get("TERMINE_CANCEL_CUTOFF_HOURS", "24"))
#: The earliest slot offered is this many hours ahead; the last this many days ahead.
TERMINE_BOOKING_LEAD_HOURS = int(os.environ.get("TERMINE_BOOKING_LEAD_HOURS", "24"))
TERMINE_BOOKING_HORIZON_DAYS = int(os.environ.get("TERMINE_BOOKING_HORIZON_DAYS", "28"))
#: At most this many open bookings per citizen (no hoarding of slots).
TERMINE_MAX_OPEN_BOOKINGS = int(os.environ.get("TERMINE_MAX_OPEN_BOOKINGS", "3"))
#: The video link is shown this many minutes before the start until the end.
TERMINE_VIDEO_OPENS_MINUTES = int(os.environ.get("TERMINE_VIDEO_OPENS_MINUTES", "15"))
#: Video provider: "jitsi" (TERMINE_JITSI_URL, optionally a JWT app id and secret) or
#: "link" (TERMINE_VIDEO_LINK_TEMPLATE with {room}); empty: no video appointments offered.
TERMINE_VIDEO_PROVIDER = os.environ.get("TERMINE_VIDEO_PROVIDER", "" if PRODUCTION else "jitsi")
TERMINE_JITSI_URL = os.environ.get("TERMINE_JITSI_URL", "https://meet.jit.si")
TERMINE_JITSI_APP_ID = os.environ.get("TERMINE_JITSI_APP_ID", "")
TERMINE_JITSI_APP_SECRET = env_secret("TERMINE_JITSI_APP_SECRET", "") or ""
TERMINE_VIDEO_LINK_TEMPLATE = os.environ.get("TERMINE_VIDEO_LINK_TEMPLATE", "")
