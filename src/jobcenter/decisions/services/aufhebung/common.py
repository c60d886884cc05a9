"""What both steps of a change for the past share: the legal bases and their norms, the
persons of the case, the time limits and answer deadline, the comparison of the months and
the check that a manual change does not lower months already paid."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from jobcenter.casefiles.models import Case
from jobcenter.casefiles.selectors import case_persons
from jobcenter.core import sgb2_adapter as engine  # the one adapter to the law engine
from jobcenter.decisions import ausschlussfristen, deadlines
from jobcenter.decisions.models import Anhoerung, Decision, DecisionAmount
from jobcenter.decisions.services.common import (
    DecisionError,
    _dec,
    _first_of_month,
)

#: Decision type of the Aufhebungs- und Erstattungsbescheid (catalogue, always four eyes).
ERSTATTUNG_TYPE = "aufhebung_erstattung"


#: § 40 Abs. 1 S. 3 SGB II: no Aufhebung for the past if the claims of the whole
#: Bedarfsgemeinschaft would be below 50 euro in total.
BAGATELLGRENZE = Decimal("50.00")


#: Days the citizen has to answer after the letter is deemed delivered (§ 24 SGB X:
#: "Gelegenheit … zu äußern"; two weeks are the usual practice).
ANSWER_DAYS = 14


#: Bases whose Aufhebung depends on the person's knowledge or fault: the Bescheid must give
#: the reasoning on Vertrauensschutz (§ 45 Abs. 2 S. 3, § 48 Abs. 1 S. 2 Nr. 2, 4 SGB X).
TRUST_BASES = frozenset({Anhoerung.Basis.NR2, Anhoerung.Basis.NR4, Anhoerung.Basis.S45_NR2,
                         Anhoerung.Basis.S45_NR3})


#: The norm chain of each basis, as it is cited in the letters and the event.
BASIS_NORMS = {
    Anhoerung.Basis.NR1: "§ 48 Abs. 1 Satz 2 Nr. 1 SGB X",
    Anhoerung.Basis.NR2: "§ 48 Abs. 1 Satz 2 Nr. 2 SGB X",
    Anhoerung.Basis.NR3: "§ 48 Abs. 1 Satz 2 Nr. 3 SGB X",
    Anhoerung.Basis.NR4: "§ 48 Abs. 1 Satz 2 Nr. 4 SGB X",
    Anhoerung.Basis.S45_NR2: "§ 45 Abs. 2 Satz 3 Nr. 2 SGB X",
    Anhoerung.Basis.S45_NR3: "§ 45 Abs. 2 Satz 3 Nr. 3 SGB X",
}


def basis_norm(basis: str) -> str:
    """The full norm chain: the SGB X norm with § 40 SGB II and § 330 SGB III."""
    norm = BASIS_NORMS.get(basis, "§ 48 Abs. 1 Satz 2 SGB X")
    if basis.startswith("45"):
        return f"{norm} i. V. m. § 40 Abs. 1, Abs. 2 Nr. 3 SGB II, § 330 Abs. 2 SGB III"
    return f"{norm} i. V. m. § 40 Abs. 1, Abs. 2 Nr. 3 SGB II, § 330 Abs. 3 Satz 1 SGB III"


def person_ids(case: Case, request: dict[str, Any]) -> dict[str, int | None]:
    """The engine's person ids → ``households.Person`` ids: the first person is the
    applicant, the others are matched by date of birth among the Bedarfsgemeinschaft."""
    persons = case_persons(case)
    by_birth: dict[str, list[int]] = {}
    for person in persons:
        by_birth.setdefault(f"{person.birth_date:%Y-%m-%d}", []).append(person.pk)
    result: dict[str, int | None] = {}
    used: set[int] = set()
    for index, entry in enumerate(request.get("personen") or []):
        pid = entry.get("id") or f"P{index + 1}"
        found: int | None = None
        if index == 0 and case.applicant_id:
            found = case.applicant_id
        else:
            for candidate in by_birth.get(str(entry.get("geburtsdatum") or ""), []):
                if candidate not in used:
                    found = candidate
                    break
        if found is not None:
            used.add(found)
        result[pid] = found
    return result


def _today() -> dt.date:
    return timezone.localdate()


def _fristen(*, basis: str, kenntnis: dt.date, month_from: dt.date,
             decision: Decision) -> ausschlussfristen.Fristen:
    return ausschlussfristen.fristen_for(
        basis=basis, kenntnis=kenntnis, month_from=month_from,
        notified_on=decision.presumed_delivery or decision.letter_date)


def anhoerung_fristen(anhoerung: Anhoerung) -> ausschlussfristen.Fristen | None:
    """The limits of the withdrawal heard in ``anhoerung`` (None without a Kenntnis date:
    an Anhörung from before it was recorded; the date is then asked for at the decision)."""
    if anhoerung.kenntnis_am is None:
        return None
    return _fristen(basis=anhoerung.basis, kenntnis=anhoerung.kenntnis_am,
                    month_from=anhoerung.month_from, decision=anhoerung.decision)


def answer_deadline(sent_on: dt.date, case: Case) -> dt.date:
    """The last day to answer: two weeks after the letter is deemed delivered (fourth day
    after posting, § 37 Abs. 2 SGB X), moved to the next working day (§ 26 Abs. 3 SGB X)."""
    jobcenter = case.jobcenter
    end = deadlines.presumed_delivery(sent_on) + dt.timedelta(days=ANSWER_DAYS)
    return deadlines.next_working_day(end, jobcenter.land, jobcenter.catholic_local_holidays)


def compare_months(
    *, decision: Decision, request: dict[str, Any], months: list[dt.date],
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Per month and person: the amount of ``decision`` (old), the engine's amount from
    ``request`` (new) and the claim (old − new where positive). Returns (rows, results)."""
    old: dict[tuple[str, str], Decimal] = {}
    for row in decision.amounts.all():
        old[(f"{row.month:%Y-%m}", row.person_key)] = row.amount
    names = {**(decision.snapshot.get("names") or {})}
    ids = person_ids(decision.case, request)
    rows: list[dict[str, Any]] = []
    results: dict[str, Any] = {}
    for month in months:
        key = f"{month:%Y-%m}"
        result = engine.calculate(engine.with_month(request, month))
        results[key] = result
        seen = set()
        for person in result["personen"]:
            if not person.get("in_bg", True):
                continue
            pid = person["id"]
            seen.add(pid)
            before = old.get((key, pid), Decimal("0.00"))
            after = _dec(person["zahlbetrag"])
            rows.append({
                "month": key, "person_key": pid, "person_name": names.get(pid, pid),
                "person_id": ids.get(pid), "old": str(before), "new": str(after),
                "bedarf": str(_dec(person["bedarf"])),
                "einkommen": str(_dec(person["einkommen_anrechenbar"])),
                "claim": str(max(before - after, Decimal("0.00"))),
                "back": str(max(after - before, Decimal("0.00"))),
            })
        for (month_key, pid), before in old.items():  # a person no longer in the BG
            if month_key == key and pid not in seen:
                rows.append({
                    "month": key, "person_key": pid, "person_name": names.get(pid, pid),
                    "person_id": ids.get(pid), "old": str(before), "new": "0.00",
                    "bedarf": "0.00", "einkommen": "0.00", "claim": str(before), "back": "0.00",
                })
    return rows, results


