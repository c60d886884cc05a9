"""The Sendebestätigung of a citizen's message: PDF/A-2a through ``core.typst_pdf``, with
the moment of receipt in Europe/Berlin and the SHA-256 of the text and of each attachment
(the same values the eAkte stores with the documents)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.template.defaultfilters import filesizeformat
from django.utils import formats, timezone
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _

from jobcenter.core.typst_pdf import render_pdf
from jobcenter.postfach.models import Message

TEMPLATE = Path(__file__).with_name("receipt.typ")


def receipt_data(message: Message) -> dict[str, Any]:
    thread = message.thread
    sent = timezone.localtime(message.created_at)
    stamp = _("%(date)s um %(time)s Uhr") % {
        "date": formats.date_format(sent, "DATE_FORMAT"),
        "time": formats.time_format(sent, "TIME_FORMAT")}
    return {
        "lang": (get_language() or "de")[:2],
        "title": _("Sendebestätigung"),
        "intro": _("Ihre Nachricht ist über das Postfach von Jobcenter Online bei uns "
                   "eingegangen. Diese Bestätigung weist nach, wann sie eingegangen ist und "
                   "welchen Inhalt sie hatte."),
        "jobcenter": thread.jobcenter.name,
        "sent_at": stamp,
        "sender": message.sender.get_full_name() or message.sender.email,
        "topic": _(thread.topic.title),  # a seeded title is a msgid; others stay as typed
        "subject": thread.subject,
        "sha256": message.sha256,
        "body_lines": message.body.split("\n"),
        "attachments": [
            {"name": a.name, "size": str(filesizeformat(a.size)), "sha256": a.sha256}
            for a in message.attachments.all()
        ],
        "labels": {
            "page": _("Seite"),
            "sent_at": _("Eingegangen am"),
            "sender": _("Von"),
            "recipient": _("An"),
            "topic": _("Thema"),
            "subject": _("Betreff"),
            "hash": _("Prüfsumme des Nachrichtentextes (SHA-256)"),
            "hash_help": _("Die Prüfsumme wird aus dem Text der Nachricht (UTF-8) berechnet. "
                           "Stimmt sie mit der Prüfsumme in der eAkte überein, ist der Text "
                           "unverändert."),
            "text": _("Ihre Nachricht"),
            "attachments": _("Anhänge"),
            "no_attachments": _("Keine Anhänge."),
            "file": _("Datei"),
            "size": _("Größe"),
            "footer": _("Diese Bestätigung wurde automatisch erstellt und ist ohne Unterschrift "
                        "gültig."),
        },
    }


def receipt_pdf(message: Message, *, language: str = "de") -> bytes:
    with override(language):
        data = receipt_data(message)
    return render_pdf(TEMPLATE, data, timestamp=int(message.created_at.timestamp()))
