"""The letters of every concern: three decision kinds registered with ``decisions.kinds``
(``config/wiring.py``) and rendered by the Bescheid's one template and renderer:

* ``anliegen_bescheid`` — a Verwaltungsakt in the person's favour (Zustimmung, Bewilligung,
  the result of a review), with the Widerspruch Belehrung of ``decisions``;
* ``anliegen_ablehnung`` — a refusal with its reasons (§ 35 SGB X) and the same Belehrung;
* ``anliegen_schreiben`` — a letter that is no Verwaltungsakt (a report confirmed, an
  appointment offered for Akteneinsicht): no Belehrung, "Dieses Schreiben …".

Title and operative text come from the concern's outcome (``registry.Outcome``) and the
letter data kept in the snapshot (``snapshot["letter"]``, written with the draft).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from jobcenter.anliegen import registry
from jobcenter.decisions.documents import euro, month_de
from jobcenter.decisions.kinds import BescheidKind
from jobcenter.decisions.models import Decision

MAX_AMOUNT = Decimal("100000000")


def letter_of(data: dict[str, Any]) -> registry.Letter:
    received = data.get("received")
    extra = data.get("extra")
    try:
        amount = Decimal(str(data["amount"])) if data.get("amount") not in (None, "") else None
    except InvalidOperation:
        amount = None
    if amount is not None and (not amount.is_finite() or abs(amount) >= MAX_AMOUNT):
        amount = None  # never stored by anliegen_decide (a form's money field); not shown
    return registry.Letter(
        received=dt.date.fromisoformat(received) if received else None,
        answers=dict(data.get("answers") or {}), amount=amount,
        details=str(data.get("details") or ""),
        appointment=dict(data.get("appointment") or {}),
        reasons=str(data.get("reasons") or ""),
        extra={str(k): str(v) for k, v in extra.items()} if isinstance(extra, dict) else {})


def _parts(decision: Decision) -> tuple[registry.Outcome, registry.Letter] | None:
    data = dict(decision.snapshot.get("letter") or {})
    concern = registry.get(str(data.get("anliegen") or ""))
    outcome = concern.outcome(str(data.get("outcome") or "")) if concern else None
    if outcome is None:
        return None
    return outcome, letter_of(data)


def title(decision: Decision) -> str:
    parts = _parts(decision)
    if parts is None:
        return _(decision.decision_type.title)
    return str(parts[0].title)


def paragraphs(decision: Decision) -> list[str]:
    parts = _parts(decision)
    if parts is None:
        return []
    outcome, letter = parts
    texts = outcome.paragraphs(letter)
    months = letter.months
    if outcome.pays_monthly and months is not None:
        texts.append(_(
            "Wir zahlen den Betrag von %(amount)s für jeden Monat von %(from)s bis "
            "%(to)s, jeweils im Voraus zum Monatsbeginn.") % {
                "amount": euro(letter.amount) if letter.amount is not None else "",
                "from": month_de(months[0]), "to": month_de(months[1])})
    return texts


def no_belehrung(decision: Decision) -> list[str]:
    """A letter that is no Verwaltungsakt gets no Rechtsbehelfsbelehrung."""
    return []


KINDS = (
    BescheidKind(key=registry.BESCHEID, title=gettext_noop("Bescheid"),
                 paragraphs=paragraphs, title_of=title),
    BescheidKind(key=registry.ABLEHNUNG, title=gettext_noop("Ablehnungsbescheid"),
                 paragraphs=paragraphs, title_of=title),
    BescheidKind(key=registry.SCHREIBEN, title=gettext_noop("Schreiben"),
                 paragraphs=paragraphs, rechtsbehelf=no_belehrung, title_of=title,
                 verwaltungsakt=False),
)
