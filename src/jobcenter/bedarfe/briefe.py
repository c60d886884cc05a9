"""The pieces every letter of this app's concerns is written with: the day of receipt, a
quoted day or amount, the granted amount, the address of a new home, the operative sentence
of a refusal with its reasons' Textbausteine, the receipt's "separately applied" text and the
§ 42a declaration of a loan's Aufrechnung (``katalog.py``, ``wohnen.py``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobcenter.anliegen.registry import ABLEHNUNG, Letter, Outcome, ReceiptTexts
from jobcenter.decisions.documents import date_de, euro


def received(letter: Letter) -> str:
    return date_de(letter.received) if letter.received else ""


def day(letter: Letter, key: str) -> str:
    try:
        return date_de(dt.date.fromisoformat(str(letter.answers.get(key))))
    except (TypeError, ValueError):
        return ""


def money(letter: Letter, key: str) -> str:
    try:
        return euro(Decimal(str(letter.answers.get(key))))
    except (InvalidOperation, ValueError, TypeError):
        return ""


def amount(letter: Letter) -> str:
    return euro(letter.amount) if letter.amount is not None else ""


def refusal(subject: Any, norm: str) -> Any:
    """The operative sentence of a refusal (the reasons follow under "Begründung")."""

    def paragraphs(letter: Letter) -> list[str]:
        return [
            _(
                "Ihren Antrag vom %(received)s auf %(subject)s lehnen wir ab (%(norm)s). "
                "Die Gründe stehen unten."
            )
            % {"received": received(letter), "subject": str(subject), "norm": norm}
        ]

    return paragraphs


REFUSAL_TEMPLATES = (
    gettext_lazy(
        "Die eingereichten Unterlagen belegen den Bedarf nicht. Wir hatten Sie um weitere "
        "Nachweise gebeten; diese sind bis zum Ablauf der Frist nicht eingegangen (§ 66 SGB I)."
    ),
    gettext_lazy("Der Bedarf ist bereits durch den Regelbedarf oder eine andere Leistung gedeckt."),
)


def refuse(subject: Any, norm: str, title: Any) -> Outcome:
    return Outcome(
        key="ablehnung",
        label=gettext_lazy("Ablehnen"),
        decision_type=ABLEHNUNG,
        title=title,
        paragraphs=refusal(subject, norm),
        reasons_required=True,
        reason_templates=REFUSAL_TEMPLATES,
    )


def separately(what: Any) -> ReceiptTexts:
    return ReceiptTexts(
        counts_title=gettext_lazy("Ab wann Ihr Antrag zählt"),
        counts=what,
        next_steps=(
            gettext_lazy(
                "Das Jobcenter entscheidet über Ihren Antrag und schickt Ihnen einen Bescheid."
            ),
        ),
    )


def address(letter: Letter) -> str:
    value = letter.answers.get("neue_anschrift")
    if not isinstance(value, dict):
        return str(value or "")
    street = str(value.get("street") or value.get("strasse") or "").strip()
    town = (
        " ".join(str(value.get(k) or "").strip() for k in ("postcode", "city")).strip()
        or " ".join(str(value.get(k) or "").strip() for k in ("plz", "ort")).strip()
    )
    return ", ".join(p for p in (street, town) if p)


LOAN_REPAYMENT = gettext_lazy(
    "Das Darlehen wird, solange Sie Leistungen zur Sicherung des Lebensunterhalts erhalten, "
    "ab dem Monat, der auf die Auszahlung folgt, durch monatliche Aufrechnung in Höhe von 5 % "
    "des für Sie maßgebenden Regelbedarfs getilgt; hiermit erklären wir diese Aufrechnung "
    "(§ 42a Abs. 2 SGB II). Enden Ihre Leistungen, ist der Rest sofort fällig; wir treffen "
    "dann mit Ihnen eine Vereinbarung über die Rückzahlung (§ 42a Abs. 4 SGB II)."
)
