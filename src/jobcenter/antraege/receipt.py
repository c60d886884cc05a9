"""The Eingangsbestätigung (PDF/A-2a, rendered by ``core.typst_pdf``) and the fingerprint.

Canonical JSON (documented in docs/antraege.md): the submitted data object serialised with
keys sorted, no insignificant whitespace (``","`` and ``":"`` separators), non-ASCII
characters kept as UTF-8 (``ensure_ascii=False``), encoded as UTF-8. The fingerprint is the
lower-case hex SHA-256 of those bytes. The JSON export stores that data object under
``"data"``, so anyone can recompute the fingerprint from the export
(:func:`verify_export`, ``manage.py antraege_verify``).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _

from jobcenter.core.typst_pdf import render_pdf

TEMPLATE = Path(__file__).with_name("receipt.typ")
EXPORT_FORMAT = "jobcenter-online/antrag-export"
EXPORT_FORMAT_VERSION = 1


def canonical_json(data: Any) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def fingerprint(data: Any) -> str:
    return hashlib.sha256(canonical_json(data)).hexdigest()


def build_export(
    data: dict[str, Any],
    *,
    schema: str,
    answers_schema: dict[str, Any] | None = None,
    topics: list[list[Any]] | None = None,
    language: str = "de",
) -> bytes:
    """The machine-readable export: the submitted data, its fingerprint, the JSON Schema
    of ``data["answers"]`` derived from the form definition, and — for a human reader, outside
    the fingerprinted data — the answers as the receipt prints them (``display``)."""
    document = {
        "format": EXPORT_FORMAT,
        "format_version": EXPORT_FORMAT_VERSION,
        "schema": schema,
        "answers_schema": answers_schema,
        "display": {
            "language": language[:2],
            "topics": [
                {
                    "page": key,
                    "title": title,
                    "rows": [{"label": label, "value": value} for label, value in rows],
                }
                for key, title, rows in topics or []
            ],
        },
        "fingerprint": {
            "algorithm": "SHA-256",
            "canonicalization": "JSON, keys sorted, separators ',' ':', UTF-8, no ASCII escaping",
            "value": fingerprint(data),
        },
        "data": data,
    }
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")


def verify_export(raw: bytes) -> tuple[bool, str, str]:
    """(matches, recorded fingerprint, recomputed fingerprint) for an export file's bytes."""
    document = json.loads(raw.decode("utf-8"))
    recorded = str(document.get("fingerprint", {}).get("value", ""))
    recomputed = fingerprint(document.get("data"))
    return recorded == recomputed, recorded, recomputed


def _size(num: int) -> str:
    if num < 1024:
        return f"{num} B"
    if num < 1024 * 1024:
        return f"{formats.number_format(num / 1024, 1)} KB"
    return f"{formats.number_format(num / 1024 / 1024, 1)} MB"


def render_receipt(
    *,
    reference: str,
    form_title: str,
    form_version: str,
    jobcenter: str,
    submitted_at_display: str,
    channel_display: str,
    topics: list[list[Any]],
    attachments: list[dict[str, Any]],
    fingerprint_value: str,
    language: str,
    timestamp: int,
) -> bytes:
    """Render the receipt to PDF/A-2a bytes. Texts come translated in the active language;
    ``timestamp`` (the moment of submission) makes a second render give the same bytes."""
    data = {
        "lang": language[:2],
        "title": _("Eingangsbestätigung"),
        "form_title": form_title,
        "form_version": form_version,
        "jobcenter": jobcenter,
        "reference": reference,
        "submitted_at": submitted_at_display,
        "channel": channel_display,
        "fingerprint": fingerprint_value,
        "topics": [
            {"title": title, "rows": [[str(label), str(value)] for label, value in rows]}
            for _key, title, rows in topics
        ],
        "attachments": [
            {"title": a["title"], "size": _size(int(a["size"])), "sha256": a["sha256"]}
            for a in attachments
        ],
        "labels": {
            "reference": _("Referenz"),
            "received": _("Eingegangen am"),
            "channel": _("Eingangsweg"),
            "version": _("Formularversion"),
            "fingerprint": _("Digitaler Fingerabdruck (SHA-256) der übermittelten Daten"),
            "fingerprint_help": _(
                "Mit diesem Fingerabdruck können Sie nachweisen, welche Angaben Sie gesendet "
                "haben: Er wird aus dem maschinenlesbaren Export Ihres Antrags berechnet und "
                "ändert sich, wenn auch nur ein Zeichen anders ist."
            ),
            "attachments": _("Nachweise"),
            "no_attachments": _("Keine Nachweise hochgeladen."),
            "file": _("Datei"),
            "size": _("Größe"),
            "page": _("Seite"),
            "footer": _(
                "Wir haben Ihren Antrag erhalten. Diese Bestätigung sagt noch nichts über die "
                "Entscheidung. Bitte bewahren Sie sie auf."
            ),
        },
    }
    return render_pdf(TEMPLATE, data, timestamp=timestamp)
