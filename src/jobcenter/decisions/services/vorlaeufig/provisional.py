"""The provisional Bewilligung (§ 41a Abs. 1, 2 SGB II): which incomes make it provisional,
its creation for six months, and the request for proofs with the consequence of Abs. 3."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jobcenter.accounts.models import User
from jobcenter.casefiles.models import Case
from jobcenter.casefiles.services import (
    CasefilesError,
    document_request_create,
)
from jobcenter.core import sgb2_adapter as engine  # the one adapter to the law engine
from jobcenter.decisions import deadlines
from jobcenter.decisions.models import Decision
from jobcenter.decisions.services.common import (
    FINAL,
    DecisionError,
    _first_of_month,
    _month_end,
    _months,
)
from jobcenter.decisions.services.issuing import decision_create

#: Income types that make a Bewilligung provisional by default.
EARNED = frozenset({"erwerbseinkommen", "minijob"})


#: Income types the proofs of the final decision replace (the engine's earned incomes).
REPLACED = EARNED | {"ausbildungsverguetung"}


#: (person index, income index) of an income in the request.
IncomeRef = tuple[int, int]


#: Proofs of one month: per income (brutto, netto); ``None`` for a month without proof.
MonthProofs = dict[IncomeRef, tuple[Decimal, Decimal]]


#: § 41 Abs. 3 S. 2 Nr. 1 SGB II: a provisional Bewilligung is usually for six months.
PROVISIONAL_MONTHS = 6


FINAL_TYPE = "abschliessend"


def earned_income_ref(request: dict[str, Any]) -> tuple[int, int] | None:
    """(person index, income index) of the first earned income in the request."""
    for pi, person in enumerate(request.get("personen") or []):
        for ii, income in enumerate(person.get("einkommen") or []):
            if income.get("art") in EARNED:
                return pi, ii
    return None


def earned_income_refs(request: dict[str, Any]) -> list[IncomeRef]:
    """Every earned income of the request, in the order of persons and incomes."""
    return [(pi, ii) for pi, person in enumerate(request.get("personen") or [])
            for ii, income in enumerate(person.get("einkommen") or [])
            if income.get("art") in REPLACED]


def replaced_refs(decision: Decision) -> list[IncomeRef]:
    """The incomes a provisional Bewilligung's proofs replace (older ones stored one)."""
    data = decision.snapshot.get("vorlaeufig") or {}
    if data.get("incomes") is not None:
        return [(int(pi), int(ii)) for pi, ii in data["incomes"]]
    one = data.get("income")
    return [(int(one[0]), int(one[1]))] if one else []


def income_label(decision: Decision, ref: IncomeRef) -> str:
    """"Alice Adler: Erwerbseinkommen" (numbered where a person has several of a kind)."""
    request = decision.snapshot.get("request") or {}
    pi, ii = ref
    person = (request.get("personen") or [])[pi]
    pid = person.get("id") or f"P{pi + 1}"
    name = (decision.snapshot.get("names") or {}).get(pid, pid)
    kinds = {"erwerbseinkommen": _("Erwerbseinkommen"), "minijob": _("Minijob"),
             "ausbildungsverguetung": _("Ausbildungsvergütung")}
    art = (person.get("einkommen") or [])[ii].get("art", "")
    same = [r for r in replaced_refs(decision) if r[0] == pi
            and (person.get("einkommen") or [])[r[1]].get("art") == art]
    label = kinds.get(art, art)
    if len(same) > 1:
        label = f"{label} {same.index(ref) + 1}"
    return f"{name}: {label}"


def has_earnings(request: dict[str, Any] | None) -> bool:
    return bool(request) and earned_income_ref(request or {}) is not None


def default_reason() -> str:
    return _("Sie haben Einkommen aus einer Erwerbstätigkeit, dessen Höhe sich von Monat zu "
             "Monat ändern kann. Wie hoch es in den kommenden Monaten sein wird, steht noch "
             "nicht fest. Ihr Anspruch besteht dem Grunde nach; seine Höhe können wir erst "
             "feststellen, wenn Ihr tatsächliches Einkommen bekannt ist "
             "(§ 41a Abs. 1 Satz 1 Nr. 2 SGB II).")


