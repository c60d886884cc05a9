"""Die Direktzahlung der Kosten für Unterkunft und Heizung an den Vermieter oder einen anderen
Empfangsberechtigten auf Antrag (§ 22 Abs. 7 Satz 1 SGB II) as a concern on the ``anliegen``
base: the form (``forms/direktzahlung.yaml``), the staff screen's facts, the check before the
Bescheid, the letters. A bound decision ("ist … zu zahlen"): staff set it up with the monthly
amount; a refusal only with its reasons. Issuing the Bescheid sets the direct payment up
through the one service in ``zahlungen`` (``direct_payment_create``, called by
``handlers.on_kind_erlassen``), which writes its notices to the citizen and the payee; the
monthly runs pay the payee from the first month.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobcenter.anliegen.registry import (
    ABLEHNUNG,
    BESCHEID,
    Anliegen,
    Art,
    Letter,
    Outcome,
    ReceiptTexts,
)
from jobcenter.bedarfe import briefe
from jobcenter.decisions import deadlines
from jobcenter.decisions.documents import euro, month_de
from jobcenter.decisions.letter import masked_iban
from jobcenter.formengine.display import iban_text, money_text
from jobcenter.zahlungen.models import DirectPayment
from jobcenter.zahlungen.services.account import PayerAccountError, clean_iban
from jobcenter.zahlungen.services.claims import _bg_of

KEY = "direktzahlung"
NORM = "§ 22 Abs. 7 Satz 1 SGB II"

#: the citizen's choice → the kind of the direct payment in ``zahlungen``
KINDS = {"miete": DirectPayment.Kind.RENT, "miete_heizung": DirectPayment.Kind.RENT,
         "abschlaege": DirectPayment.Kind.ENERGY}

COSTS = {
    "miete": gettext_lazy("die Miete (Grundmiete und Nebenkosten)"),
    "miete_heizung": gettext_lazy("die Miete mit den Heizkosten"),
    "abschlaege": gettext_lazy("die Abschläge für Heizung und Energie"),
}


def first_month(answers: dict[str, Any]) -> dt.date | None:
    """The first month the citizen asked for (the first of the month of the given day)."""
    try:
        return deadlines.first_of_month(dt.date.fromisoformat(str(answers.get("dz_ab"))))
    except (TypeError, ValueError):
        return None


def payee_address(answers: dict[str, Any]) -> dict[str, str]:
    value = answers.get("dz_anschrift")
    value = value if isinstance(value, dict) else {}
    return {key: str(value.get(key) or "").strip() for key in ("street", "postcode", "city")}


def bg_id(case: Any) -> int | None:
    person = getattr(case, "applicant", None)
    if person is None:
        return None
    return _bg_of(person, deadlines.first_of_month(timezone.localdate()))


def _running(case: Any, kind: str, start: dt.date) -> DirectPayment | None:
    """A direct payment of this kind that is still running at ``start``."""
    bg = bg_id(case)
    if bg is None:
        return None
    return (DirectPayment.objects.filter(bedarfsgemeinschaft_id=bg, kind=kind)
            .exclude(valid_to__lt=start).first())


def staff_facts(case: Any) -> list[tuple[str, str]]:
    answers = case.data or {}
    start = first_month(answers)
    address = payee_address(answers)
    kind = KINDS.get(str(answers.get("dz_kosten") or ""))
    rows = [
        (_("Empfänger"), str(answers.get("dz_empfaenger") or "–")),
        (_("Anschrift des Empfängers"),
         ", ".join(p for p in (address["street"],
                               f"{address['postcode']} {address['city']}".strip()) if p)
         or "–"),
        (_("IBAN des Empfängers"), iban_text(answers.get("dz_iban"))),
        (_("Direkt zu zahlen"), str(COSTS.get(str(answers.get("dz_kosten") or ""), "–"))),
        (_("Ab Monat"), month_de(start) if start else "–"),
    ]
    try:
        stated = money_text(Decimal(str(answers.get("dz_betrag"))))
    except ArithmeticError:
        stated = "–"
    rows.append((_("Betrag laut Antrag (Monat)"), stated))
    running = _running(case, kind, start) if kind and start else None
    rows.append((_("Laufende Direktzahlung dieser Art"),
                 _("%(payee)s, %(amount)s ab %(start)s") % {
                     "payee": running.payee_name, "amount": money_text(running.monthly_amount),
                     "start": month_de(running.valid_from)} if running else _("keine")))
    rows.append((_("Entscheidung"), _(
        "gebunden („ist … zu zahlen“, § 22 Abs. 7 Satz 1 SGB II): Richten Sie die "
        "Direktzahlung ein. Zahlen Sie höchstens die anerkannten Kosten für Unterkunft und "
        "Heizung des Monats direkt. Ablehnen nur mit Gründen.")))
    return rows


def check(case: Any, outcome: Outcome, letter: Letter) -> str:
    """Before the Bescheid: the payee's account is valid, the person is in a
    Bedarfsgemeinschaft, the month is known and no direct payment of this kind runs."""
    if outcome.key != "einrichten":
        return ""
    answers = case.data or {}
    try:
        clean_iban(str(answers.get("dz_iban") or ""))
    except PayerAccountError:
        return _("Die IBAN des Empfängers im Antrag ist nicht gültig. Bitte klären Sie sie mit "
                 "der Person, bevor Sie die Direktzahlung einrichten.")
    address = payee_address(answers)
    if not (str(answers.get("dz_empfaenger") or "").strip() and all(address.values())):
        return _("Name oder Anschrift des Empfängers fehlen im Antrag; er erhält ein "
                 "Schreiben über die Direktzahlung. Bitte klären Sie sie mit der Person.")
    start = first_month(answers)
    kind = KINDS.get(str(answers.get("dz_kosten") or ""))
    if start is None or kind is None:
        return _("Der Antrag nennt keinen ersten Monat oder keine Kosten.")
    if bg_id(case) is None:
        return _("Die Person gehört zu keiner Bedarfsgemeinschaft; eine Direktzahlung ist "
                 "nicht möglich.")
    running = _running(case, kind, start)
    if running is not None:
        return _("Für die Bedarfsgemeinschaft läuft schon eine Direktzahlung dieser Art an "
                 "%(payee)s. Beenden Sie sie zuerst unter „Zahlungen“.") % {
                     "payee": running.payee_name}
    return ""


def letter_facts(case: Any, outcome: Outcome, amount: Decimal | None) -> dict[str, str]:
    """Payee, masked account, costs and first month, fixed in the letter."""
    if outcome.key != "einrichten":
        return {}
    answers = case.data or {}
    start = first_month(answers)
    return {"payee": str(answers.get("dz_empfaenger") or "").strip(),
            "iban": masked_iban(str(answers.get("dz_iban") or "")),
            "costs": str(answers.get("dz_kosten") or ""),
            "start": start.isoformat() if start else ""}


def _start(letter: Letter) -> str:
    try:
        return month_de(dt.date.fromisoformat(letter.extra.get("start", "")))
    except ValueError:
        return ""


def _grant(letter: Letter) -> list[str]:
    with_costs = {"received": briefe.received(letter), "payee": letter.extra.get("payee", ""),
                  "iban": letter.extra.get("iban", ""), "start": _start(letter),
                  "amount": euro(letter.amount) if letter.amount else "",
                  "costs": str(COSTS.get(letter.extra.get("costs", ""), ""))}
    return [
        _("auf Ihren Antrag vom %(received)s zahlen wir Ihre Leistungen für Unterkunft "
          "und Heizung ab %(start)s direkt an %(payee)s (Konto %(iban)s), und zwar %(costs)s "
          "in Höhe von %(amount)s monatlich (§ 22 Abs. 7 Satz 1 SGB II).") % with_costs,
        _("Wir zahlen höchstens die Kosten für Unterkunft und Heizung, die wir für den Monat "
          "anerkannt haben. Der direkt gezahlte Betrag gilt als an Sie gezahlt; den übrigen "
          "Betrag Ihrer Leistungen erhalten Sie wie bisher auf Ihr Konto."),
        _("Wir schreiben %(payee)s, dass wir für Sie zahlen, wie viel und ab wann; andere "
          "Angaben über Sie erhält %(payee)s nicht. Sie können uns jederzeit bitten, die "
          "Direktzahlung zu beenden. Bitte teilen Sie uns sofort mit, wenn sich die Miete "
          "oder die Abschläge ändern oder wenn Sie umziehen.") % with_costs,
    ]


REFUSAL_TEMPLATES = (
    gettext_lazy("Für den Monat sind keine Leistungen für Unterkunft und Heizung bewilligt. "
                 "Nur soweit sie geleistet werden, können sie direkt gezahlt werden (§ 22 "
                 "Abs. 7 Satz 1 SGB II)."),
    gettext_lazy("Die genannte Person oder Stelle ist nicht Ihr Vermieter und nicht berechtigt, "
                 "die Kosten für Unterkunft oder Heizung zu empfangen (§ 22 Abs. 7 Satz 1 "
                 "SGB II)."),
)


DIREKTZAHLUNG = Anliegen(
    key=KEY,
    case_type=KEY,
    processing_days=5,
    group="wohnen",
    art=Art.ZUSTIMMUNG,
    money=True,
    title=gettext_lazy("Miete oder Abschläge direkt an den Vermieter zahlen lassen"),
    description=gettext_lazy(
        "Auf Ihren Antrag überweist das Jobcenter die Miete, die Heizkosten oder die "
        "Abschläge für Heizung und Energie jeden Monat direkt an den Vermieter oder das "
        "Versorgungsunternehmen. Den Rest Ihrer Leistungen erhalten Sie wie bisher."),
    audience=gettext_lazy("Für alle, die vom Jobcenter Leistungen für Unterkunft und "
                          "Heizung erhalten."),
    documents=(gettext_lazy("Name, Anschrift und IBAN des Vermieters oder des "
                            "Versorgungsunternehmens (stehen im Mietvertrag oder auf dem "
                            "Abschlagsplan)"),),
    keywords=(gettext_lazy("Direktzahlung"), gettext_lazy("Vermieter"), gettext_lazy("Miete"),
              gettext_lazy("Abschlag"), gettext_lazy("Stadtwerke")),
    outcomes=(
        Outcome(key="einrichten", label=gettext_lazy("Direktzahlung einrichten"),
                decision_type=BESCHEID, amount=True, monthly=True, redirects=True,
                title=gettext_lazy("Direktzahlung der Kosten für Unterkunft und Heizung"),
                paragraphs=_grant),
        Outcome(key="ablehnung", label=gettext_lazy("Ablehnen"), decision_type=ABLEHNUNG,
                title=gettext_lazy("Ablehnung der Direktzahlung an den Vermieter"),
                paragraphs=briefe.refusal(gettext_lazy(
                    "Zahlung der Kosten für Unterkunft und Heizung an den Vermieter oder "
                    "einen anderen Empfangsberechtigten"), NORM),
                reasons_required=True, reason_templates=REFUSAL_TEMPLATES),
    ),
    receipt=ReceiptTexts(
        counts_title=gettext_lazy("Wie es weitergeht"),
        counts=gettext_lazy("Ihr Antrag ist am %(received)s eingegangen. Wir entscheiden in "
                            "der Regel innerhalb von fünf Arbeitstagen."),
        next_steps=(gettext_lazy("Sie erhalten einen Bescheid. Richten wir die Direktzahlung "
                                 "ein, schreiben wir auch dem Empfänger. Zahlen Sie bis "
                                 "dahin bitte selbst weiter."),),
    ),
    letter_answers=("dz_kosten", "dz_ab"),
    staff_facts=staff_facts,
    check=check,
    letter_facts=letter_facts,
)
