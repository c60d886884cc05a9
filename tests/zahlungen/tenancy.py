"""Sample arguments of the payment pages for the tenancy registry (tests/test_tenancy.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from jobcenter.zahlungen.models import Claim, ManualPayment, Payment, PaymentRun
from tests.zahlungen import helpers

JAN = dt.date(2027, 1, 1)


def _run(world: Any) -> PaymentRun:
    return PaymentRun.objects.get_or_create(
        jobcenter=world.jobcenter, kind="taeglich", run_date=dt.date(2027, 1, 5),
        defaults={"execution_date": dt.date(2027, 1, 6)})[0]


def _run_with_file(world: Any) -> PaymentRun:
    from django.core.files.base import ContentFile

    run = _run(world)
    if not run.file:
        run.file.save(f"t-{run.pk}.xml", ContentFile(b"<Document/>"))
    return run


def sample_payment(world: Any) -> Payment:
    existing = Payment.objects.filter(bedarfsgemeinschaft=world.bedarfsgemeinschaft).first()
    if existing:
        return existing
    return Payment.objects.create(
        run=_run(world), jobcenter=world.jobcenter, bedarfsgemeinschaft=world.bedarfsgemeinschaft,
        month=JAN, kind="laufend", recipient_kind="leistungsberechtigt",
        recipient_key="citizen", person=world.person, recipient_name=str(world.person),
        iban=helpers.IBAN, amount=Decimal("900.00"), purpose="Leistungen SGB II",
        end_to_end_id=f"T-{world.bedarfsgemeinschaft.pk}")


def sample_claim(world: Any) -> Claim:
    existing = Claim.objects.filter(person=world.person).first()
    if existing:
        return existing
    from tests.casefiles.tenancy import sample_case

    decision = helpers.issue(world.bedarfsgemeinschaft, world.person, months=[JAN],
                             amounts={"P1": "100.00"}, case=sample_case(world))
    return Claim.objects.create(
        jobcenter=world.jobcenter, person=world.person,
        bedarfsgemeinschaft=world.bedarfsgemeinschaft, bescheid=decision, basis="30",
        rechtsgrundlage="§ 50 SGB X", amount=Decimal("500.00"), due_date=JAN)


def _manual(world: Any) -> ManualPayment:
    existing = ManualPayment.objects.filter(bedarfsgemeinschaft=world.bedarfsgemeinschaft).first()
    return existing or ManualPayment.objects.create(
        jobcenter=world.jobcenter, bedarfsgemeinschaft=world.bedarfsgemeinschaft, month=JAN,
        amount=Decimal("50.00"), reason="Vorschuss", requested_by=world.staff)


def _direct(world: Any) -> Any:
    from jobcenter.zahlungen.models import DirectPayment

    existing = DirectPayment.objects.filter(bedarfsgemeinschaft=world.bedarfsgemeinschaft).first()
    return existing or DirectPayment.objects.create(
        jobcenter=world.jobcenter, bedarfsgemeinschaft=world.bedarfsgemeinschaft, kind="miete",
        basis="antrag", payee_name="Wohnbau", iban=helpers.LANDLORD_IBAN,
        monthly_amount=Decimal("400.00"), valid_from=JAN, reason="Antrag",
        created_by=world.staff)


def _standing(world: Any) -> Any:
    from jobcenter.zahlungen.models import StandingOrder
    from tests.casefiles.tenancy import sample_case

    existing = StandingOrder.objects.filter(bedarfsgemeinschaft=world.bedarfsgemeinschaft).first()
    if existing:
        return existing
    decision = helpers.issue(world.bedarfsgemeinschaft, world.person, months=[],
                             amounts={}, case=sample_case(world))
    return StandingOrder.objects.create(
        jobcenter=world.jobcenter, bedarfsgemeinschaft=world.bedarfsgemeinschaft,
        decision=decision, person=world.person, purpose="Zuschuss",
        monthly_amount=Decimal("100.00"), valid_from=JAN, valid_to=JAN)


def _aufrechnung(world: Any) -> Any:
    from jobcenter.zahlungen.models import Aufrechnung

    claim = sample_claim(world)
    existing = Aufrechnung.objects.filter(claim=claim).first()
    return existing or Aufrechnung.objects.create(
        jobcenter=world.jobcenter, claim=claim, percent=30, regelbedarf=Decimal("563.00"),
        monthly_amount=Decimal("168.90"), start=JAN, end=JAN, reasons="Erwägungen",
        prepared_by=world.staff)


def _bg(world: Any) -> dict[str, int]:
    return {"pk": world.bedarfsgemeinschaft.pk}


def _bg_with_payment(world: Any) -> dict[str, int]:
    sample_payment(world)  # a payment whose return can be recorded
    return _bg(world)


ZAHLUNGEN_SAMPLE_KWARGS = {
    "zahlungen:run": lambda w: {"pk": _run(w).pk},
    "zahlungen:run_file": lambda w: {"pk": _run_with_file(w).pk},
    "zahlungen:bg": _bg,
    "zahlungen:stop_create": _bg,
    "zahlungen:stop_lift": _bg,
    "zahlungen:direct_create": _bg,
    "zahlungen:manual_create": _bg,
    "zahlungen:direct_end": lambda w: {"pk": w.bedarfsgemeinschaft.pk,
                                       "direct_pk": _direct(w).pk},
    "zahlungen:standing_end": lambda w: {"pk": w.bedarfsgemeinschaft.pk,
                                         "order_pk": _standing(w).pk},
    "zahlungen:manual_decide": lambda w: {"pk": w.bedarfsgemeinschaft.pk,
                                          "manual_pk": _manual(w).pk},
    "zahlungen:payment_returned": _bg_with_payment,
    "zahlungen:payment_reissue": _bg_with_payment,
    "zahlungen:claim": lambda w: {"pk": sample_claim(w).pk},
    "zahlungen:claim_action": lambda w: {"pk": sample_claim(w).pk, "action": "stundung"},
    "zahlungen:aufrechnung_action": lambda w: {"pk": sample_claim(w).pk,
                                               "a_pk": _aufrechnung(w).pk,
                                               "action": "verwerfen"},
}
