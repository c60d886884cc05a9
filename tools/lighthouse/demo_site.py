"""A private demo instance for front-end measurements (``make lighthouse``, screenshots).

Builds a fresh SQLite database with the demo data in a temporary directory, collects the
static files as in production (STATIC_MANIFEST=1: hashed, compressed, served by WhiteNoise),
starts ``runserver --nostatic`` on a free port and makes signed-in session cookies for a
demo citizen and a demo caseworker (password and second factor done, as after a real login).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
PY = sys.executable
DEMO_DOMAIN = "demo.jobcenter-online.example"
CITIZEN = f"ayse.yilmaz@{DEMO_DOMAIN}"
STAFF = f"leistung@musterstadt.{DEMO_DOMAIN}"

# Runs inside the demo instance's settings: session cookies and the URLs of demo objects.
_PREPARE = r"""
import json, time
from allauth.account.internal.flows.login import (
    _AUTHENTICATION_METHODS_USER_SESSION_KEY, AUTHENTICATION_METHODS_SESSION_KEY)
from django.test import Client
from django.urls import reverse
from jobcenter.accounts.models import User
from jobcenter.accounts.sessions import STARTED_KEY
from jobcenter.casefiles.models import Case
from jobcenter.decisions.models import Decision
from jobcenter.postfach.models import Thread

def session(email, mfa):
    user = User.objects.get(email=email)
    client = Client()
    client.force_login(user)
    records = [{"method": "password", "at": time.time(), "email": email}]
    if mfa:
        records.append({"method": "mfa", "at": time.time(), "type": "totp"})
    s = client.session
    s[AUTHENTICATION_METHODS_SESSION_KEY] = records
    s[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
    s[STARTED_KEY] = time.time()
    s.save()
    return user, client.cookies["sessionid"].value

citizen, citizen_cookie = session(CITIZEN, False)
staff, staff_cookie = session(STAFF, True)
from jobcenter.formengine import registry
from jobcenter.formengine.services import draft_start

hauptantrag = registry.get_form("hauptantrag")
draft = draft_start(user=citizen, form=hauptantrag)
form_page = reverse("formengine:page", args=[draft.public_id, hauptantrag.pages[0].key])


def pk(queryset):
    first = queryset.order_by("pk").first()
    return first.pk if first else None

print(json.dumps({
    "citizen": citizen_cookie, "staff": staff_cookie,
    "citizen_case": pk(Case.objects.filter(applicant_user=citizen)),
    "thread": pk(Thread.objects.filter(citizen=citizen)),
    "staff_case": pk(Case.objects.filter(jobcenter=staff.jobcenter, applicant_user=citizen)),
    "decision": pk(Decision.objects.filter(case__jobcenter=staff.jobcenter)),
    "form_page": form_page,
}))
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class DemoSite:
    base_url: str
    cookies: dict[str, str]
    ids: dict[str, Any]
    process: subprocess.Popen = field(repr=False)
    workdir: tempfile.TemporaryDirectory = field(repr=False)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.workdir.cleanup()


def start(*, quiet: bool = True) -> DemoSite:
    workdir = tempfile.TemporaryDirectory(prefix="jc-demo-")
    var = Path(workdir.name)
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "JOBCENTER_VAR_DIR": str(var),
        "STATIC_MANIFEST": "1",
        "DEBUG": "0",
        "CELERY_TASK_ALWAYS_EAGER": "1",
    }
    env.pop("DATABASE_URL", None)
    out = subprocess.DEVNULL if quiet else None

    def manage(*args: str, **kwargs):
        return subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True, **kwargs)

    manage("migrate", "--noinput", stdout=out)
    manage("seed_demo", stdout=out, stderr=out)
    manage("collectstatic", "--noinput", "-v", "0")
    prepared = manage(
        "shell",
        "-c",
        f"CITIZEN={CITIZEN!r}\nSTAFF={STAFF!r}\n" + _PREPARE,
        capture_output=True,
        text=True,
    )
    data = json.loads(prepared.stdout.strip().splitlines()[-1])
    port = _free_port()
    process = subprocess.Popen(
        [PY, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload", "--nostatic"],
        cwd=ROOT,
        env=env,
        stdout=out,
        stderr=out,
    )
    base_url = f"http://127.0.0.1:{port}"
    for _ in range(300):  # up to a minute: a loaded machine starts Django slowly
        try:
            urllib.request.urlopen(base_url + "/healthz/", timeout=2)
            break
        except OSError:
            time.sleep(0.2)
    else:
        process.terminate()
        raise RuntimeError("the demo server did not start")
    return DemoSite(
        base_url=base_url,
        cookies={"citizen": data.pop("citizen"), "staff": data.pop("staff")},
        ids=data,
        process=process,
        workdir=workdir,
    )
