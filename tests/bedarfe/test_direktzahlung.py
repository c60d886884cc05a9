"""The Direktzahlung der Miete an den Vermieter auf Antrag (§ 22 Abs. 7 Satz 1 SGB II) end to
end: staff see the payee and any running direct payment, the Bescheid's text (golden), issuing
it sets the direct payment up once through ``zahlungen`` (its two notices included), the
monthly run pays the landlord; the checks before the Bescheid, the refusal with reasons, three
actors and the paper entry."""

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
from jobcenter.bedarfe import direktzahlung, handlers
from jobcenter.decisions import services as decisions
from jobcenter.decisions.documents import bescheid_pdf
from jobcenter.households.models import Membership, Person
from jobcenter.zahlungen.models import DirectPayment, Letter, Payment
from jobcenter.zahlungen.services import run_execute, run_start
from tests.conftest import login
from tests.minderungen.test_letters import _text
from tests.zahlungen import helpers

pytestmark = pytest.mark.django_db

DEC, JAN = dt.date(2026, 12, 1), dt.date(2027, 1, 1)
TODAY = dt.datetime(2026, 12, 4, 9, 0)

GOLDEN = [
    "auf Ihren Antrag vom 04.12.2026 zahlen wir Ihre Leistungen für Unterkunft und Heizung "
    "ab Januar 2027 direkt an Wohnbau Alpha GmbH (Konto DE02 •••• •••• •••• •••• 01), und zwar "
    "die Miete mit den Heizkosten in Höhe von 520,00 € monatlich (§ 22 Abs. 7 Satz 1 SGB II).",
    "Wir zahlen höchstens die Kosten für Unterkunft und Heizung, die wir für den Monat "
    "anerkannt haben. Der direkt gezahlte Betrag gilt als an Sie gezahlt; den übrigen Betrag "
    "Ihrer Leistungen erhalten Sie wie bisher auf Ihr Konto.",
    "Wir schreiben Wohnbau Alpha GmbH, dass wir für Sie zahlen, wie viel und ab wann; andere "
    "Angaben über Sie erhält Wohnbau Alpha GmbH nicht. Sie können uns jederzeit bitten, die "
    "Direktzahlung zu beenden. Bitte teilen Sie uns sofort mit, wenn sich die Miete oder die "
    "Abschläge ändern oder wenn Sie umziehen.",
]


@pytest.fixture
def granted(jobcenter, citizen):
    """Alice's BG has a Bewilligung for December and January with 480 € KdU; the Jobcenter
    can pay."""
    with time_machine.travel(TODAY, tick=False):  # the day the tests are set on
        helpers.payer_account(jobcenter)
        person = Person.objects.get(user=citizen)
        helpers.bank_account(person, helpers.IBAN2)
        bg = Membership.objects.get(person=person).bedarfsgemeinschaft
        helpers.issue(bg, person, months=[DEC, JAN], amounts={"P1": "900.00"},
                      kdu={"P1": "480.00"})
        return bg


def _issue(case, actor, capture, **kwargs):
    draft = services.anliegen_decide(case=case, actor=actor, **kwargs)
    with capture(execute=True):
        return decisions.decision_finalize(decision=draft, actor=actor)


