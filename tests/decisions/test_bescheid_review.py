"""What an issued Bescheid tells and sets, as its readers meet it. It names the account the
payment run pays to: the bank account the caseworker maintains for the person wins over an
older IBAN from an application, as in ``zahlungen.services.due.bank_accounts`` (the demo's
Bewilligung named the application's IBAN while "Zahlungen" showed the transfers going to
the maintained one). Only a granting Bescheid sets the Wiedervorlage "Bewilligungszeitraum
endet"."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from jobcenter.decisions import services
from jobcenter.decisions.models import Decision
from jobcenter.households.models import BankAccount, Person
from tests.decisions.facts import family_request, issue, make_family, pdf_bytes, pdf_text

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 12, 4, 9, 0, tzinfo=dt.UTC)
MAINTAINED = "DE02120300000000202051"


def _letter(jobcenter, make_calc_case, caseworker, teamlead, capture, *, iban):
    with time_machine.travel(NOW, tick=False):
        user = make_family(jobcenter, iban=iban)
        person = Person.objects.get(user=user)
        BankAccount.objects.create(person=person, iban=MAINTAINED, holder="Ayşe Yılmaz",
                                   valid_from=dt.date(2026, 1, 1))
        case = make_calc_case(user, request=family_request())
        decision = services.decision_create(case=case, decision_type_key="bewilligung",
                                            actor=caseworker)
        decision = issue(decision, by=caseworker, approver=teamlead, capture=capture)
        return " ".join(pdf_text(pdf_bytes(decision)).split())


@pytest.mark.parametrize(("application_iban", "absent"), [
    ("DE89370400440532013000", "DE89 •••• •••• •••• •••• 00"),  # the maintained one wins
    ("", "Uns liegt keine Bankverbindung vor"),  # named alone, not asked for
])
def test_the_letter_names_the_maintained_account(
        application_iban, absent, jobcenter, make_calc_case, caseworker, teamlead,
        django_capture_on_commit_callbacks):
    flat = _letter(jobcenter, make_calc_case, caseworker, teamlead,
                   django_capture_on_commit_callbacks, iban=application_iban)
    assert "auf Ihr Konto mit der IBAN DE02 •••• •••• •••• •••• 51" in flat
    assert absent not in flat


def test_only_a_granting_bescheid_sets_the_weiterbewilligung_reminder(
        jobcenter, make_calc_case, caseworker, teamlead, django_capture_on_commit_callbacks):
    """The demo's Aufhebungs- und Erstattungsbescheid for October 2026 left an overdue
    Wiedervorlage "Bewilligungszeitraum endet" for 31 October beside the right one."""
    from jobcenter.casefiles.models import FollowUp

    capture = django_capture_on_commit_callbacks
    with time_machine.travel(NOW, tick=False):
        user = make_family(jobcenter)
        grant = services.decision_create(
            case=make_calc_case(user, request=family_request()),
            decision_type_key="bewilligung", actor=caseworker)
        issue(grant, by=caseworker, approver=teamlead, capture=capture)
        end_case = make_calc_case(user, request=family_request(monat="2027-05", netto=3000,
                                                               brutto=4000))
        ending = services.decision_create(
            case=end_case, decision_type_key="aufhebung", actor=caseworker,
            period_from=dt.date(2027, 5, 1), reasons="Sie haben eine Arbeit aufgenommen.")
        # the period of the months it cancels, as the Aufhebungs- und Erstattungsbescheid
        # carries it (decisions.services.aufhebung.erstattung): May 2027 only
        Decision.objects.filter(pk=ending.pk).update(period_from=dt.date(2027, 5, 1),
                                                     period_to=dt.date(2027, 5, 31))
        ending.refresh_from_db()
        issue(ending, by=caseworker, approver=teamlead, capture=capture)
    ends = FollowUp.objects.filter(kind=FollowUp.Kind.BWZ_END)
    assert [f.due_on for f in ends] == [dt.date(2027, 12, 31) - dt.timedelta(days=42)]
