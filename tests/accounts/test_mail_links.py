"""Links in mails use PUBLIC_BASE_URL (issue 12, item 9); the password mail speaks to the
person it goes to."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

from allauth.account.adapter import get_adapter
from allauth.core.context import request_context
from django.core import mail
from django.test import RequestFactory

from jobcenter.accounts.adapter import public_url
from tests.accounts.helpers import links_in_last_mail, request_password_reset

ROOT = Path(__file__).resolve().parents[2]


def test_public_url_moves_a_link_onto_the_public_address(settings):
    settings.PUBLIC_BASE_URL = "https://jobcenter.example/portal-prefix/"
    assert public_url("http://10.0.0.5:8000/konto/confirm-email/abc/?x=1#f") == (
        "https://jobcenter.example/portal-prefix/konto/confirm-email/abc/?x=1#f")
    assert public_url("/relative/") == "/relative/"
    assert public_url("mailto:a@b.example") == "mailto:a@b.example"


def test_a_mail_sent_during_a_request_on_another_host_links_to_the_public_address(
        settings, citizen):
    settings.PUBLIC_BASE_URL = "https://jobcenter.example"
    settings.ALLOWED_HOSTS = ["*"]
    request = RequestFactory().get("/", HTTP_HOST="internal-node-7:8000")
    url = request.build_absolute_uri("/konto/confirm-email/key/")
    assert url.startswith("http://internal-node-7:8000/")
    with request_context(request):
        get_adapter(request).send_mail(
            "account/email/email_confirmation", citizen.email,
            {"activate_url": url, "user": citizen, "request": request})
    assert "https://jobcenter.example/konto/confirm-email/key/" in mail.outbox[-1].body
    assert "internal-node-7" not in mail.outbox[-1].body


def test_the_password_mail_of_the_worker_links_to_the_public_address(client, citizen, settings):
    settings.PUBLIC_BASE_URL = "https://jobcenter.example"
    request_password_reset(client, citizen.email)
    links = links_in_last_mail("/konto/password/reset/key/")
    assert links and all(link.startswith("https://jobcenter.example/") for link in links)


def test_the_citizens_password_mail_has_no_paragraph_for_staff(client, citizen, caseworker):
    request_password_reset(client, citizen.email)
    assert "Mitarbeiterin oder Mitarbeiter" not in mail.outbox[-1].body
    request_password_reset(client, caseworker.email)
    assert "Mitarbeiterin oder Mitarbeiter" in mail.outbox[-1].body


def test_make_run_sets_public_base_url_to_the_address_it_serves(monkeypatch):
    """scripts/run_dev.py passes PUBLIC_BASE_URL=http://<RUN_ADDRESS> to web and both workers
    (the interactive and the bulk queue's)."""
    monkeypatch.setenv("RUN_ADDRESS", "192.0.2.10:8123")
    monkeypatch.delenv("PUBLIC_BASE_URL", raising=False)
    monkeypatch.delenv("STATIC_MANIFEST", raising=False)
    started, commands, ran = [], [], []

    class Process:
        def __init__(self, args, cwd=None, env=None):
            started.append(env)
            commands.append(args)

        def wait(self, timeout=None):
            return 0

        def poll(self):
            return 0

    spec = importlib.util.spec_from_file_location("run_dev", ROOT / "scripts" / "run_dev.py")
    run_dev = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(run_dev)
    monkeypatch.setattr(run_dev.subprocess, "Popen", Process)
    monkeypatch.setattr(run_dev.subprocess, "run", lambda args, **kw: ran.append((args, kw)))
    monkeypatch.setattr(run_dev, "ROOT", Path(os.environ.get("TMPDIR", "/tmp")) / "run-dev-test")
    assert run_dev.main() == 0
    # the interactive worker, the bulk worker and the web server
    assert [env["PUBLIC_BASE_URL"] for env in started] == ["http://192.0.2.10:8123"] * 3
    # static files as in production: collected first, then served by WhiteNoise, not runserver
    (collect, options), = ran
    assert collect[1:3] == ["manage.py", "collectstatic"] and options["check"] is True
    assert options["env"]["STATIC_MANIFEST"] == "1" == started[-1]["STATIC_MANIFEST"]
    assert "--nostatic" in commands[-1]
