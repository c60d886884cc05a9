"""What is due and where it goes (zahlungen.services.due) with the Bescheide of every kind:
a Minderungsbescheid, an Abhilfe, a § 41a final decision or an Aufhebung/Erstattung rules
its months like a Bewilligung; the bank account the caseworker maintains wins."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from jobcenter.households.models import BankAccount
from jobcenter.zahlungen.services import due
from tests.zahlungen.helpers import IBAN, IBAN2, bank_account, household, issue

pytestmark = pytest.mark.django_db

JAN, FEB, MAR = dt.date(2027, 1, 1), dt.date(2027, 2, 1), dt.date(2027, 3, 1)


@pytest.mark.parametrize("later", ["minderung", "abhilfe", "abschliessend",
                                   "aufhebung_erstattung", "aenderung"])
def test_a_later_bescheid_with_amounts_rules_its_months(jc, later):
    bg, person = household(jc)
    first = issue(bg, person, months=[JAN, FEB, MAR], amounts={"P1": "900.00"})
    second = issue(bg, person, months=[FEB], amounts={"P1": "731.10"}, type_key=later,
                   previous=first)
    found = due.amounts_due([bg.pk], [JAN, FEB, MAR])
    assert found[(bg.pk, JAN)].decision_id == first.pk
    assert found[(bg.pk, FEB)].decision_id == second.pk
    assert found[(bg.pk, FEB)].total == Decimal("731.10")
    assert found[(bg.pk, MAR)].total == Decimal("900.00")


def test_the_maintained_bank_account_wins_over_the_application(jc):
    _bg, person = household(jc)
    bank_account(person, IBAN)  # the IBAN of the application
    assert due.bank_accounts([person]) == {person.pk: IBAN}
    BankAccount.objects.create(person=person, iban=IBAN2, holder="Ayse Yilmaz",
                               valid_from=dt.date(2026, 1, 1))
    assert due.bank_accounts([person]) == {person.pk: IBAN2}
