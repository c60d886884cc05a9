"""Security headers and production settings.

Development/test responses are checked in-process. Production settings are computed in a
fresh interpreter with ``JOBCENTER_ENV=production`` (settings are read once per process),
and ``manage.py check --deploy`` must be clean there.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROD_ENV = {
    "JOBCENTER_ENV": "production",
    "SECRET_KEY": "test-only-" + "x9Kq2" * 12,
    "ALLOWED_HOSTS": "testserver,jobcenter.example",
    "DATABASE_URL": "sqlite:///:memory:",
    "DJANGO_SETTINGS_MODULE": "jobcenter.config.settings",
}


def run_python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in os.environ.items()
                if k not in {"JOBCENTER_ENV", "DEBUG", "DATABASE_URL", "SECURE_SSL_REDIRECT",
                              "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    full_env.update(env)
    full_env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), str(ROOT)])
    return subprocess.run([sys.executable, "-c", code], env=full_env, capture_output=True,
                          text=True, timeout=120, cwd=ROOT)


@pytest.fixture(scope="module")
def production():
    code = """
import json, django
django.setup()
from django.conf import settings as s
from django.test import Client
r = Client().get("/healthz/", secure=True)
print(json.dumps({
  "DEBUG": s.DEBUG, "HSTS": s.SECURE_HSTS_SECONDS, "HSTS_SUB": s.SECURE_HSTS_INCLUDE_SUBDOMAINS,
  "SSL_REDIRECT": s.SECURE_SSL_REDIRECT, "SESSION_SECURE": s.SESSION_COOKIE_SECURE,
  "SESSION_HTTPONLY": s.SESSION_COOKIE_HTTPONLY, "CSRF_SECURE": s.CSRF_COOKIE_SECURE,
  "SESSION_NAME": s.SESSION_COOKIE_NAME, "LANGUAGE_SECURE": s.LANGUAGE_COOKIE_SECURE,
  "WEBAUTHN_INSECURE": s.MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN,
  "PROTOCOL": s.ACCOUNT_DEFAULT_HTTP_PROTOCOL,
  "status": r.status_code, "headers": dict(r.headers),
  "insecure_status": Client().get("/healthz/").status_code,
}))
"""
    result = run_python(code, PROD_ENV)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_settings_are_strict(production):
    assert production["DEBUG"] is False
    assert production["HSTS"] >= 365 * 24 * 3600
    assert production["HSTS_SUB"] is True
    assert production["SSL_REDIRECT"] is True
    assert production["SESSION_SECURE"] and production["CSRF_SECURE"]
    assert production["LANGUAGE_SECURE"]
    assert production["SESSION_HTTPONLY"]
    assert production["SESSION_NAME"].startswith("__Host-")
    assert production["WEBAUTHN_INSECURE"] is False
    assert production["PROTOCOL"] == "https"


def test_production_responses_carry_hsts_and_redirect_http(production):
    headers = {k.lower(): v for k, v in production["headers"].items()}
    assert production["status"] == 200
    assert "max-age=31536000" in headers["strict-transport-security"]
    assert "includeSubDomains" in headers["strict-transport-security"]
    assert production["insecure_status"] == 301  # http → https


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PROD_ENV.items() if k != "SECRET_KEY"}
    result = run_python("import django; django.setup()", env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


#: What production needs besides a secret key and hosts (core/checks.py). check --deploy
#: does not connect to the database, cache or broker, so the addresses need not answer.
PROD_SERVICES = {
    "DATABASE_URL": "postgres://jobcenter@db.invalid:5432/jobcenter",
    "REDIS_URL": "redis://redis.invalid:6379/1",
    "CELERY_BROKER_URL": "redis://redis.invalid:6379/2",
    "PUBLIC_BASE_URL": "https://jobcenter.example",
    "CLAMAV_URL": "tcp://clamav.invalid:3310",
}
#: Variables of the calling environment that would change the outcome.
PROD_UNSET = {"DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", "JOBCENTER_ENV", "REDIS_URL",
              "CELERY_BROKER_URL", "PUBLIC_BASE_URL", "CLAMAV_URL", "ALLOW_NO_VIRUS_SCAN",
              "EMAIL_BACKEND", "DATABASE_URL"}


def check_deploy(env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env={**{k: v for k, v in os.environ.items() if k not in PROD_UNSET}, **env},
        capture_output=True, text=True, timeout=120, cwd=ROOT,
    )


def test_check_deploy_is_clean_in_production():
    result = check_deploy({**PROD_ENV, **PROD_SERVICES})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_refuses_the_development_defaults():
    """A secret key and hosts alone are not enough: every embedded default is an error
    that names what to set."""
    result = check_deploy({**PROD_ENV, "EMAIL_BACKEND":
                           "django.core.mail.backends.console.EmailBackend"})
    assert result.returncode != 0
    out = result.stderr
    for check_id, hint in [
        ("jobcenter.E001", "Set REDIS_URL"),                     # LocMem cache
        ("jobcenter.E002", "Set CELERY_BROKER_URL"),             # filesystem broker
        ("jobcenter.E003", "Set DATABASE_URL=postgres://"),      # SQLite
        ("jobcenter.E004", "smtp.EmailBackend"),                 # console e-mail
        ("jobcenter.E005", "Set PUBLIC_BASE_URL"),               # no default in production
        ("jobcenter.E006", "ALLOW_NO_VIRUS_SCAN=1"),             # no virus scanner
    ]:
        assert f"({check_id})" in out, (check_id, out)
        assert hint in out, (hint, out)


@pytest.mark.parametrize(("variable", "value", "check_id"), [
    ("REDIS_URL", "", "jobcenter.E001"),
    ("CELERY_BROKER_URL", "filesystem://", "jobcenter.E002"),
    ("DATABASE_URL", "sqlite:////srv/jobcenter.sqlite3", "jobcenter.E003"),
    ("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend", "jobcenter.E004"),
    ("PUBLIC_BASE_URL", "http://jobcenter.example", "jobcenter.E005"),
    ("CLAMAV_URL", "", "jobcenter.E006"),
])
def test_each_unsafe_setting_alone_fails_the_deploy_check(variable, value, check_id):
    env = {**PROD_ENV, **PROD_SERVICES, variable: value}
    if not value:
        del env[variable]
    result = check_deploy(env)
    assert result.returncode != 0
    assert f"({check_id})" in result.stderr
    assert result.stderr.count("(jobcenter.E") == 1, result.stderr


def test_running_without_a_virus_scanner_needs_the_explicit_opt_out_and_says_so():
    env = {**PROD_ENV, **PROD_SERVICES, "ALLOW_NO_VIRUS_SCAN": "1"}
    del env["CLAMAV_URL"]
    result = check_deploy(env)
    assert result.returncode == 0, result.stdout + result.stderr
    output = result.stdout + result.stderr
    assert "(jobcenter.I006) VIRUS SCANNING IS OFF" in output
    # … and every process logs it at start, not only the check.
    assert output.count("VIRUS SCANNING IS OFF") == 2, output


def test_the_checks_are_silent_outside_production():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        env={**{k: v for k, v in os.environ.items() if k not in PROD_UNSET},
             "DATABASE_URL": "sqlite:///:memory:"},
        capture_output=True, text=True, timeout=120, cwd=ROOT,
    )
    assert "jobcenter.E" not in result.stdout + result.stderr


@pytest.mark.parametrize("path", ["/", "/konto/login/", "/konto/signup/", "/healthz/"])
def test_every_response_has_the_security_headers(client, db, path):
    response = client.get(path)
    csp = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_session_and_csrf_cookies_are_httponly_and_samesite(client, citizen, settings):
    from tests.accounts.helpers import password_login

    client.get("/konto/login/")
    response = password_login(client, citizen.email)
    session_cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session_cookie["httponly"]
    assert session_cookie["samesite"] == "Lax"
    assert settings.CSRF_COOKIE_HTTPONLY
    # Sessions end when the browser closes and after 30 minutes of inactivity.
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert not session_cookie["max-age"]
