"""Each Bescheid checked against its own content before it is issued.

A contradiction (an Ablehnung "wegen Vermögen" whose asset check finds no excess, a
Bewilligung without a payable month, an Änderungsbescheid that changes nothing, a person
without a name) blocks issuing with a message that tells staff what to fix:
:func:`problems` lists them, :func:`raise_for` raises the first as ``DecisionError``.

:func:`rejection_ground` reads from the calculation why an application fails, which
decides what the Ablehnung attaches: the asset check with the allowances (``vermoegen``),
the need sheet showing that the income covers the need (``einkommen``), or no calculation
at all when the calculation shows an entitlement and the rejection rests on another
ground (``sonstiges``, e.g. § 66 SGB I) — never a need sheet with a payable entitlement.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from jobcenter.decisions import ausschlussfristen, chain
from jobcenter.decisions.models import Decision

#: Decision types whose letter pays amounts.
PAYING = frozenset({"bewilligung", "teilbewilligung", "aenderung"})

#: Decision types that refuse or end benefits: their letter never shows a payable
#: entitlement (``rejection_ground`` decides what they attach).
ENDING = frozenset({"ablehnung", "aufhebung"})

VERMOEGEN, EINKOMMEN, SONSTIGES = "vermoegen", "einkommen", "sonstiges"

_MENTIONS_ASSETS = re.compile(r"verm[öo]gen", re.IGNORECASE)
_MENTIONS_INCOME = re.compile(r"einkommen", re.IGNORECASE)


def _position(result: dict[str, Any], art: str) -> Decimal | None:
    for position in result.get("positionen") or []:
        if position.get("art") == art and position.get("person") is None:
            return Decimal(str(position.get("betrag") or 0))
    return None


def asset_excess(result: dict[str, Any]) -> tuple[Decimal, Decimal] | None:
    """(assets, allowance) of the BG when the assets exceed the allowance, else None."""
    assets = _position(result, "vermoegen")
    allowance = _position(result, "vermoegensfreibetrag")
    if assets is None or allowance is None or assets <= allowance:
        return None
    return assets, allowance


def _payable(result: dict[str, Any]) -> Decimal:
    return Decimal(str((result.get("summe") or {}).get("zahlbetrag") or 0))


def rejection_ground(results: dict[str, Any]) -> str:
    """Why the calculation refuses: assets above the allowance in any month, no payable
    amount in every month (income), or neither (another ground)."""
    if not results:
        return SONSTIGES
    if any(asset_excess(r) for r in results.values()):
        return VERMOEGEN
    if all(_payable(r) <= 0 for r in results.values()):
        return EINKOMMEN
    return SONSTIGES


def _birth_text(value: str) -> str:
    try:
        return dt.date.fromisoformat(value).strftime("%d.%m.%Y")
    except ValueError:
        return "?"


def problems(decision: Decision) -> list[str]:
    """What contradicts the Bescheid's type or is missing from it (translated)."""
    key = decision.decision_type.key
    snapshot = decision.snapshot or {}
    results = snapshot.get("results") or {}
    found: list[str] = []
    people = snapshot.get("persons") or {}
    in_bg = {str(p["id"]) for r in results.values() for p in r.get("personen") or []
             if p.get("in_bg", True)}
    for pid in sorted(in_bg):
        data = people.get(pid) or {}
        if not data.get("name") and not (snapshot.get("names") or {}).get(pid):
            found.append(
                _("Für die Person mit dem Geburtsdatum %(birth)s ist kein Name bekannt. Ein "
                  "Bescheid muss jede Person nennen, die er betrifft (§ 33 Abs. 1 SGB X): "
                  "Bitte ordnen Sie sie in der Bedarfsgemeinschaft zu oder korrigieren Sie "
                  "das Geburtsdatum in der Berechnung.")
                % {"birth": _birth_text(str(data.get("birth_date") or ""))})
    if key in PAYING:
        if decision.period_from is None or decision.period_to is None:
            found.append(_("Der Bescheid hat keinen Zeitraum."))
        elif key != "aenderung" and decision.monthly_total <= 0:
            found.append(_("Nach der Berechnung besteht kein Anspruch. Bitte wählen Sie "
                           "„Ablehnung“ und begründen Sie sie."))
        elif decision.pk is not None:
            months = set(decision.amounts.values_list("month", flat=True))
            missing = [m for m in chain._months(decision.period_from, decision.period_to)
                       if m not in months]
            if missing:
                found.append(_("Für %(count)s Monate des Zeitraums fehlen die Beträge.")
                             % {"count": len(missing)})
    if key in {"bewilligung", "teilbewilligung"} and decision.pk is not None:
        for change in chain.changed_by(decision):
            found.append(
                _("Für %(months)s ist bereits der Bescheid vom %(date)s (Bescheid-Nr. "
                  "%(reference)s) in Kraft. Ein neuer Bewilligungszeitraum darf ihn nicht "
                  "überschneiden: Bitte ändern Sie ihn mit einem Änderungsbescheid oder "
                  "lassen Sie den neuen Zeitraum danach beginnen.")
                % {"months": _months_text(change.months),
                   "date": change.decision.letter_date.strftime("%d.%m.%Y")
                   if change.decision.letter_date else "",
                   "reference": change.decision.reference})
    if key in ENDING:
        ground = rejection_ground(results)
        if _MENTIONS_ASSETS.search(decision.reasons) and ground != VERMOEGEN:
            found.append(_("Die Begründung nennt Vermögen, aber nach der Vermögensprüfung "
                           "liegt das Vermögen nicht über den Freibeträgen. Bitte prüfen Sie "
                           "die Angaben zum Vermögen oder die Begründung."))
        if _MENTIONS_INCOME.search(decision.reasons) and not _MENTIONS_ASSETS.search(
                decision.reasons) and ground == SONSTIGES:
            found.append(_("Die Begründung nennt Einkommen, aber nach der Berechnung deckt "
                           "das Einkommen den Bedarf nicht: Es besteht ein Anspruch. Bitte "
                           "prüfen Sie die Berechnung oder die Begründung."))
    if key == "aufhebung_erstattung":
        found.extend(_fristen_problems(decision))
    if key == "aenderung" and decision.pk is not None:
        if decision.previous_id is None or not chain.changed_by(decision):
            found.append(_("Ein Änderungsbescheid muss einen Bescheid ändern, der für seine "
                           "Monate in Kraft ist."))
        elif _changes_nothing(decision):
            found.append(_("Die Beträge sind in allen Monaten dieselben wie im geänderten "
                           "Bescheid. Ein Änderungsbescheid ist nicht nötig."))
    return found


