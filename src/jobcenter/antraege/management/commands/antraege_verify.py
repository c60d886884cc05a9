"""``manage.py antraege_verify EXPORT.json``: recompute an export's fingerprint."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jobcenter.antraege.receipt import verify_export


class Command(BaseCommand):
    help = "Recompute the SHA-256 fingerprint of an application export and compare it."

    def add_arguments(self, parser) -> None:
        parser.add_argument("export", type=Path)

    def handle(self, *args, export: Path, **options) -> None:
        try:
            matches, recorded, recomputed = verify_export(export.read_bytes())
        except (OSError, UnicodeDecodeError, json.JSONDecodeError, AttributeError) as exc:
            raise CommandError(f"{export}: keine Export-Datei eines Antrags ({exc})") from exc
        self.stdout.write(f"eingetragen: {recorded}\nberechnet:   {recomputed}")
        if not matches:
            raise CommandError("Die Datei wurde verändert: Fingerabdrücke stimmen nicht überein.")
        self.stdout.write(self.style.SUCCESS("Die Datei ist unverändert."))
