"""Demo data of ``zahlungen`` (called by ``seed_demo``): each Jobcenter's Auszahlungskonto;
for Ayse Yilmaz a Bewilligung from two months ago, her bank account, a daily and a monthly
payment run with their SEPA files, income of the first month reported late — the
Anhörung, her answer on paper, the Aufhebungs- und Erstattungsbescheid for that month (four
eyes) — and the claim from it with an instalment plan. Idempotent; all accounts are
fictitious test IBANs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from schwifty import IBAN

from jobcenter.accounts.models import User
from jobcenter.antraege.services import bank_account_change
from jobcenter.casefiles.models import Case
from jobcenter.casefiles.services.cases import case_type, service_dates, status_type
from jobcenter.core.roles import Role
from jobcenter.decisions.deadlines import add_months, first_of_month
from jobcenter.decisions.services import (
    aufhebung,
    calculation_change,
    calculation_for_case,
    decision_approve,
    decision_create,
    decision_finalize,
)
from jobcenter.jobcenters.models import Jobcenter
from jobcenter.outbox.delivery import publish
from jobcenter.outbox.models import OutboxMessage
from jobcenter.zahlungen.models import Claim, PayerAccount, PaymentRun
from jobcenter.zahlungen.services import (
    claim_set_instalments,
    claims_from_bescheid,
    run_execute,
    run_start,
)

#: What the caseworker typed as the facts of the demo Anhörung (German, as staff write it).
DEMO_FACTS = ("Im ersten Monat des Bewilligungszeitraums haben Sie 650 € netto aus Ihrem "
              "Minijob erhalten, nicht 300 €. Die Lohnabrechnung haben Sie nachgereicht.")
CITIZEN_IBAN = str(IBAN.generate("DE", bank_code="12030000", account_code="1234567890").compact)


def _account(jobcenter: Jobcenter) -> None:
    iban = IBAN.generate("DE", bank_code="10050000", account_code=f"{9000000000 + jobcenter.pk}")
    PayerAccount.objects.get_or_create(jobcenter=jobcenter, defaults={
        "name": jobcenter.name[:70], "iban": iban.compact, "bic": ""})


def _request(month: dt.date, income: float = 300.0) -> dict[str, Any]:
    return {
        "monat": f"{month:%Y-%m}", "leistungsbeginn": f"{month:%Y-%m}",
        "personen": [{"id": "P1", "rolle": "antragsteller", "geburtsdatum": "1988-03-14",
                      "einkommen": [{"art": "minijob", "brutto": income, "netto": income}]}],
        "unterkunft": {"bruttokaltmiete": 520.0, "heizkosten": 85.0,
                       "warmwasser": "zentral", "personen_im_haushalt": 1},
    }


def seed(jobcenters: dict[str, Jobcenter]) -> None:
    for jobcenter in jobcenters.values():
        _account(jobcenter)
    jobcenter = jobcenters["musterstadt"]
    user = User.objects.filter(email__startswith="ayse.yilmaz@").first()
    person = getattr(user, "person", None) if user else None
    if user is None or person is None or Claim.objects.filter(person=person).exists():
        return
    caseworker = User.objects.get(jobcenter=jobcenter, role=Role.LEISTUNG,
                                  email__startswith="leistung@")
    membership = person.memberships.select_related("bedarfsgemeinschaft").first()
    if membership is None:
        return
    bg = membership.bedarfsgemeinschaft
    teamlead = User.objects.filter(jobcenter=jobcenter, role=Role.TEAMLEITUNG,
                                   is_active=True).order_by("pk").first()
    today = timezone.localdate()
    start = add_months(first_of_month(today), -2)
    last_message = OutboxMessage.objects.order_by("-pk").values_list("pk", flat=True).first()
    with transaction.atomic():
        now = timezone.now()
        kind = case_type("neuantrag")
        due_at, at_risk_at = service_dates(kind=kind, received_at=now, jobcenter=jobcenter)
        case = Case.objects.create(
            jobcenter=jobcenter, reference=f"DEMO-{bg.pk}-{start:%Y%m}", case_type=kind,
            status=status_type("in_bearbeitung"), applicant=person, applicant_user=user,
            bedarfsgemeinschaft=bg, channel=Case.Channel.PAPIER, form_key="hauptantrag",
            sgb2_request=_request(start), received_at=now, due_at=due_at,
            at_risk_at=at_risk_at, assignee=caseworker)
        # computed from the case: her Bedarfsgemeinschaft as maintained, her answers; a
        # year's amount above the four-eyes threshold goes to the Teamleitung
        bewilligung = decision_finalize(decision=decision_create(
            case=case, decision_type_key="bewilligung", actor=caseworker,
            period_from=start), actor=caseworker)
        if bewilligung.status == bewilligung.Status.AWAITING_APPROVAL and teamlead is not None:
            decision_approve(decision=bewilligung, actor=teamlead)
        bank_account_change(user=user, iban=CITIZEN_IBAN, key="demo-zahlungen")
    run_execute(run_start(jobcenter=jobcenter, kind=PaymentRun.Kind.DAILY).pk)
    with transaction.atomic():
        # income of the first month became known later (§ 48 Abs. 1 Satz 2 Nr. 3 SGB X): the
        # calculation changed with a reason, the Anhörung (§ 24 SGB X) answered on paper,
        # then the Aufhebungs- und Erstattungsbescheid (§ 50 SGB X), approved by a second
        # person; the claim comes from it (the event decisions.erstattung_festgesetzt does
        # the same again, idempotently per Bescheid)
        calculation = calculation_for_case(case=case, actor=caseworker)
        calculation_change(
            calculation=calculation, actor=caseworker,
            reason="Lohnabrechnung nachgereicht: 650 € netto im ersten Monat",
            ops=[("set", "personen[0].einkommen[0].brutto", 650.0),
                 ("set", "personen[0].einkommen[0].netto", 650.0)])
        anhoerung = aufhebung.anhoerung_create(
            case=case, actor=caseworker, basis="48_nr3", month_from=start, month_to=start,
            facts=DEMO_FACTS, kenntnis_am=timezone.localdate())
        anhoerung = aufhebung.anhoerung_send(anhoerung=anhoerung, actor=caseworker)
        if anhoerung.status == anhoerung.Status.PRINT:  # she gets her letters by post
            anhoerung = aufhebung.anhoerung_mark_posted(anhoerung=anhoerung, actor=caseworker,
                                                        posted_on=today)
        aufhebung.anhoerung_record_paper(
            anhoerung=anhoerung, actor=caseworker, received_on=today,
            text="Das Einkommen stimmt. Ich bitte um Ratenzahlung.")
        # one Bescheid per member whose benefit is withdrawn (the children's go to the
        # parents as their legal representatives, as staff confirm)
        aufhebung.erstattungsbescheid_create(
            anhoerung=anhoerung, actor=caseworker,
            reasons="Frau Yılmaz bestätigt das Einkommen; sie bittet um Ratenzahlung.",
            representatives_confirmed=True)
        for draft in anhoerung.bescheide.order_by("pk"):
            erstattung = decision_finalize(decision=draft, actor=caseworker)
            if erstattung.status == erstattung.Status.AWAITING_APPROVAL \
                    and teamlead is not None:
                erstattung = decision_approve(decision=erstattung, actor=teamlead)
            claims = claims_from_bescheid(
                bescheid_id=erstattung.pk, jobcenter_id=jobcenter.pk,
                positions=aufhebung.erstattung_positions(erstattung))
            for claim in claims:
                claim_set_instalments(claim=claim, amount=Decimal("50.00"),
                                      start=add_months(first_of_month(today), 1),
                                      actor=caseworker)
    next_month = add_months(first_of_month(today), 1)
    run_execute(run_start(jobcenter=jobcenter, kind=PaymentRun.Kind.MONTHLY,
                          month=next_month).pk)
    _hand_over(after=last_message or 0)


def _hand_over(*, after: int) -> None:
    """Inside an enclosing transaction (a test's), the outbox publishes nothing after
    commit; hand the seed's messages (the Bescheid PDFs, the bank change) over now."""
    if transaction.get_connection().in_atomic_block:
        publish(list(OutboxMessage.objects.filter(pk__gt=after, done_at__isnull=True)
                     .order_by("pk").values_list("pk", flat=True)))
