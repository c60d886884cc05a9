"""Deployment checks: production refuses the embedded development defaults.

With ``JOBCENTER_ENV=production``, ``manage.py check --deploy`` reports an error (and exits
non-zero) for every setting that is fine on a laptop but unsafe or lossy in production.
Each message names the variable to set (README.md, "Production"; docs/operations.md).
Outside production these checks say nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from urllib.parse import urlparse

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import CheckMessage, Error, Info, Tags, register

logger = logging.getLogger(__name__)

#: Cache backends whose counters are per process (or per host) or not kept at all: rate
#: limits and lockouts would count per worker and vanish on a restart.
UNSHARED_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
    "django.core.cache.backends.filebased.FileBasedCache",
}
#: Celery transports that keep messages on one host or in one process.
LOCAL_BROKERS = {"filesystem", "memory"}
#: E-mail backends that never deliver a message.
UNDELIVERED_MAIL = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
}

NO_VIRUS_SCAN_WARNING = (
    "VIRUS SCANNING IS OFF: ALLOW_NO_VIRUS_SCAN=1 is set and no scanner is configured "
    "(CLAMAV_URL). Every upload is stored as 'not scanned'. Set CLAMAV_URL as soon as "
    "possible."
)


def virus_scan_opted_out() -> bool:
    """Production without a scanner, explicitly allowed by ``ALLOW_NO_VIRUS_SCAN=1``."""
    return bool(
        getattr(settings, "PRODUCTION", False)
        and not _scanner_configured()
        and getattr(settings, "ALLOW_NO_VIRUS_SCAN", False)
    )


def _scanner_configured() -> bool:
    return bool(getattr(settings, "CLAMAV_URL", "") or getattr(settings, "FORMENGINE_SCANNER", ""))


@register(Tags.security, deploy=True)
def production_settings_check(app_configs: Sequence[AppConfig] | None,
                              **kwargs: object) -> list[CheckMessage]:
    """``jobcenter.E001``–``E006`` (and ``I006``): see the module docstring."""
    if not getattr(settings, "PRODUCTION", False):
        return []
    problems: list[CheckMessage] = []

    cache = str(settings.CACHES.get("default", {}).get("BACKEND", ""))
    if cache in UNSHARED_CACHES:
        problems.append(Error(
            f"The cache is {cache.rsplit('.', 1)[-1]}: login throttling, lockouts and upload "
            "rate limits would count per process and reset on every restart.",
            hint="Set REDIS_URL (e.g. redis://redis:6379/1) so that all processes share "
                 "one cache.",
            id="jobcenter.E001",
        ))

    broker = urlparse(settings.CELERY_BROKER_URL or "").scheme
    if broker in LOCAL_BROKERS or not broker:
        problems.append(Error(
            f"The Celery broker is '{settings.CELERY_BROKER_URL or '(none)'}': tasks would "
            "stay on one host and be lost with it.",
            hint="Set CELERY_BROKER_URL to a real broker, e.g. redis://redis:6379/2 or "
                 "amqp://user:password@rabbitmq:5672//.",
            id="jobcenter.E002",
        ))

    engine = settings.DATABASES["default"]["ENGINE"]
    if engine == "django.db.backends.sqlite3":
        problems.append(Error(
            "The database is SQLite: one writer at a time, on one host.",
            hint="Set DATABASE_URL=postgres://user:password@host:5432/jobcenter "
                 "(PostgreSQL 15 or newer).",
            id="jobcenter.E003",
        ))

    if settings.EMAIL_BACKEND in UNDELIVERED_MAIL:
        problems.append(Error(
            f"The e-mail backend {settings.EMAIL_BACKEND} never delivers: citizens would "
            "receive no confirmation, password-reset or notice e-mails.",
            hint="Unset EMAIL_BACKEND (production uses SMTP) or set it to "
                 "django.core.mail.backends.smtp.EmailBackend, and set EMAIL_HOST, "
                 "EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD (or _FILE).",
            id="jobcenter.E004",
        ))

    base = urlparse(settings.PUBLIC_BASE_URL or "")
    if base.scheme != "https" or not base.netloc:
        problems.append(Error(
            (f"PUBLIC_BASE_URL is {settings.PUBLIC_BASE_URL!r}" if settings.PUBLIC_BASE_URL
             else "PUBLIC_BASE_URL is not set")
            + ": links in e-mails need the portal's public https address.",
            hint="Set PUBLIC_BASE_URL to the portal's address, e.g. "
                 "https://jobcenter-online.example.de",
            id="jobcenter.E005",
        ))

    if not _scanner_configured():
        if getattr(settings, "ALLOW_NO_VIRUS_SCAN", False):
            problems.append(Info(NO_VIRUS_SCAN_WARNING, id="jobcenter.I006"))
        else:
            problems.append(Error(
                "No virus scanner is configured: uploads of citizens and staff would be "
                "stored unscanned.",
                hint="Set CLAMAV_URL (tcp://clamav:3310 or unix:///run/clamav/clamd.ctl). "
                     "To run without a scanner knowingly, set ALLOW_NO_VIRUS_SCAN=1 "
                     "(every process then logs a warning at start).",
                id="jobcenter.E006",
            ))
    return problems


def warn_if_unscanned() -> None:
    """Log loudly at start when production runs without a virus scanner (opt-out)."""
    if virus_scan_opted_out():
        logger.warning(NO_VIRUS_SCAN_WARNING)