def is_provisional(decision: Decision) -> bool:
    return decision.decision_type.key == "bewilligung" and bool(
        decision.snapshot.get("vorlaeufig"))


@transaction.atomic
def provisional_create(*, case: Case, actor: User, reason: str) -> Decision:
    """A draft provisional Bewilligung for six months from the calculation's month."""
    reason = reason.strip()
    if not reason:
        raise DecisionError(_("Bitte geben Sie den Grund für die vorläufige Entscheidung an "
                              "(er steht im Bescheid)."))
    from jobcenter.decisions.services.calculation import calculation_for_case

    calculation = calculation_for_case(case=case, actor=actor)
    if calculation.result is None:
        raise DecisionError(_("Die Berechnung ist noch nicht vollständig. Bitte korrigieren "
                              "Sie zuerst die markierten Angaben."))
    start = engine.month_of(calculation.request["monat"])
    period_to = _month_end(deadlines.add_months(start, PROVISIONAL_MONTHS - 1))
    decision = decision_create(case=case, decision_type_key="bewilligung", actor=actor,
                               period_from=start, period_to=period_to, reasons="")
    refs = earned_income_refs(decision.snapshot.get("request") or {})
    decision.snapshot["vorlaeufig"] = {"reason": reason,
                                       "incomes": [list(ref) for ref in refs]}
    decision.save(update_fields=["snapshot"])
    return decision


def proofs_due_from(decision: Decision) -> dt.date:
    """Proofs may be requested from the first day of the period's last month."""
    assert decision.period_to is not None
    return _first_of_month(decision.period_to)


def proofs_legal_notice(deadline: dt.date) -> str:
    return _("Nach § 41a Abs. 3 Satz 2 SGB II müssen Sie die Nachweise vorlegen, die wir für die "
             "abschließende Entscheidung brauchen. Wenn Sie die Nachweise bis zum %(deadline)s "
             "nicht oder nicht vollständig vorlegen, setzen wir Ihren Anspruch nur in der Höhe "
             "fest, in der er nachgewiesen ist. Für die Monate ohne Nachweis stellen wir fest, "
             "dass kein Anspruch bestand (§ 41a Abs. 3 Satz 3 und 4 SGB II). Die für diese Monate "
             "vorläufig gezahlten Leistungen müssten Sie dann erstatten (§ 41a Abs. 6 Satz 3 "
             "SGB II).") % {"deadline": deadline.strftime("%d.%m.%Y")}


@transaction.atomic
def proofs_request(*, decision: Decision, actor: User, deadline: dt.date) -> Any:
    """Ask for the proofs of each month's income, with the consequence of § 41a Abs. 3."""
    if not is_provisional(decision) or decision.status not in FINAL:
        raise DecisionError(_("Nachweise für eine abschließende Entscheidung können nur zu "
                              "einer erlassenen vorläufigen Bewilligung angefordert werden."))
    today = timezone.localdate()
    if today < proofs_due_from(decision):
        raise DecisionError(_("Die Nachweise können ab dem %(date)s angefordert werden (im "
                              "letzten Monat des Bewilligungszeitraums).")
                            % {"date": proofs_due_from(decision).strftime("%d.%m.%Y")})
    from jobcenter.decisions.documents import month_de

    months = _months(decision.period_from or today, decision.period_to or today)
    items = [(_("Einkommensnachweis %(month)s") % {"month": month_de(m)},
              _("Lohn- oder Gehaltsabrechnung für diesen Monat")) for m in months]
    message = _("Ihre Leistungen für %(from)s bis %(to)s haben wir vorläufig bewilligt. Damit wir "
                "abschließend entscheiden können, brauchen wir Nachweise über Ihr tatsächliches "
                "Einkommen in jedem dieser Monate.") % {
        "from": month_de(months[0]), "to": month_de(months[-1])}
    try:
        return document_request_create(case=decision.case, actor=actor, deadline=deadline,
                                       items=items, message=message,
                                       legal_notice=proofs_legal_notice(deadline))
    except CasefilesError as exc:
        raise DecisionError(str(exc)) from exc


# --- the abschließende Entscheidung -----------------------------------------------------------
