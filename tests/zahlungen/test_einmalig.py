"""One-off payment orders under a payment stop (held with the stop's reason, released with
it) and a returned one-off payment ordered again to a corrected account (four eyes, a
trail, shown truthfully to the citizen)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.urls import reverse

from jobcenter.zahlungen.models import ManualPayment, Payment, RunHold
from jobcenter.zahlungen.services import (
    PaymentActionError,
    manual_decide,
    one_off_from_bescheid,
    one_off_reissue,
    payment_mark_returned,
    run_execute,
    run_start,
    stop_create,
    stop_lift,
)
from tests.conftest import login
from tests.factories import CitizenFactory, StaffFactory
from tests.zahlungen import helpers
from tests.zahlungen.conftest import JAN

pytestmark = pytest.mark.django_db

NEW_IBAN = "DE75512108001245126199"


def daily(jc, again=False):
    return run_execute(run_start(jobcenter=jc, kind="taeglich", again=again).pk)


def _order(family, amount="300.00"):
    bg, person, _ = family
    grant = helpers.issue(bg, person, months=[], amounts={})
    return one_off_from_bescheid(decision=grant, person=person, amount=D(amount),
                                 purpose="Klassenfahrt")


def test_a_payment_stop_holds_one_off_orders_and_releases_them_with_the_stop(jc, family):
    bg, _person, _ = family
    staff = StaffFactory(jobcenter=jc)
    with time_machine.travel(dt.datetime(2027, 1, 5, 9, 0), tick=False):
        order = _order(family)
        stop = stop_create(bg=bg, facts="Arbeitsaufnahme laut Arbeitgeber",
                           partial_amount=None, from_person=False, actor=staff)
        run = daily(jc)
    assert not Payment.objects.filter(manual_payment=order).exists()
    assert order.month == JAN
    hold = RunHold.objects.get(run=run, month=JAN)
    assert hold.reason == RunHold.Reason.STOPPED
    with time_machine.travel(dt.datetime(2027, 1, 6, 9, 0), tick=False):
        daily(jc)  # the stop still runs: held again
        assert not Payment.objects.filter(manual_payment=order).exists()
        stop_lift(stop=stop, reason="Arbeit nicht aufgenommen", actor=staff)
        daily(jc, again=True)
    paid = Payment.objects.get(manual_payment=order)
    assert (paid.kind, paid.amount) == (Payment.Kind.ONE_OFF, D("300.00"))


def test_a_partial_stop_holds_one_off_orders_too(jc, family):
    bg, _person, _ = family
    with time_machine.travel(dt.datetime(2027, 1, 5, 9, 0), tick=False):
        order = _order(family)
        stop_create(bg=bg, facts="Einkommen", partial_amount=D("100.00"), from_person=True,
                    actor=StaffFactory(jobcenter=jc))
        daily(jc)
    assert not Payment.objects.filter(manual_payment=order).exists()
    # the stop's deadline passes without a Bescheid: the order is paid (§ 331 Abs. 2 SGB III)
    with time_machine.travel(dt.datetime(2027, 3, 6, 9, 0), tick=False):
        daily(jc)
    assert Payment.objects.filter(manual_payment=order).exists()


def _returned(jc, family):
    with time_machine.travel(dt.datetime(2027, 1, 5, 9, 0), tick=False):
        order = _order(family)
        daily(jc)
    payment = Payment.objects.get(manual_payment=order)
    payment_mark_returned(payment=payment, reason="AC04", returned_on=dt.date(2027, 1, 8),
                          actor=StaffFactory(jobcenter=jc))
    payment.refresh_from_db()
    return payment


def test_a_returned_one_off_is_not_paid_again_by_itself(jc, family):
    payment = _returned(jc, family)
    with time_machine.travel(dt.datetime(2027, 1, 11, 9, 0), tick=False):
        daily(jc)
    assert Payment.objects.filter(kind=Payment.Kind.ONE_OFF).count() == 1
    assert payment.status == Payment.Status.RETURNED


def test_erneut_anweisen_needs_four_eyes_and_pays_once_to_the_corrected_account(jc, family):
    payment = _returned(jc, family)
    first = StaffFactory(jobcenter=jc, role="leistung")
    second = StaffFactory(jobcenter=jc, role="leistung")
    with pytest.raises(PaymentActionError, match="berichtigte Bankverbindung"):
        one_off_reissue(payment=payment, payee_name=payment.recipient_name, iban=payment.iban,
                        reason="Anruf", actor=first)
    with pytest.raises(PaymentActionError, match="IBAN ist nicht gültig"):
        one_off_reissue(payment=payment, payee_name="Ayse Yilmaz", iban="DE00 1234",
                        reason="Anruf", actor=first)
    with pytest.raises(PaymentActionError, match="woher"):
        one_off_reissue(payment=payment, payee_name="Ayse Yilmaz", iban=NEW_IBAN, reason=" ",
                        actor=first)
    order = one_off_reissue(payment=payment, payee_name="Ayse Yilmaz", iban=NEW_IBAN,
                            reason="Neue Bankverbindung per Postfach am 08.01.2027",
                            actor=first)
    assert order.status == ManualPayment.Status.REQUESTED and order.reissue_of == payment
    with pytest.raises(PaymentActionError, match="bereits erneut angewiesen"):
        one_off_reissue(payment=payment, payee_name="Ayse Yilmaz", iban=NEW_IBAN,
                        reason="doppelt", actor=second)
    # not released: the run pays nothing
    with time_machine.travel(dt.datetime(2027, 1, 11, 9, 0), tick=False):
        daily(jc)
    assert not Payment.objects.filter(manual_payment=order).exists()
    with pytest.raises(PaymentActionError, match="andere Person"):
        manual_decide(manual=order, approve=True, actor=first)
    with transaction.atomic(), pytest.raises(IntegrityError):  # the database refuses, too
        ManualPayment.objects.filter(pk=order.pk).update(status="freigegeben")
    manual_decide(manual=order, approve=True, actor=second)
    with time_machine.travel(dt.datetime(2027, 1, 12, 9, 0), tick=False):
        daily(jc)
        daily(jc, again=True)
    again = Payment.objects.get(manual_payment=order)
    assert (again.kind, again.amount, again.iban) == (Payment.Kind.ONE_OFF, D("300.00"),
                                                      NEW_IBAN)
    assert again.recipient_kind == Payment.RecipientKind.CITIZEN
    assert again.purpose == payment.purpose and again.decision_id == payment.decision_id
    assert Payment.objects.filter(kind=Payment.Kind.ONE_OFF).count() == 2


def test_a_refused_reissue_can_be_ordered_again(jc, family):
    payment = _returned(jc, family)
    first = StaffFactory(jobcenter=jc, role="leistung")
    second = StaffFactory(jobcenter=jc, role="leistung")
    order = one_off_reissue(payment=payment, payee_name="Ayse Yilmaz", iban=NEW_IBAN,
                            reason="Anruf", actor=first)
    manual_decide(manual=order, approve=False, actor=second)
    assert one_off_reissue(payment=payment, payee_name="Ayse Yilmaz", iban=NEW_IBAN,
                           reason="Schriftlich bestätigt", actor=first).pk != order.pk


def test_only_a_returned_one_off_can_be_ordered_again(jc, family):
    with time_machine.travel(dt.datetime(2027, 1, 5, 9, 0), tick=False):
        _order(family)
        daily(jc)
    sent = Payment.objects.get(kind=Payment.Kind.ONE_OFF)
    with pytest.raises(PaymentActionError, match="zurückgekommen"):
        one_off_reissue(payment=sent, payee_name="X", iban=NEW_IBAN, reason="r",
                        actor=StaffFactory(jobcenter=jc))


def test_the_pages_show_the_reissue_truthfully_and_to_the_right_actors(
        client, jc, family):
    bg, person, _ = family
    payment = _returned(jc, family)
    first = StaffFactory(jobcenter=jc, role="leistung")
    second = StaffFactory(jobcenter=jc, role="leistung")
    login(client, person.user)
    page = client.get(reverse("zahlungen_citizen:list")).content.decode()
    assert "wir überweisen den Betrag dann erneut" in page
    client.logout()
    login(client, first)
    response = client.post(reverse("zahlungen:payment_reissue", args=[bg.pk]), {
        "payment": payment.pk, "payee_name": "Ayse Yilmaz", "iban": "DE00",
        "reason": "Anruf"})
    assert response.status_code == 400
    assert "IBAN ist nicht gültig" in response.content.decode()
    response = client.post(reverse("zahlungen:payment_reissue", args=[bg.pk]), {
        "payment": payment.pk, "payee_name": "Ayse Yilmaz",
        "iban": "DE75 5121 0800 1245 1261 99", "reason": "Anruf am 08.01."})
    assert response.status_code == 302
    order = ManualPayment.objects.get(reissue_of=payment)
    staff = client.get(reverse("zahlungen:bg", args=[bg.pk])).content.decode()
    assert "erneut an Ayse Yilmaz, IBAN DE75 5121 0800 1245 1261 99" in staff
    assert reverse("zahlungen:manual_decide", args=[bg.pk, order.pk]) not in staff  # not own
    client.logout()
    login(client, person.user)
    page = client.get(reverse("zahlungen_citizen:list")).content.decode()
    assert "Wir überweisen den Betrag erneut an: DE75" in page
    assert "Eine zweite Person im Jobcenter prüft die Zahlung" in page
    assert NEW_IBAN not in page  # masked
    client.logout()
    login(client, second)
    assert client.post(reverse("zahlungen:manual_decide", args=[bg.pk, order.pk]),
                       {"decision": "approve"}).status_code == 302
    client.logout()
    login(client, person.user)
    page = client.get(reverse("zahlungen_citizen:list")).content.decode()
    assert "ist freigegeben und geht mit dem nächsten Zahllauf hinaus" in page
    client.logout()
    with time_machine.travel(dt.datetime(2027, 1, 12, 9, 0), tick=False):
        daily(jc)
    login(client, person.user)
    page = client.get(reverse("zahlungen_citizen:list")).content.decode()
    assert "Wir haben den Betrag erneut überwiesen an: DE75" in page
    assert "erneut überwiesen" in page


def test_three_actors_for_erneut_anweisen(client, jc, family):
    bg, _person, _ = family
    payment = _returned(jc, family)
    other = StaffFactory()  # another Jobcenter's caseworker
    login(client, other)
    response = client.post(reverse("zahlungen:payment_reissue", args=[bg.pk]), {
        "payment": payment.pk, "payee_name": "Mallory", "iban": NEW_IBAN, "reason": "x"})
    assert response.status_code == 404
    assert not ManualPayment.objects.filter(reissue_of=payment).exists()
    client.logout()
    login(client, CitizenFactory(jobcenter=jc))  # another citizen
    assert client.post(reverse("zahlungen:payment_reissue", args=[bg.pk]), {
        "payment": payment.pk, "payee_name": "Mallory", "iban": NEW_IBAN,
        "reason": "x"}).status_code == 403
    assert not ManualPayment.objects.filter(reissue_of=payment).exists()