def _fristen_problems(decision: Decision) -> list[str]:
    """An Aufhebungs- und Erstattungsbescheid issued today must keep the one-year and the
    ten-year limit (``ausschlussfristen``); without a recorded Kenntnis it cannot be issued."""
    data = (decision.snapshot or {}).get("erstattung") or {}
    fristen = ausschlussfristen.Fristen.from_snapshot(data.get("fristen") or {})
    if fristen is None:
        return [_("Es ist nicht erfasst, wann das Jobcenter von den Tatsachen erfahren hat. "
                  "Ohne diesen Tag lässt sich die Jahresfrist (§ 45 Abs. 4 Satz 2 SGB X) nicht "
                  "prüfen: Bitte erstellen Sie den Bescheid aus der Anhörung neu.")]
    return ausschlussfristen.problems(fristen, issued_on=timezone.localdate())


def _changes_nothing(decision: Decision) -> bool:
    new: dict[dt.date, dict[str, Decimal]] = {}
    for row in decision.amounts.all():
        new.setdefault(row.month, {})[row.person_key] = row.amount
    for month, rows in new.items():
        _ruler, old = chain.amounts_in_force(
            month=month, bedarfsgemeinschaft_id=decision.bedarfsgemeinschaft_id,
            case_id=decision.case_id, before=decision)
        if {pid: row.amount for pid, row in old.items()} != rows:
            return False
    return True


def _months_text(months: list[dt.date]) -> str:
    from jobcenter.decisions.letter import months_text

    return months_text(months)


def raise_for(decision: Decision) -> None:
    """Raise the first problem as ``DecisionError`` (all of them, joined, for staff)."""
    from jobcenter.decisions.services.common import DecisionError

    found = problems(decision)
    if found:
        raise DecisionError(" ".join(found))