@time_machine.travel(TODAY, tick=False)
def test_direktzahlung_end_to_end(client, granted, citizen, caseworker, submit,
                                  django_capture_on_commit_callbacks):
    _submission, case = submit(citizen, "direktzahlung")
    assert case.case_type.key == "direktzahlung"
    facts = dict(direktzahlung.staff_facts(case))
    assert facts["Empfänger"] == "Wohnbau Alpha GmbH"
    assert facts["IBAN des Empfängers"] == "DE02 1001 0010 0006 8201 01"
    assert facts["Ab Monat"] == "Januar 2027"
    assert facts["Laufende Direktzahlung dieser Art"] == "keine"
    issued = _issue(case, caseworker, django_capture_on_commit_callbacks,
                    outcome_key="einrichten", amount=Decimal("520.00"))
    assert letters.title(issued) == "Direktzahlung der Kosten für Unterkunft und Heizung"
    assert letters.paragraphs(issued) == GOLDEN
    pdf = bescheid_pdf(issued)
    if os.environ.get("DIREKTZAHLUNG_PDF"):
        Path(os.environ["DIREKTZAHLUNG_PDF"]).write_bytes(pdf)
    text = " ".join(_text(pdf).replace("\xa0", " ").split())
    assert "Direktzahlung der Kosten für Unterkunft und Heizung" in text
    assert "(§ 22 Abs. 7 Satz 1 SGB II)" in text and "Rechtsbehelfsbelehrung" in text
    assert "DE02100100100006820101" not in text  # the account only masked
    # the direct payment is set up through zahlungen, with its two notices
    direct = DirectPayment.objects.get(bedarfsgemeinschaft=granted)
    assert (direct.kind, direct.basis, direct.payee_name, direct.iban) == (
        "miete", "antrag", "Wohnbau Alpha GmbH", "DE02100100100006820101")
    assert (direct.monthly_amount, direct.valid_from) == (Decimal("520.00"), JAN)
    assert (direct.payee_street, direct.payee_postcode, direct.payee_city) == (
        "Hafenstraße 3", "11111", "Alphastadt")
    assert issued.reference in direct.reason
    kinds = sorted(Letter.objects.filter(direct_payment=direct).values_list("kind", flat=True))
    assert kinds == [Letter.Kind.DIRECT, Letter.Kind.PAYEE]
    # the event delivered twice sets nothing up twice
    assert handlers.on_kind_erlassen(decision_id=issued.pk) is False
    assert DirectPayment.objects.filter(bedarfsgemeinschaft=granted).count() == 1
    # it only redirects part of the benefit: no standing order pays the rent a second time
    from jobcenter.zahlungen.models import StandingOrder

    assert not StandingOrder.objects.filter(bedarfsgemeinschaft=granted).exists()
    # the monthly run of January pays the landlord (at most the recognised KdU)
    monthly = run_execute(run_start(jobcenter=granted.jobcenter, kind="monatlich",
                                    month=JAN).pk)
    to_landlord = Payment.objects.get(run=monthly, iban="DE02100100100006820101")
    assert to_landlord.amount == Decimal("480.00")
    assert Payment.objects.get(run=monthly, iban=helpers.IBAN2).amount == Decimal("420.00")
    # a second application for the same kind is stopped before the Bescheid
    _s, second = submit(citizen, "direktzahlung")
    assert "Wohnbau Alpha GmbH, 520,00 € ab Januar 2027" in dict(
        direktzahlung.staff_facts(second))["Laufende Direktzahlung dieser Art"]
    with pytest.raises(AnliegenError, match="läuft schon eine Direktzahlung"):
        services.anliegen_decide(case=second, actor=caseworker, outcome_key="einrichten",
                                 amount=Decimal("520.00"))
    # the energy supplier's instalments are another kind: possible beside the rent
    _s, energy = submit(citizen, "direktzahlung", dz_kosten="abschlaege",
                        dz_empfaenger="Stadtwerke Alphastadt")
    _issue(energy, caseworker, django_capture_on_commit_callbacks, outcome_key="einrichten",
           amount=Decimal("60.00"))
    assert DirectPayment.objects.get(payee_name="Stadtwerke Alphastadt").kind == "energie"


