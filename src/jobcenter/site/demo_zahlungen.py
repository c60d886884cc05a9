"""Demo data of ``zahlungen`` (called by ``seed_demo``): each Jobcenter's Auszahlungskonto;
for Ayse Yilmaz a Bewilligung from two months ago, her bank account, a daily and a monthly
payment run with their SEPA files, a partial Aufhebung (Änderungsbescheid) of the first
month and the claim from it with an instalment plan. Idempotent; all accounts are
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
from jobcenter.decisions.services import decision_create, decision_finalize
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
from jobcenter.zahlungen.services.due import add_months, first_of_month

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
    today = timezone.localdate()
    start = add_months(first_of_month(today), -2)
    last_message = OutboxMessage.objects.order_by("-pk").values_list("pk", flat=True).first()
    with transaction.atomic():
        now = timezone.now()
        kind = case_type("neuantrag")
        due_at, at_risk_at = service_dates(kind=kind, received_at=now)
        case = Case.objects.create(
            jobcenter=jobcenter, reference=f"DEMO-{bg.pk}-{start:%Y%m}", case_type=kind,
            status=status_type("in_bearbeitung"), applicant=person, applicant_user=user,
            bedarfsgemeinschaft=bg, channel=Case.Channel.PAPIER, form_key="hauptantrag",
            sgb2_request=_request(start), received_at=now, due_at=due_at,
            at_risk_at=at_risk_at, assignee=caseworker)
        bewilligung = decision_finalize(decision=decision_create(
            case=case, decision_type_key="bewilligung", actor=caseworker,
            request=_request(start), period_from=start), actor=caseworker)
        bank_account_change(user=user, iban=CITIZEN_IBAN, key="demo-zahlungen")
    run_execute(run_start(jobcenter=jobcenter, kind=PaymentRun.Kind.DAILY).pk)
    with transaction.atomic():
        # income of the first month became known later: a partial Aufhebung with
        # Erstattung for that month (§ 48 Abs. 1 Satz 2 Nr. 3, § 50 SGB X)
        change = decision_finalize(decision=decision_create(
            case=case, decision_type_key="aenderung", actor=caseworker,
            request=_request(start, income=650.0), period_from=start,
            period_to=add_months(start, 1) - dt.timedelta(days=1), previous=bewilligung,
            reasons="Im ersten Monat haben Sie höheres Einkommen erzielt."), actor=caseworker)
        paid = sum((a.amount for a in bewilligung.amounts.filter(month=start)), Decimal(0))
        owed = sum((a.amount for a in change.amounts.filter(month=start)), Decimal(0))
        claims = claims_from_bescheid(bescheid_id=change.pk, jobcenter_id=jobcenter.pk,
                                      positions=[{
                                          "person_id": person.pk, "month": f"{start:%Y-%m}",
                                          "amount": str(paid - owed),
                                          "rechtsgrundlage": "§ 48 Abs. 1 Satz 2 Nr. 3 SGB X, "
                                                             "§ 50 Abs. 1 SGB X"}])
        for claim in claims:
            claim_set_instalments(claim=claim, amount=Decimal("50.00"),
                                  start=add_months(first_of_month(today), 1), actor=caseworker)
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
