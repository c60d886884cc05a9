"""Writes of the concerns: staff answer a concern with one of its outcomes. The answer is a
draft of ``decisions`` (one of the three kinds of ``anliegen.letters``), checked, approved
with four eyes where the Jobcenter's rules say so, issued, rendered as PDF/A, filed in the
eAkte and delivered (online by the person's choice, otherwise the print list) — all by
``decisions``; the citizen is notified there and follows it in "Meine Anliegen"."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jobcenter.accounts.models import User
from jobcenter.anliegen import registry
from jobcenter.anliegen.letters import letter_of
from jobcenter.casefiles.models import Case
from jobcenter.decisions import services as decisions
from jobcenter.decisions.models import Decision
from jobcenter.formengine.validators import normalize_iban

OPEN = (Decision.Status.DRAFT, Decision.Status.AWAITING_APPROVAL)


class AnliegenError(Exception):
    """A write that cannot be done; the message is translated and safe to show."""


def _letter_data(concern: registry.Anliegen, outcome: registry.Outcome, case: Case, *,
                 reasons: str, amount: Decimal | None, details: str,
                 appointment: dict[str, str] | None,
                 payee: dict[str, str] | None = None) -> dict[str, Any]:
    answers = case.data or {}
    kept = {k: answers[k] for k in concern.letter_answers if k in answers}
    if payee and outcome.payee_answer:
        kept[outcome.payee_answer] = payee["name"]  # the letter names whom it pays
    data: dict[str, Any] = {
        "anliegen": concern.key, "outcome": outcome.key,
        "received": timezone.localdate(case.received_at).isoformat(),
        "answers": kept,
        "amount": str(amount) if amount is not None else None,
        "details": details.strip(), "appointment": dict(appointment or {}),
        "reasons": reasons.strip(),
    }
    if payee:
        data["payee"] = dict(payee)
    return data


def _payee(outcome: registry.Outcome, case: Case, name: str,
           iban: str) -> dict[str, str] | None:
    """The third party the amount is paid to (name and compact IBAN), or None when it goes
    to the person; raises :class:`AnliegenError` when the outcome needs one and it is
    missing or invalid."""
    if not outcome.pays_third_party(case.data or {}):
        return None
    name = " ".join(name.split())
    if not name:
        raise AnliegenError(_("Bitte geben Sie den Namen des Zahlungsempfängers an."))
    if len(name) > 70:
        raise AnliegenError(_("Der Name des Zahlungsempfängers darf höchstens 70 Zeichen "
                              "haben (so viel nimmt die Überweisung auf)."))
    try:
        return {"name": name, "iban": normalize_iban(iban)}
    except ValidationError as exc:
        raise AnliegenError(" ".join(exc.messages)) from exc


@transaction.atomic
def anliegen_decide(*, case: Case, actor: User, outcome_key: str, reasons: str = "",
                    amount: Decimal | None = None, details: str = "",
                    appointment: dict[str, str] | None = None, payee_name: str = "",
                    payee_iban: str = "",
                    months: tuple[dt.date, dt.date] | None = None,
                    day: dt.date | None = None) -> Decision:
    """The draft letter answering the concern of ``case`` with ``outcome_key``. Where the
    outcome pays a third party (``Outcome.pays_third_party``), ``payee_name`` and
    ``payee_iban`` are required; they are kept in the letter data, and the payment of
    the issued Bescheid goes there (``anliegen.handlers.on_kind_erlassen``). Where the
    outcome grants a monthly amount (``Outcome.pays_monthly``), ``months`` (first and last
    month) is required: the letter names them and the payment runs pay those months."""
    locked = Case.objects.select_for_update().select_related("case_type").get(pk=case.pk)
    if actor.jobcenter_id != locked.jobcenter_id:  # the views check first; never across tenants
        raise AnliegenError(_("Dieses Anliegen gehört zu einem anderen Jobcenter."))
    concern = registry.for_case_type(locked.case_type.key)
    if concern is None:
        raise AnliegenError(_("Dieser Fall ist kein Anliegen, das hier entschieden wird."))
    outcome = concern.outcome(outcome_key)
    if outcome is None:
        raise AnliegenError(_("Bitte wählen Sie, wie Sie entscheiden."))
    if locked.status.is_final:
        raise AnliegenError(_("Dieses Anliegen ist bereits abgeschlossen."))
    if Decision.objects.filter(case=locked, status__in=OPEN).exists():
        raise AnliegenError(_("Zu diesem Anliegen gibt es schon einen Entwurf. Bitte erlassen "
                              "oder verwerfen Sie ihn zuerst."))
    reasons = reasons.strip()
    if outcome.reasons_required and not reasons:
        if outcome.decision_type == registry.ABLEHNUNG:
            raise AnliegenError(_("Bitte begründen Sie die Ablehnung. Die Gründe stehen im "
                                  "Bescheid (§ 35 SGB X)."))
        raise AnliegenError(_("Bitte begründen Sie die Entscheidung. Die Gründe stehen im "
                              "Bescheid (§ 35 SGB X)."))
    if outcome.day and (day is None or day <= timezone.localdate()):
        raise AnliegenError(_("Bitte geben Sie einen Tag in der Zukunft an: %(label)s.")
                            % {"label": outcome.day})
    if outcome.amount and (amount is None or amount <= 0):
        raise AnliegenError(_("Bitte geben Sie den bewilligten Betrag an."))
    if outcome.details and not details.strip():
        raise AnliegenError(_("Bitte schreiben Sie, was Sie entschieden haben."))
    if outcome.appointment and not (appointment or {}).get("when"):
        raise AnliegenError(_("Bitte geben Sie Tag, Uhrzeit und Ort des Termins an."))
    payee = _payee(outcome, locked, payee_name, payee_iban)
    data = _letter_data(concern, outcome, locked, reasons=reasons, amount=amount,
                        details=details, appointment=appointment, payee=payee)
    if concern.letter_facts is not None:
        data["extra"] = concern.letter_facts(locked, outcome, amount)
    if outcome.pays_monthly and months is not None:
        data["extra"] = {**dict(data.get("extra") or {}),
                         "monat_von": months[0].replace(day=1).isoformat(),
                         "monat_bis": months[1].replace(day=1).isoformat()}
    if outcome.day and day is not None:
        data["extra"] = {**dict(data.get("extra") or {}), "tag": day.isoformat()}
    if concern.check is not None:
        problem = concern.check(locked, outcome, letter_of(data))
        if problem:
            raise AnliegenError(problem)
    if outcome.pays_monthly and (months is None or months[1] < months[0]):
        raise AnliegenError(_("Bitte geben Sie den ersten und den letzten Monat an, für den "
                              "Sie den Betrag bewilligen (der letzte nicht vor dem ersten)."))
    try:
        draft = decisions.decision_create(
            case=locked, decision_type_key=outcome.decision_type, actor=actor, request={},
            reasons=reasons, letter=data)
    except decisions.DecisionError as exc:
        raise AnliegenError(str(exc)) from exc
    # A concern's letter rules no month of the benefit: it is kept out of the BG's chain
    # of Bescheide (``decisions.chain``, ``previous_final_decision`` read by BG or case).
    draft.bedarfsgemeinschaft = None
    if outcome.four_eyes:
        draft.requires_four_eyes = True
    elif amount is not None:
        draft.requires_four_eyes = draft.requires_four_eyes or decisions.four_eyes_required(
            decision_type=draft.decision_type, monthly_total=amount,
            jobcenter_id=locked.jobcenter_id)
    draft.save(update_fields=["bedarfsgemeinschaft", "requires_four_eyes"])
    return draft
