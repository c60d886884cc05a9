"""Builders for the payment tests and the bench: BGs with an issued Bescheid."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

from django.utils import timezone

from jobcenter.antraege.models import Submission
from jobcenter.casefiles.models import Case, CaseType, DecisionType, StatusType
from jobcenter.decisions.models import Decision, DecisionAmount
from jobcenter.households.models import Bedarfsgemeinschaft, Membership, Person
from jobcenter.zahlungen.models import PayerAccount

_refs = itertools.count(1)
IBAN = "DE89370400440532013000"
IBAN2 = "DE02120300000000202051"
LANDLORD_IBAN = "DE02100100100006820101"
PAYEE_ADDRESS = {"payee_street": "Hafenstraße 3", "payee_postcode": "20457",
                 "payee_city": "Hamburg"}


def payer_account(jobcenter) -> PayerAccount:
    return PayerAccount.objects.get_or_create(
        jobcenter=jobcenter, defaults={"name": f"Jobcenter {jobcenter.name}"[:70],
                                       "iban": "DE75512108001245126199",
                                       "bic": "SOGEDEFFXXX"})[0]


def household(jobcenter, *, user=None, first="Ayse", last="Yilmaz",
              born=dt.date(1985, 5, 17),
              since=dt.date(2026, 1, 1)) -> tuple[Bedarfsgemeinschaft, Person]:
    bg = Bedarfsgemeinschaft.objects.create(jobcenter=jobcenter)
    person = Person.objects.create(jobcenter=jobcenter, user=user, first_name=first,
                                   last_name=last, birth_date=born)
    Membership.objects.create(bedarfsgemeinschaft=bg, person=person,
                              role=Membership.Role.ANTRAGSTELLER, valid_from=since)
    return bg, person


def add_member(bg, *, first="Emir", born=dt.date(2015, 3, 1), role="kind") -> Person:
    person = Person.objects.create(jobcenter=bg.jobcenter, first_name=first,
                                   last_name="Yilmaz", birth_date=born)
    Membership.objects.create(bedarfsgemeinschaft=bg, person=person, role=role,
                              valid_from=dt.date(2026, 1, 1))
    return person


def bank_account(person, iban: str = IBAN) -> Submission:
    ref = next(_refs)
    return Submission.objects.create(
        jobcenter=person.jobcenter, person=person, user=person.user, channel="online",
        form_key="hauptantrag", form_version="t", reference=f"ZT-{ref:08d}",
        answers={"iban": iban}, submitted_at=timezone.now(),
        received_on=timezone.localdate(), fingerprint="0" * 64, export_name="t.json",
        export_sha256="0" * 64, export_size=0)


def case_for(bg, person) -> Case:
    now = timezone.now()
    ref = next(_refs)
    return Case.objects.create(
        jobcenter=bg.jobcenter, reference=f"Z-{ref}", case_type=CaseType.objects.get(
            key="neuantrag"), status=StatusType.objects.order_by("pk").first(),
        applicant=person, applicant_user=person.user, bedarfsgemeinschaft=bg,
        received_at=now, due_at=now, at_risk_at=now)


def issue(bg, person, *, months: list[dt.date], amounts: dict[str, Any],
          type_key: str = "bewilligung", previous: Decision | None = None,
          regelbedarf: dict[str, Any] | None = None, kdu: dict[str, Any] | None = None,
          minderung: dict[str, Any] | None = None, people: list[dict] | None = None,
          approved_at=None, case: Case | None = None) -> Decision:
    """An issued Bescheid with the amounts per person key for every month."""
    case = case or (previous.case if previous else case_for(bg, person))
    regelbedarf = regelbedarf or dict.fromkeys(amounts, "563.00")
    kdu = kdu or dict.fromkeys(amounts, "0")
    minderung = minderung or {}
    people = people or [{"id": k, "geburtsdatum": person.birth_date.isoformat()}
                        if i == 0 else {"id": k} for i, k in enumerate(amounts)]
    results = {
        f"{m:%Y-%m}": {"personen": [
            {"id": k, "in_bg": True, "regelbedarf": float(regelbedarf[k]),
             "davon_kdu": float(kdu[k]), "minderung": float(minderung.get(k, 0)),
             "zahlbetrag": float(v)} for k, v in amounts.items()]}
        for m in months}
    now = approved_at or timezone.now()
    decision = Decision.objects.create(
        case=case, bedarfsgemeinschaft=bg,
        decision_type=DecisionType.objects.get(key=type_key),
        status=Decision.Status.DELIVERED, period_from=months[0] if months else None,
        period_to=(months[-1] + dt.timedelta(days=27)) if months else None,
        previous=previous, approved_at=now, letter_date=timezone.localdate(now),
        snapshot={"request": {"personen": people}, "results": results},
        objection_deadline=timezone.localdate(now) + dt.timedelta(days=30),
        presumed_delivery=timezone.localdate(now) + dt.timedelta(days=3),
    )
    DecisionAmount.objects.bulk_create([
        DecisionAmount(decision=decision, month=m, person_key=k, person_name=k,
                       bedarf=Decimal(str(v)), einkommen=Decimal(0), amount=Decimal(str(v)))
        for m in months for k, v in amounts.items()])
    return decision
