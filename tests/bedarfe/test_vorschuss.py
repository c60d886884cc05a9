"""The Vorschuss (§ 42 Abs. 2 SGB II) end to end: the start page says what is possible, staff
decide within the cap and the month's amount, the Bescheid's text (golden), the next daily
run pays it once, the next monthly run pays the month less by it — and the citizen and
staff see why; the exclusions of Satz 5 and Satz 4's later month; three actors."""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse

from jobcenter.anliegen import letters, services
from jobcenter.anliegen.services import AnliegenError
from jobcenter.bedarfe import vorschuss
from jobcenter.decisions import services as decisions
from jobcenter.decisions.documents import bescheid_pdf
from jobcenter.households.models import Membership, Person
from jobcenter.zahlungen.models import ManualPayment, Payment, PaymentRun
from jobcenter.zahlungen.services import run_execute, run_start
from jobcenter.zahlungen.services import vorschuss as rules
from tests.conftest import login
from tests.minderungen.test_letters import _text
from tests.zahlungen import helpers
from tests.zahlungen.sepa_check import assert_valid

pytestmark = pytest.mark.django_db

DEC, JAN, FEB, MAR = (dt.date(2026, 12, 1), dt.date(2027, 1, 1), dt.date(2027, 2, 1),
                      dt.date(2027, 3, 1))
CITIZEN_IBAN = helpers.IBAN2
TODAY = dt.datetime(2026, 12, 4, 9, 0)


@pytest.fixture
def granted(jobcenter, citizen):
    """Alice's BG has a Bewilligung of 900 € a month for December to March; the Jobcenter
    can pay and Alice has an account."""
    with time_machine.travel(TODAY, tick=False):  # the day the tests are set on
        helpers.payer_account(jobcenter)
        person = Person.objects.get(user=citizen)
        helpers.bank_account(person, CITIZEN_IBAN)
        bg = Membership.objects.get(person=person).bedarfsgemeinschaft
        helpers.issue(bg, person, months=[DEC, JAN, FEB, MAR], amounts={"P1": "900.00"})
        return bg


def _issue(case, actor, capture, **kwargs):
    draft = services.anliegen_decide(case=case, actor=actor, **kwargs)
    with capture(execute=True):
        return decisions.decision_finalize(decision=draft, actor=actor)


@time_machine.travel(TODAY, tick=False)
def test_vorschuss_end_to_end(client, granted, citizen, caseworker, submit,
                              django_capture_on_commit_callbacks):
    check = vorschuss.start_check(citizen)
    assert check.allowed
    assert check.text == ("Ihre nächste Zahlung ist die für Januar 2027: 900,00 €. Als "
                          "Vorschuss können Sie bis zu 100,00 € beantragen; die Zahlung für "
                          "Januar 2027 ist dann um diesen Betrag geringer.")
    _submission, case = submit(citizen, "vorschuss")
    facts = dict(vorschuss.staff_facts(case))
    assert facts["Verringert wird die Zahlung für"] == "Januar 2027"
    assert facts["Ausschlussgründe (§ 42 Abs. 2 Satz 5 SGB II)"] == "keine"
    # above the cap: a clear message, no draft
    with pytest.raises(AnliegenError, match="auf 100,00 € begrenzt"):
        services.anliegen_decide(case=case, actor=caseworker, outcome_key="bewilligung",
                                 amount=Decimal("120.00"))
    issued = _issue(case, caseworker, django_capture_on_commit_callbacks,
                    outcome_key="bewilligung", amount=Decimal("80.00"))
    assert issued.snapshot["letter"]["extra"]["month"] == "2027-01-01"
    assert letters.title(issued) == "Bewilligung eines Vorschusses"
    received = dt.date(2026, 12, 4).strftime("%d.%m.%Y")
    assert letters.paragraphs(issued) == [
        f"auf Ihren Antrag vom {received} zahlen wir Ihnen von Ihren Leistungen für Januar "
        "2027 einen Betrag von 80,00 € vorzeitig aus (§ 42 Abs. 2 Satz 1 und 2 SGB II). Die "
        f"Leistungen für Januar 2027 sind mit dem Bescheid Nr. "
        f"{issued.snapshot['letter']['extra']['bescheid']} festgesetzt. Wir überweisen den "
        "Betrag in den nächsten Tagen auf Ihr Konto.",
        "Ihre Zahlung für Januar 2027 verringert sich um 80,00 € (§ 42 Abs. 2 Satz 3 SGB II). "
        "Ist die Zahlung für Januar 2027 schon angewiesen, wenn wir den Vorschuss auszahlen, "
        "verringert sich stattdessen die Zahlung für Februar 2027 (§ 42 Abs. 2 Satz 4 "
        "SGB II).",
        "Ein weiterer Vorschuss ist in den beiden Kalendermonaten nach diesem Monat "
        "ausgeschlossen (§ 42 Abs. 2 Satz 5 Nr. 3 SGB II).",
    ]
    # the rendered Bescheid (PDF/A): the same text, its Belehrung
    pdf = bescheid_pdf(issued)
    if os.environ.get("VORSCHUSS_PDF"):
        Path(os.environ["VORSCHUSS_PDF"]).write_bytes(pdf)
    text = _text(pdf).replace("\xa0", " ")
    assert "Bewilligung eines Vorschusses" in text
    assert "einen Betrag von 80,00 € vorzeitig aus (§ 42 Abs. 2 Satz 1 und 2 SGB II)" in text
    assert "Ihre Zahlung für Januar 2027 verringert sich um 80,00 €" in text
    assert "Rechtsbehelfsbelehrung" in text
    order = ManualPayment.objects.get(decision=issued)
    assert order.advance and order.month == JAN and order.payee_iban == ""
    # the next daily run pays it once, to Alice, counted against January
    daily = run_execute(run_start(jobcenter=granted.jobcenter, kind="taeglich").pk)
    advance = Payment.objects.get(run=daily, month=JAN)
    assert advance.kind == Payment.Kind.ADVANCE and advance.amount == Decimal("80.00")
    assert advance.recipient_key == "citizen" and advance.iban == CITIZEN_IBAN
    assert advance.purpose.startswith("Vorschuss auf die nächste Zahlung Bescheid-Nr.")
    assert_valid(daily)
    again = run_execute(run_start(jobcenter=granted.jobcenter, kind="taeglich",
                                  again=True).pk)
    assert again.payments_count == 0
    # the monthly run of January pays 900 − 80
    monthly = run_execute(run_start(jobcenter=granted.jobcenter, kind="monatlich",
                                    month=JAN).pk)
    regular = Payment.objects.get(run=monthly, month=JAN)
    assert regular.kind == Payment.Kind.REGULAR and regular.amount == Decimal("820.00")
    assert not monthly.holds.exists()
    # the citizen sees the advance and why January is lower
    login(client, citizen)
    page = client.get(reverse("zahlungen_citizen:list")).content.decode()
    assert "Vorschuss auf Ihre Leistungen für Januar 2027" in page
    assert "820,00 €" in page
    assert "Die Zahlung ist um den Vorschuss von 80,00 € geringer" in page
    assert "recipient_key" not in page and "2027-01" not in page
    client.logout()
    # staff see it on the BG's payments with its Bescheid
    login(client, caseworker)
    staff = client.get(reverse("zahlungen:bg", args=[granted.pk])).content.decode()
    assert "abzüglich Vorschuss 80,00 €" in staff and issued.reference in staff
    assert "verringert die Zahlung für Januar 2027" in staff


