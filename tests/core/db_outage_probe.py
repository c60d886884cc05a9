"""Run requests against a database that cannot answer, in a fresh interpreter.

    python tests/core/db_outage_probe.py sqlite-locked   # DATABASE_URL=sqlite:////tmp/x.db
    python tests/core/db_outage_probe.py pg-unreachable  # DATABASE_URL=postgres://…:port/…

Settings (timeouts, the database) are read once per process, so tests/core/test_db_outage.py
starts this script with the environment of the case and reads the JSON it prints last.
"sqlite-locked" holds a write transaction on the database file from a second connection,
as another process would, while a signed-in citizen opens, saves and uploads on a form
page; then it releases the lock and sends the same posts again.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobcenter.config.settings")

import django  # noqa: E402

django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

SESSION_KEY = "a" * 32  # a well-formed key: the session is looked up in the database


def timed(client: Client, method: str, path: str, data: dict | None = None) -> dict:
    started = time.monotonic()
    response = getattr(client, method)(path, data or {})
    body = response.content.decode("utf-8", "replace")
    return {
        "method": method.upper(),
        "path": path,
        "status": response.status_code,
        "seconds": round(time.monotonic() - started, 2),
        "retry_after": response.get("Retry-After"),
        "location": response.get("Location"),
        "friendly": "bitte versuchen sie es gleich noch einmal" in body.lower(),
        "traceback": "Traceback" in body or "OperationalError" in body,
    }


def pg_unreachable() -> dict:
    client = Client(raise_request_exception=False)
    client.get("/")  # warm up (imports, URL resolver): the home page needs no database
    results = [timed(client, "get", "/healthz/")]
    client.cookies["sessionid"] = SESSION_KEY  # a signed-in visitor: the session needs the DB
    results.append(timed(client, "get", "/portal/"))
    results.append(timed(Client(raise_request_exception=False), "post", "/konto/login/",
                         {"login": "alice@example.org", "password": "irgendwas"}))
    return {"results": results}


def sqlite_locked() -> dict:
    from jobcenter.formengine import prefill, registry
    from jobcenter.formengine.models import Draft, Upload
    from tests.factories import CitizenFactory, JobcenterFactory, PostcodeAreaFactory
    from tests.formengine.conftest import TEST_FORMS, _profile, _test_submit
    from tests.formengine.helpers import PAGE_DATA, png_bytes

    prefill.register_provider("testprofile", _profile)
    registry.register_form_dir(TEST_FORMS)
    registry.register_submit_handler("engine_test", _test_submit)

    jobcenter = JobcenterFactory(name="Jobcenter Alpha", slug="alpha")
    PostcodeAreaFactory(postcode="11111", jobcenter=jobcenter)
    citizen = CitizenFactory(jobcenter=jobcenter, email="alice@example.org", postcode="11111")
    client = Client(raise_request_exception=False)
    client.force_login(citizen)
    client.post(reverse("formengine:start", args=["engine_test"]))
    draft = Draft.objects.get()
    pages = {key: reverse("formengine:page", args=[draft.public_id, key])
             for key in ("person", "kontakt", "kinder", "geld", "nachweis")}
    for key in ("person", "kontakt", "kinder", "geld"):
        draft.refresh_from_db()
        client.post(pages[key], {"_action": "next", "_version": draft.version, **PAGE_DATA[key]})
    draft.refresh_from_db()
    before = {"version": draft.version, "answers": draft.answers}
    storage = Path(os.environ["PRIVATE_STORAGE_ROOT"])
    files_before = sorted(str(p) for p in storage.rglob("*") if p.is_file())

    changed = {**PAGE_DATA["person"], "vorname": "Alicia"}
    save = {"_action": "next", "_version": draft.version, **changed}

    def upload_post() -> dict:
        return {"_action": "upload:lohnnachweis", "_version": draft.version,
                "lohnnachweis": SimpleUploadedFile("lohn.png", png_bytes((40, 30)),
                                                   content_type="image/png")}

    # Another process holds a write transaction on the database file.
    database = django.conf.settings.DATABASES["default"]["NAME"]
    locker = sqlite3.connect(database, isolation_level=None)
    locker.execute("BEGIN IMMEDIATE")  # the write lock, held until ROLLBACK below
    locked = [
        timed(client, "get", pages["person"]),
        timed(client, "post", pages["person"], save),
        timed(client, "post", pages["nachweis"], upload_post()),
    ]
    draft.refresh_from_db()
    during = {
        "version": draft.version,
        "answers_unchanged": draft.answers == before["answers"],
        "uploads": Upload.objects.count(),
        "files_unchanged": sorted(
            str(p) for p in storage.rglob("*") if p.is_file()) == files_before,
    }
    locker.execute("ROLLBACK")
    locker.close()

    after = [
        timed(client, "post", pages["person"], save),
        timed(client, "post", pages["nachweis"], upload_post()),
    ]
    draft.refresh_from_db()
    return {
        "before": {"version": before["version"]},
        "locked": locked,
        "during": during,
        "after": after,
        "after_state": {
            "vorname": draft.answers.get("vorname"),
            "uploads": Upload.objects.count(),
            "linked": draft.answers.get("lohnnachweis") == [Upload.objects.get().pk]
            if Upload.objects.count() == 1 else False,
        },
    }


if __name__ == "__main__":
    case = sys.argv[1]
    output = {"pg-unreachable": pg_unreachable, "sqlite-locked": sqlite_locked}[case]()
    print(json.dumps(output))
