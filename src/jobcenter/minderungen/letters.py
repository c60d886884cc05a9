"""The texts of the Minderungsbescheid and of the Bescheid that ends a Minderung early,
registered with ``decisions.kinds`` (``config/wiring.py``). The data come from the
Bescheid's snapshot (``snapshot["letter"]``), the amounts from the engine (step S12: the
percentage of the month's Regelbedarf, capped by the law in force, never Unterkunft und
Heizung)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from jobcenter.decisions.documents import date_de, euro, widerspruch_belehrung
from jobcenter.decisions.kinds import BescheidKind
from jobcenter.decisions.models import Decision

MINDERUNG = "minderung"
MINDERUNG_ENDE = "minderung_ende"


def _letter(decision: Decision) -> dict[str, Any]:
    return dict(decision.snapshot.get("letter") or {})


def _day(value: str | None) -> str:
    return date_de(dt.date.fromisoformat(value)) if value else ""


def monthly_reduction(decision: Decision) -> Decimal:
    """The reduction of the person's first month (the engine's ``minderung``)."""
    key = _letter(decision).get("person_key")
    for result in (decision.snapshot.get("results") or {}).values():
        for person in result.get("personen") or []:
            if person.get("id") == key:
                return Decimal(str(person.get("minderung") or 0))
    return Decimal(0)


def minderung_paragraphs(decision: Decision) -> list[str]:
    letter = _letter(decision)
    values = {"person": letter.get("person", ""), "duty": letter.get("duty", ""),
              "event": _day(letter.get("event_on")),
              "belehrung": _day(letter.get("belehrung_on")),
              "from": date_de(decision.period_from), "to": date_de(decision.period_to),
              "percent": letter.get("percent", 0), "amount": euro(monthly_reduction(decision)),
              "basis": letter.get("legal_basis", ""),
              "previous": _day(letter.get("basis_date"))}
    if letter.get("kind") == "meldeversaeumnis":
        texts = [_("wir stellen fest, dass %(person)s ohne wichtigen Grund den Termin nicht "
                   "wahrgenommen hat: %(duty)s (%(event)s). Über die Folgen haben wir am "
                   "%(belehrung)s schriftlich belehrt.") % values]
    else:
        texts = [_("wir stellen fest, dass %(person)s ohne wichtigen Grund einer Pflicht nicht "
                   "nachgekommen ist: %(duty)s (%(event)s). Über die Folgen haben wir am "
                   "%(belehrung)s schriftlich belehrt.") % values]
    if letter.get("full_withdrawal"):
        texts.append(_("Deshalb entfällt für %(person)s in der Zeit vom %(from)s bis %(to)s "
                       "der Regelbedarf, das sind %(amount)s im Monat (%(basis)s).") % values)
    else:
        texts.append(_("Deshalb mindert sich das Geld für %(person)s in der Zeit vom %(from)s "
                       "bis %(to)s um %(percent)s Prozent des Regelbedarfs, das sind "
                       "%(amount)s im Monat (%(basis)s).") % values)
    texts.append(_("Insoweit ändern wir unseren Bescheid vom %(previous)s. Die Kosten für "
                   "Unterkunft und Heizung werden nicht gemindert. Für die anderen Personen "
                   "Ihrer Bedarfsgemeinschaft ändert sich nichts. Die Beträge für diese Monate "
                   "stehen in der Tabelle.") % values)
    if letter.get("answered"):
        texts.append(_("Ihre Äußerung in der Anhörung haben wir berücksichtigt; warum sie an "
                       "der Minderung nichts ändert, steht in der Begründung."))
    elif letter.get("answer_due"):
        texts.append(_("Sie hatten Gelegenheit, sich bis zum %(date)s zu äußern; Sie haben "
                       "sich nicht geäußert.") % {"date": _day(letter.get("answer_due"))})
    if letter.get("full_withdrawal"):
        texts.append(_("Wenn sich %(person)s in diesem Monat persönlich bei uns meldet, gilt "
                       "%(person)s als durchgehend erreichbar, und wir heben den Entzug auf "
                       "(§ 7b Abs. 4 SGB II in der ab 1.7.2026 geltenden Fassung).") % values)
    elif letter.get("ends_on_cooperation"):
        texts.append(_("Wenn %(person)s die Pflicht erfüllt oder sich ernsthaft und nachhaltig "
                       "bereit erklärt, ihr künftig nachzukommen, heben wir die Minderung ab "
                       "diesem Zeitpunkt auf, frühestens nach einem Monat (§ 31a Abs. 1 Satz 6, "
                       "§ 31b Abs. 2 Satz 2 SGB II). Melden Sie sich dazu bei uns.") % values)
    texts.append(_("Wenn die Minderung für Sie eine außergewöhnliche Härte bedeutet, teilen "
                   "Sie uns das bitte sofort mit (§ 31a Abs. 3 SGB II)."))
    if letter.get("provisional"):
        texts.append(_("Die Regeln für Minderungen ab dem 1. Juli 2026 wenden wir nach dem vom "
                       "Bundestag beschlossenen Gesetz an."))
    return texts


def minderung_belehrung(decision: Decision) -> list[str]:
    return [*widerspruch_belehrung(decision),
            _("Widerspruch und Klage gegen diesen Bescheid haben keine aufschiebende Wirkung "
              "(§ 39 Nr. 1 SGB II): Die Minderung gilt, bis anders entschieden ist.")]


def ende_paragraphs(decision: Decision) -> list[str]:
    letter = _letter(decision)
    values = {"person": letter.get("person", ""), "date": _day(letter.get("minderung_date")),
              "cooperated": _day(letter.get("cooperated_on")),
              "from": date_de(decision.period_from), "to": date_de(decision.period_to)}
    if letter.get("full_withdrawal"):
        first = _("%(person)s hat sich am %(cooperated)s persönlich bei uns gemeldet und gilt "
                  "damit als durchgehend erreichbar (§ 7b Abs. 4 SGB II in der ab 1.7.2026 "
                  "geltenden Fassung). Deshalb heben wir den Entzug des Regelbedarfs aus "
                  "unserem Bescheid vom %(date)s ab %(from)s vollständig auf.") % values
    else:
        first = _("%(person)s hat am %(cooperated)s mitgewirkt. Deshalb heben wir die "
                  "Minderung aus unserem Bescheid vom %(date)s ab %(from)s auf (§ 31a Abs. 1 "
                  "Satz 6, § 31b Abs. 2 Satz 2 SGB II).") % values
    return [
        first,
        _("Für die Zeit vom %(from)s bis %(to)s erhalten Sie die Leistungen wieder ohne "
          "Minderung in der folgenden Höhe.") % values,
    ]


KINDS = (
    BescheidKind(key=MINDERUNG, title=gettext_noop("Bescheid über eine Leistungsminderung"),
                 paragraphs=minderung_paragraphs, rechtsbehelf=minderung_belehrung),
    BescheidKind(key=MINDERUNG_ENDE,
                 title=gettext_noop("Bescheid über das Ende einer Leistungsminderung"),
                 paragraphs=ende_paragraphs),
)

#: The catalogue's titles of the two kinds (shown translated with ``|translated``).
CATALOGUE_TITLES = (gettext_noop("Leistungsminderung"),
                    gettext_noop("Ende einer Leistungsminderung"))
