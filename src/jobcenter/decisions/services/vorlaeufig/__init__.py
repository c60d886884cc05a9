"""Provisional decisions (§ 41a SGB II): the provisional Bewilligung for six months where
income changes (by default for earners), the request for proofs after the period with the
consequence of § 41a Abs. 3, and the abschließende Entscheidung from the proven monthly
incomes (average per § 41a Abs. 4 unless an exception applies), ending in a Nachzahlung or
an Erstattung (§ 41a Abs. 6 SGB II), which is set by the final decision itself.

Scope: the proofs replace every earned income of the calculation — each Erwerbseinkommen,
Minijob or Ausbildungsvergütung of every person (a self-employment is mapped to an
Erwerbseinkommen with its profit); other incomes (Kindergeld, Unterhalt, …) stay as they were
provisionally assumed. The average of § 41a Abs. 4 is formed per income, so each person's
total earned income is averaged and the allowances of § 11b apply to it per month.

A package split by concern: ``provisional`` (the provisional Bewilligung and the request
for proofs) and ``final`` (the abschließende Entscheidung from the proven incomes)."""

from __future__ import annotations

from jobcenter.decisions.services.vorlaeufig.final import (
    FinalResult,
    final_compute,
    final_create,
    method_text,
)
from jobcenter.decisions.services.vorlaeufig.provisional import (
    EARNED,
    FINAL_TYPE,
    PROVISIONAL_MONTHS,
    REPLACED,
    IncomeRef,
    MonthProofs,
    default_reason,
    earned_income_ref,
    earned_income_refs,
    has_earnings,
    income_label,
    is_provisional,
    proofs_due_from,
    proofs_legal_notice,
    proofs_request,
    provisional_create,
    replaced_refs,
)

__all__ = [
    "EARNED",
    "FINAL_TYPE",
    "FinalResult",
    "IncomeRef",
    "MonthProofs",
    "PROVISIONAL_MONTHS",
    "REPLACED",
    "default_reason",
    "earned_income_ref",
    "earned_income_refs",
    "final_compute",
    "final_create",
    "has_earnings",
    "income_label",
    "is_provisional",
    "method_text",
    "proofs_due_from",
    "proofs_legal_notice",
    "proofs_request",
    "provisional_create",
    "replaced_refs",
]
