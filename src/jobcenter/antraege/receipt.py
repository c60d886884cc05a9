"""The Eingangsbestätigung (PDF/A-2a, rendered by ``core.typst_pdf``) and the fingerprint.

Canonical JSON (documented in docs/antraege.md): the submitted data object serialised with
keys sorted, no insignificant whitespace (``","`` and ``":"`` separators), non-ASCII
characters kept as UTF-8 (``ensure_ascii=False``), encoded as UTF-8. The fingerprint is the
lower-case hex SHA-256 of those bytes. The JSON export stores that data object under
``"data"``, so anyone can recompute the fingerprint from the export
(:func:`verify_export`, ``manage.py antraege_verify``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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


def _day(value: dt.date) -> str:
    """The day in the reader's long format, never broken across lines: "28. Dezember
    2026" with non-breaking spaces, in the PDF and on the page."""
    return formats.date_format(value, "DATE_FORMAT").replace(" ", "\u00a0")


@dataclass(frozen=True)
class ReceiptText:
    """What the receipt of a further form (a concern of ``anliegen``) says: from when it
    counts (its heading and text, given the formatted day of receipt) and what follows."""

    counts_title: Callable[[], str]
    counts: Callable[[str], str]  # the day of receipt, formatted → the text
    next_steps: Callable[[], list[str]]  # what happens next (before "see the status")


_RECEIPT_TEXTS: dict[str, ReceiptText] = {}

#: (form_key, received_on, jobcenter) → (working days, due date) of the processing standard
#: the submission will be filed under, or None: ``casefiles.selectors.processing_standard``,
#: connected in ``config/wiring.py`` (the case does not exist yet when the receipt is made).
_STANDARD: list[Callable[..., tuple[int, dt.date] | None]] = []


def processing_standard_register(provider: Callable[..., tuple[int, dt.date] | None]) -> None:
    _STANDARD[:] = [provider]


def _standard_step(form_key: str, received_on: dt.date, jobcenter: Any) -> list[str]:
    """"In der Regel innerhalb von … Arbeitstagen …, voraussichtlich bis zum …" — the date
    the case's page shows later, from the same function."""
    found = _STANDARD[0](form_key=form_key, received_on=received_on,
                         jobcenter=jobcenter) if _STANDARD else None
    if found is None:
        return []
    days, due = found
    values = {"days": days, "date": _day(due)}
    if form_key in _RECEIPT_TEXTS:  # a concern of the catalogue
        return [ngettext(
            "Ihr Jobcenter bearbeitet Ihr Anliegen in der Regel innerhalb von %(days)s "
            "Arbeitstag nach dem Eingang, voraussichtlich bis zum %(date)s.",
            "Ihr Jobcenter bearbeitet Ihr Anliegen in der Regel innerhalb von %(days)s "
            "Arbeitstagen nach dem Eingang, voraussichtlich bis zum %(date)s.", days) % values]
    if form_key == "veraenderung":
        return [ngettext(
            "Ihr Jobcenter bearbeitet Ihre Mitteilung in der Regel innerhalb von %(days)s "
            "Arbeitstag nach dem Eingang, voraussichtlich bis zum %(date)s.",
            "Ihr Jobcenter bearbeitet Ihre Mitteilung in der Regel innerhalb von %(days)s "
            "Arbeitstagen nach dem Eingang, voraussichtlich bis zum %(date)s.", days) % values]
    return [ngettext(
        "Ihr Jobcenter entscheidet in der Regel innerhalb von %(days)s Arbeitstag nach dem "
        "Eingang, voraussichtlich bis zum %(date)s.",
        "Ihr Jobcenter entscheidet in der Regel innerhalb von %(days)s Arbeitstagen nach dem "
        "Eingang, voraussichtlich bis zum %(date)s.", days) % values]


def receipt_text_register(*, form_key: str, text: ReceiptText) -> None:
    """The receipt's text for ``form_key`` (connected in ``config/wiring.py``)."""
    _RECEIPT_TEXTS[form_key] = text


