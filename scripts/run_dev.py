"""Start the web server and two Celery workers (broker-less filesystem transport) for make run:
one for the ``interactive`` queue (with beat), one for the ``bulk`` queue
(docs/operations.md "Queues and workers")."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
ADDRESS = os.environ.get("RUN_ADDRESS", "127.0.0.1:8000")


def main() -> int:
    for folder in ("var/celery-queue", "var/celery-control", "var/private"):
        (ROOT / folder).mkdir(parents=True, exist_ok=True)
    # E-mail links (web and worker) point to the address this server answers on.
    env = {"PUBLIC_BASE_URL": f"http://{ADDRESS}", **os.environ, "PYTHONPATH": str(ROOT / "src")}
    # Static files as in production: collected with hashed names and brotli/gzip variants,
    # served by WhiteNoise (compressed, immutable for a year), not by runserver.
    env.setdefault("STATIC_MANIFEST", "1")
    if env["STATIC_MANIFEST"] == "1":
        subprocess.run([PY, "manage.py", "collectstatic", "--noinput", "-v", "0"],
                       cwd=ROOT, env=env, check=True)
    worker = subprocess.Popen(
        [PY, "-m", "celery", "-A", "jobcenter", "worker", "--beat", "--pool=solo",
         "--queues=interactive", "--hostname=interactive@%h",
         "--loglevel=WARNING", "--schedule", str(ROOT / "var" / "celerybeat-schedule")],
        cwd=ROOT, env=env,
    )
    bulk_worker = subprocess.Popen(
        [PY, "-m", "celery", "-A", "jobcenter", "worker", "--pool=solo", "--queues=bulk",
         "--hostname=bulk@%h", "--loglevel=WARNING"],
        cwd=ROOT, env=env,
    )
    domain = "demo.jobcenter-online.example"
    print(f"""
Jobcenter Online läuft / is running:  http://{ADDRESS}/

Demo-Zugänge (Passwort für alle / password for all: Demo-Passwort-2026)
  Kunde / citizen:         max.mustermann@{domain}
  Familie / family:        ayse.yilmaz@{domain}
  Leistung / benefits:     leistung@musterstadt.{domain}
  Teamleitung / team lead: teamleitung@musterstadt.{domain}
  Jobcenter-Admin:         admin@musterstadt.{domain}
  Plattform-Admin:         plattform@{domain}
Staff sign in with a second factor. Current code of a demo account:
  .venv/bin/python manage.py demo_totp leistung@musterstadt.{domain}
E-mails (verification links) are printed below; their links use
  PUBLIC_BASE_URL={env["PUBLIC_BASE_URL"]}. Stop with Ctrl+C.
""", flush=True)
    serve_static = [] if env["STATIC_MANIFEST"] != "1" else ["--nostatic"]
    web = subprocess.Popen([PY, "manage.py", "runserver", ADDRESS, "--noreload", *serve_static],
                           cwd=ROOT, env=env)
    try:
        return web.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        for process in (web, worker, bulk_worker):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()


if __name__ == "__main__":
    sys.exit(main())