@time_machine.travel(TODAY, tick=False)
def test_a_refusal_needs_reasons_and_sets_nothing_up(granted, citizen, caseworker, submit,
                                                      django_capture_on_commit_callbacks):
    _s, case = submit(citizen, "direktzahlung")
    with pytest.raises(AnliegenError, match="begründen Sie die Ablehnung"):
        services.anliegen_decide(case=case, actor=caseworker, outcome_key="ablehnung")
    refusal = _issue(case, caseworker, django_capture_on_commit_callbacks,
                     outcome_key="ablehnung", reasons=str(direktzahlung.REFUSAL_TEMPLATES[1]))
    assert letters.paragraphs(refusal) == [
        "Ihren Antrag vom 04.12.2026 auf Zahlung der Kosten für Unterkunft und Heizung an den "
        "Vermieter oder einen anderen Empfangsberechtigten lehnen wir ab (§ 22 Abs. 7 Satz 1 "
        "SGB II). Die Gründe stehen unten."]
    assert not DirectPayment.objects.exists()


@time_machine.travel(TODAY, tick=False)
def test_the_check_before_the_bescheid_says_what_is_missing(granted, citizen, caseworker,
                                                            submit):
    _s, case = submit(citizen, "direktzahlung")
    case.data = {**case.data, "dz_iban": "DE00123"}
    case.save(update_fields=["data"])
    with pytest.raises(AnliegenError, match="IBAN des Empfängers im Antrag ist nicht gültig"):
        services.anliegen_decide(case=case, actor=caseworker, outcome_key="einrichten",
                                 amount=Decimal("520.00"))
    case.data = {**case.data, "dz_iban": "DE02100100100006820101",
                 "dz_anschrift": {"street": "", "postcode": "", "city": ""}}
    case.save(update_fields=["data"])
    with pytest.raises(AnliegenError, match="Anschrift des Empfängers fehlen"):
        services.anliegen_decide(case=case, actor=caseworker, outcome_key="einrichten",
                                 amount=Decimal("520.00"))


@time_machine.travel(TODAY, tick=False)
def test_three_actors(client, granted, citizen, other_citizen, caseworker, other_caseworker,
                      submit, django_capture_on_commit_callbacks):
    submission, case = submit(citizen, "direktzahlung")
    page = reverse("antraege:detail", kwargs={"reference": submission.reference})
    login(client, other_citizen)
    assert client.get(page).status_code == 404
    client.logout()
    login(client, other_caseworker)
    staff_page = reverse("anliegen:decide", kwargs={"pk": case.pk})
    assert client.get(staff_page).status_code in (403, 404)
    assert client.post(staff_page, {"outcome": "einrichten", "amount": "520,00"}
                       ).status_code in (403, 404)
    with pytest.raises(AnliegenError):
        services.anliegen_decide(case=case, actor=other_caseworker, outcome_key="einrichten",
                                 amount=Decimal("520.00"))
    assert not case.decisions.exists() and not DirectPayment.objects.exists()
    client.logout()
    login(client, citizen)
    assert client.get(page).status_code == 200
    client.logout()
    login(client, caseworker)
    html = client.get(staff_page).content.decode()
    assert "Direktzahlung einrichten" in html and "Wohnbau Alpha GmbH" in html


@time_machine.travel(TODAY, tick=False)
def test_paper_entry_of_a_direktzahlung(client, granted, citizen, caseworker,
                                        django_capture_on_commit_callbacks):
    from tests.anliegen.test_paper import erfassen
    from tests.antraege.test_paper_entry import begin, entry_of

    login(client, caseworker)
    entry = entry_of(begin(client, Person.objects.get(user=citizen), "direktzahlung"))
    answers = {"dz_kosten": "miete", "dz_betrag": "450.00", "dz_ab": "2027-01-01",
               "dz_empfaenger": "Wohnbau Alpha GmbH",
               "dz_anschrift": {"street": "Hafenstraße 3", "postcode": "11111",
                                "city": "Alphastadt"},
               "dz_iban": "DE02100100100006820101"}
    case = erfassen(client, entry, answers, django_capture_on_commit_callbacks)
    assert case.case_type.key == "direktzahlung"
    _issue(case, caseworker, django_capture_on_commit_callbacks, outcome_key="einrichten",
           amount=Decimal("450.00"))
    assert DirectPayment.objects.get().monthly_amount == Decimal("450.00")