def claims_total(rows: list[dict[str, Any]]) -> Decimal:
    return sum((Decimal(r["claim"]) for r in rows), Decimal("0.00"))


def back_total(rows: list[dict[str, Any]]) -> Decimal:
    return sum((Decimal(r["back"]) for r in rows), Decimal("0.00"))


def past_change_check(decision: Decision, rows: list[DecisionAmount]) -> None:
    """A manual Änderungsbescheid that reaches into months already paid: any such decision
    needs a second person (four eyes), and one that lowers the amount of a past month must go
    through the Anhörung and the Aufhebungs- und Erstattungsbescheid instead."""
    current = _first_of_month(_today())
    past = [r for r in rows if r.month < current]
    if not past:
        return
    decision.requires_four_eyes = True
    previous = decision.previous
    if previous is None:
        return
    old = {(a.month, a.person_key): a.amount for a in previous.amounts.all()}
    if any(r.amount < old.get((r.month, r.person_key), r.amount) for r in past):
        raise DecisionError(_("Dieser Änderungsbescheid senkt Leistungen für Monate, die schon "
                              "gezahlt sind. Für die Vergangenheit hören Sie die Person zuerst "
                              "an („Anhörung vorbereiten“ unter „Änderungen für die "
                              "Vergangenheit“); danach folgt der Aufhebungs- und "
                              "Erstattungsbescheid."))


# --- the Anhörung ------------------------------------------------------------------------
