"""Changes for the past: the Anhörung (§ 24 SGB X) first, then the Aufhebungs- und
Erstattungsbescheid (§§ 45, 48, 50 SGB X, § 40 SGB II) with the claim per month and person,
and the event ``decisions.erstattung_festgesetzt`` once such a Bescheid (or an abschließende
Entscheidung with an Erstattung, ``vorlaeufig``) is issued.

The months a change concerns are those of the case's current Bescheid
(``common.previous_final_decision``); its amounts per month and person are compared with
the engine's result for the same months from the case's calculation.

A package split by concern: ``common`` (legal bases, deadlines, the comparison of the
months), ``anhoerung`` (the hearing: prepare, send, answers) and ``erstattung`` (the
Bescheide per member and the event)."""

from __future__ import annotations

from jobcenter.decisions.services.aufhebung.anhoerung import (
    anhoerung_addressees,
    anhoerung_answer,
    anhoerung_create,
    anhoerung_discard,
    anhoerung_mark_posted,
    anhoerung_record_paper,
    anhoerung_send,
    can_decide,
    member_addressees,
    minors_to_confirm,
)
from jobcenter.decisions.services.aufhebung.common import (
    ANSWER_DAYS,
    BAGATELLGRENZE,
    BASIS_NORMS,
    ERSTATTUNG_TYPE,
    TRUST_BASES,
    anhoerung_fristen,
    answer_deadline,
    back_total,
    basis_norm,
    claims_total,
    compare_months,
    past_change_check,
    person_ids,
)
from jobcenter.decisions.services.aufhebung.erstattung import (
    erstattung_enqueue,
    erstattung_positions,
    erstattung_publish,
    erstattungsbescheid_create,
)

__all__ = [
    "ANSWER_DAYS",
    "BAGATELLGRENZE",
    "BASIS_NORMS",
    "ERSTATTUNG_TYPE",
    "TRUST_BASES",
    "anhoerung_addressees",
    "anhoerung_answer",
    "anhoerung_create",
    "anhoerung_discard",
    "anhoerung_fristen",
    "anhoerung_mark_posted",
    "anhoerung_record_paper",
    "anhoerung_send",
    "answer_deadline",
    "back_total",
    "basis_norm",
    "can_decide",
    "claims_total",
    "compare_months",
    "erstattung_enqueue",
    "erstattung_positions",
    "erstattung_publish",
    "erstattungsbescheid_create",
    "member_addressees",
    "minors_to_confirm",
    "past_change_check",
    "person_ids",
]