@time_machine.travel(TODAY, tick=False)
def test_a_second_vorschuss_within_two_months_is_excluded(granted, citizen, caseworker, submit,
                                                          django_capture_on_commit_callbacks):
    _s, case = submit(citizen, "vorschuss")
    _issue(case, caseworker, django_capture_on_commit_callbacks, outcome_key="bewilligung",
           amount=Decimal("50.00"))
    _s, second = submit(citizen, "vorschuss")
    with pytest.raises(AnliegenError, match="Satz 5 Nr. 3"):
        services.anliegen_decide(case=second, actor=caseworker, outcome_key="bewilligung",
                                 amount=Decimal("20.00"))
    # a refusal with its reasons is always possible (the discretion is the Jobcenter's)
    refusal = _issue(second, caseworker, django_capture_on_commit_callbacks,
                     outcome_key="ablehnung", reasons=str(vorschuss.REFUSAL_TEMPLATES[3]))
    assert not ManualPayment.objects.filter(decision=refusal).exists()
    assert "lehnen wir ab (§ 42 Abs. 2 SGB II)" in letters.paragraphs(refusal)[0]
    # still excluded in February (two preceding calendar months), possible again in March
    with time_machine.travel(dt.datetime(2027, 2, 10, 9, 0), tick=False):
        assert any("Nr. 3" in p for p in rules.advance_facts(
            second.applicant, jobcenter_id=granted.jobcenter_id).problems)
    with time_machine.travel(dt.datetime(2027, 3, 1, 9, 0), tick=False):
        facts = rules.advance_facts(second.applicant, jobcenter_id=granted.jobcenter_id)
        assert facts.month is None or not any("Nr. 3" in p for p in facts.problems)


@time_machine.travel(TODAY, tick=False)
def test_a_minderung_next_month_excludes_it_and_the_start_page_says_so(
        jobcenter, citizen, caseworker, submit):
    helpers.payer_account(jobcenter)
    person = Person.objects.get(user=citizen)
    bg = Membership.objects.get(person=person).bedarfsgemeinschaft
    helpers.issue(bg, person, months=[DEC, JAN], amounts={"P1": "506.70"},
                  minderung={"P1": "56.30"})
    check = vorschuss.start_check(citizen)
    assert check.allowed and "Leistungsminderung" in check.text
    _s, case = submit(citizen, "vorschuss")
    with pytest.raises(AnliegenError, match="Satz 5 Nr. 2"):
        services.anliegen_decide(case=case, actor=caseworker, outcome_key="bewilligung",
                                 amount=Decimal("50.00"))