def receipt_guidance(*, form_key: str, received_on: dt.date, jobcenter: Any,
                     online: bool = True) -> dict[str, Any]:
    """What the receipt tells the person besides their answers, in the active language:
    from which day the application counts (§ 37 SGB II), what happens next and by when,
    and how to reach the Jobcenter."""
    first = received_on.replace(day=1)
    received = _day(received_on)
    further = _RECEIPT_TEXTS.get(form_key)
    if further is not None:
        return _guidance(further.counts_title(), further.counts(received),
                         [_("Ihr Jobcenter prüft Ihr Anliegen. Fehlen Unterlagen, bittet es "
                            "Sie darum – mit einer Frist – in Ihrem Konto bei Jobcenter "
                            "Online; Sie bekommen dazu eine E-Mail.") if online else
                          _("Ihr Jobcenter prüft Ihr Anliegen. Fehlen Unterlagen, bittet es "
                            "Sie schriftlich darum, mit einer Frist."),
                          *_standard_step(form_key, received_on, jobcenter),
                          *further.next_steps()], jobcenter, online)
    if form_key == "hauptantrag":
        counts = _(
            "Ihr Antrag ist am %(received)s eingegangen. Er wirkt auf den Ersten des Monats "
            "zurück: Bürgergeld beziehungsweise Grundsicherungsgeld kann Ihnen ab dem "
            "%(first)s zustehen (§ 37 Abs. 2 SGB II)."
        ) % {"received": received, "first": _day(first)}
    elif form_key == "weiterbewilligung":
        counts = _(
            "Ihr Antrag auf Weiterbewilligung ist am %(received)s eingegangen. Er gilt für die "
            "Zeit nach Ihrem laufenden Bewilligungszeitraum. Ist dieser schon abgelaufen, "
            "wirkt der Antrag auf den Ersten des Monats zurück, in dem er eingegangen ist: "
            "den %(first)s (§ 37 Abs. 2 SGB II)."
        ) % {"received": received, "first": _day(first)}
    elif form_key == "erstausstattung":
        counts = _(
            "Ihr Antrag ist am %(received)s eingegangen. Eine Erstausstattung muss gesondert "
            "beantragt werden; maßgeblich ist der Tag des Eingangs (§ 37 Abs. 1 S. 2 SGB II)."
        ) % {"received": received}
    else:  # Veränderungsmitteilung: a notice, not an application
        counts = _(
            "Ihre Mitteilung ist am %(received)s eingegangen. Eine Änderung wird ab dem Tag "
            "berücksichtigt, an dem sie eingetreten ist (§ 48 SGB X)."
        ) % {"received": received}
    steps = [
        _("Ihr Jobcenter prüft Ihre Angaben. Fehlen Unterlagen, bittet es Sie darum – mit "
          "einer Frist – in Ihrem Konto bei Jobcenter Online; Sie bekommen dazu eine E-Mail.")
        if online else
        _("Ihr Jobcenter prüft Ihre Angaben. Fehlen Unterlagen, bittet es Sie schriftlich "
          "darum, mit einer Frist."),
    ]
    steps += _standard_step(form_key, received_on, jobcenter)
    if form_key != "veraenderung":
        steps.append(_(
            "Über Ihren Antrag entscheidet das Jobcenter mit einem Bescheid, so schnell es "
            "geht. Hat es nach sechs Monaten noch nicht entschieden, können Sie beim "
            "Sozialgericht Untätigkeitsklage erheben (§ 88 Abs. 1 SGG)."))
    else:
        steps.append(_("Ändert sich Ihre Leistung, erhalten Sie einen Bescheid."))
    title = (_("Ab wann Ihr Antrag zählt") if form_key != "veraenderung"
             else _("Ab wann Ihre Mitteilung zählt"))
    return _guidance(title, counts, steps, jobcenter, online)


def _guidance(counts_title: str, counts: str, steps: list[str], jobcenter: Any,
              online: bool) -> dict[str, Any]:
    steps = [*steps, _("Den Stand der Bearbeitung sehen Sie jederzeit in Ihrem Konto.")
             if online else _("Den Stand der Bearbeitung erfahren Sie bei Ihrem Jobcenter.")]
    contact = [jobcenter.name, jobcenter.street, f"{jobcenter.postcode} {jobcenter.city}"]
    if jobcenter.phone:
        contact.append(_("Telefon: %(phone)s") % {"phone": jobcenter.phone})
    if jobcenter.email:
        contact.append(_("E-Mail: %(email)s") % {"email": jobcenter.email})
    if jobcenter.website:
        contact.append(_("Internet: %(website)s") % {"website": jobcenter.website})
    hours = list(jobcenter.opening_hours_lines)
    return {
        "counts_title": counts_title,
        "counts": counts,
        "next_title": _("Wie es weitergeht"),
        "next": steps,
        "contact_title": _("So erreichen Sie Ihr Jobcenter"),
        "contact": contact,
        "hours_title": _("Öffnungszeiten") if hours else "",
        "hours": hours,
    }


def _grouped(value: str, size: int = 8) -> str:
    """A long hex value in groups ("a1b2c3d4 e5f6…"): readable and wraps within the page."""
    return " ".join(value[i:i + size] for i in range(0, len(value), size))


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
    guidance: dict[str, Any] | None = None,
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
        "guidance": guidance,
        "topics": [
            {"title": title, "rows": [[str(label), str(value)] for label, value in rows]}
            for _key, title, rows in topics
        ],
        "attachments": [
            {"title": a["title"], "size": _size(int(a["size"])),
             "sha256": _grouped(a["sha256"])}
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
            "reference_hint": _("Bitte nennen Sie bei Fragen die Referenz %(reference)s.")
            % {"reference": reference},
            "footer": _(
                "Wir haben Ihren Antrag erhalten. Diese Bestätigung sagt noch nichts über die "
                "Entscheidung. Bitte bewahren Sie sie auf."
            ),
        },
    }
    return render_pdf(TEMPLATE, data, timestamp=timestamp)