@time_machine.travel(TODAY, tick=False)
def test_without_a_bewilligung_for_next_month_the_form_does_not_start(citizen):
    check = vorschuss.start_check(citizen)
    assert not check.allowed and "Januar 2027 sind noch keine Leistungen bewilligt" in check.text


def test_the_month_already_paid_moves_it_to_the_month_after(
        granted, citizen, caseworker, submit, django_capture_on_commit_callbacks):
    with time_machine.travel(dt.datetime(2026, 12, 28, 9, 0), tick=False):
        run_execute(run_start(jobcenter=granted.jobcenter, kind="monatlich", month=JAN).pk)
        _s, case = submit(citizen, "vorschuss")
        issued = _issue(case, caseworker, django_capture_on_commit_callbacks,
                        outcome_key="bewilligung", amount=Decimal("100.00"))
        assert issued.snapshot["letter"]["extra"]["month"] == "2027-02-01"
        assert ("Die Zahlung für den kommenden Monat ist schon angewiesen. Deshalb verringert "
                "sich Ihre Zahlung für Februar 2027 um 100,00 € (§ 42 Abs. 2 Satz 4 SGB II)."
                ) in letters.paragraphs(issued)
        run_execute(run_start(jobcenter=granted.jobcenter, kind="taeglich").pk)
    with time_machine.travel(dt.datetime(2027, 1, 27, 9, 0), tick=False):
        feb = run_execute(run_start(jobcenter=granted.jobcenter, kind="monatlich",
                                    month=FEB).pk)
    assert Payment.objects.get(run=feb).amount == Decimal("800.00")
    assert PaymentRun.objects.filter(kind="monatlich").count() == 2


@time_machine.travel(TODAY, tick=False)
def test_a_daily_run_after_the_months_run_counts_it_against_the_month_after(
        granted, citizen, caseworker, submit, django_capture_on_commit_callbacks):
    """Satz 4 in the run: the order for January is paid only after January's monthly run
    (which paid the full month) — it is counted against February instead, once."""
    _s, case = submit(citizen, "vorschuss")
    issued = _issue(case, caseworker, django_capture_on_commit_callbacks,
                    outcome_key="bewilligung", amount=Decimal("60.00"))
    run_execute(run_start(jobcenter=granted.jobcenter, kind="monatlich", month=JAN).pk)
    with time_machine.travel(dt.datetime(2026, 12, 7, 9, 0), tick=False):
        daily = run_execute(run_start(jobcenter=granted.jobcenter, kind="taeglich").pk)
    order = ManualPayment.objects.get(decision=issued)
    assert order.month == FEB
    assert Payment.objects.get(run=daily, kind=Payment.Kind.ADVANCE).month == FEB
    assert not daily.holds.filter(reason="ueberzahlt").exists()


@time_machine.travel(TODAY, tick=False)
def test_three_actors(client, granted, citizen, other_citizen, caseworker, other_caseworker,
                      submit, django_capture_on_commit_callbacks):
    _s, case = submit(citizen, "vorschuss")
    _issue(case, caseworker, django_capture_on_commit_callbacks, outcome_key="bewilligung",
           amount=Decimal("80.00"))
    run_execute(run_start(jobcenter=granted.jobcenter, kind="taeglich").pk)
    # another citizen sees nothing of it (and has no Bewilligung to advance)
    login(client, other_citizen)
    theirs = client.get(reverse("zahlungen_citizen:list")).content.decode()
    assert "Vorschuss" not in theirs and "80,00" not in theirs
    assert not vorschuss.start_check(other_citizen).allowed
    client.logout()
    # another Jobcenter's caseworker can open neither the BG nor the concern
    login(client, other_caseworker)
    assert client.get(reverse("zahlungen:bg", args=[granted.pk])).status_code == 404
    assert client.get(reverse("casefiles:case", args=[case.pk])).status_code == 404
    # and cannot decide it
    with pytest.raises(AnliegenError):
        services.anliegen_decide(case=case, actor=other_caseworker, outcome_key="ablehnung",
                                 reasons="x")


@time_machine.travel(TODAY, tick=False)
def test_paper_entry_of_a_vorschuss(client, granted, citizen, other_citizen, caseworker,
                                    django_capture_on_commit_callbacks):
    from jobcenter.antraege.models import PaperEntry
    from tests.anliegen.test_paper import erfassen
    from tests.antraege.test_paper_entry import begin, entry_of

    login(client, caseworker)
    # the start check applies to the person: Bob has no Bewilligung to advance
    refused = begin(client, Person.objects.get(user=other_citizen), "vorschuss")
    assert refused.status_code == 400
    assert "noch keine Leistungen bewilligt" in refused.content.decode()
    assert not PaperEntry.objects.exists()
    entry = entry_of(begin(client, Person.objects.get(user=citizen), "vorschuss"))
    case = erfassen(client, entry, {"vorschuss_betrag": "100.00"},
                    django_capture_on_commit_callbacks)
    assert case.case_type.key == "vorschuss"
    issued = _issue(case, caseworker, django_capture_on_commit_callbacks,
                    outcome_key="bewilligung", amount=Decimal("100.00"))
    assert ManualPayment.objects.get(decision=issued).month == JAN
