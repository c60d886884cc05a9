"""Stundung, Ratenzahlung oder Erlass einer Forderung (``bedarfe/forderung.py``) end to end:
the choice of the citizen's own open claims (never another person's), the staff facts beside
the request, the golden texts of every outcome and their PDFs, the effect on the claim only
when the Bescheid is issued (the Erlass with four eyes), the payment run respecting the
result, three actors, the paper entry."""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.db import IntegrityError
from django.urls import reverse

from jobcenter.anliegen import letters, services
from jobcenter.anliegen.services import AnliegenError
from jobcenter.antraege import services as antraege
from jobcenter.bedarfe import forderung, handlers
from jobcenter.core import events
from jobcenter.core.roles import Role
from jobcenter.decisions import services as decisions
from jobcenter.decisions.documents import bescheid_pdf
from jobcenter.decisions.models import Decision
from jobcenter.formengine import registry
from jobcenter.formengine.services import draft_start
from jobcenter.households.models import Membership, Person
from jobcenter.zahlungen.models import Claim, ClaimEntry, Payment
from jobcenter.zahlungen.services import (
    ClaimError,
    balance,
    claim_remit,
    instalment_schedule,
    run_execute,
    run_start,
)
from tests.conftest import login
from tests.factories import StaffFactory
from tests.minderungen.test_letters import _text
from tests.zahlungen import helpers

pytestmark = pytest.mark.django_db

DEC, JAN, FEB, MAR = (dt.date(2026, 12, 1), dt.date(2027, 1, 1), dt.date(2027, 2, 1),
                      dt.date(2027, 3, 1))
TODAY = dt.datetime(2026, 12, 4, 9, 0)
D = Decimal


def _claim(person, decision, amounts=("300.00", "200.00"), grund="§ 45 SGB X, § 50 SGB X"):
    events.publish("decisions.erstattung_festgesetzt", bescheid_id=decision.pk,
                   jobcenter_id=person.jobcenter_id, positions=[
                       {"person_id": person.pk, "month": f"2026-{8 + i:02d}", "amount": a,
                        "rechtsgrundlage": grund} for i, a in enumerate(amounts)])
    return Claim.objects.get(bescheid=decision, person=person)


@pytest.fixture
def owed(jobcenter, citizen):
    """Alice's BG is granted 900 € for Dec–Mar; an Erstattungsbescheid (issued today) left
    her a claim of 500 €."""
    with time_machine.travel(TODAY, tick=False):  # the day the tests are set on
        helpers.payer_account(jobcenter)
        person = Person.objects.get(user=citizen)
        helpers.bank_account(person)
        bg = Membership.objects.get(person=person).bedarfsgemeinschaft
        granted = helpers.issue(bg, person, months=[DEC, JAN, FEB, MAR], amounts={"P1": "900.00"})
        erstattung = helpers.issue(bg, person, months=[], amounts={"P1": "0"},
                                   type_key="aufhebung", case=granted.case)
        return _claim(person, erstattung)


@pytest.fixture
def approver(jobcenter):
    return StaffFactory(jobcenter=jobcenter, email="tina@alpha.example", role=Role.TEAMLEITUNG)


def _submit(user, answers, capture):
    draft = draft_start(user=user, form=registry.get_form("forderung"))
    draft.answers = answers
    draft.save(update_fields=["answers"])
    with capture(execute=True):
        submission = antraege.submission_create_from_draft(draft=draft, user=user)
    from jobcenter.casefiles.models import Case

    return Case.objects.get(submission_id=submission.pk)


def _answers(claim, **changes):
    return {"forderung": f"forderung-{claim.pk}", "fd_wunsch": "erlass",
            "fd_erlass_umfang": "teil", "fd_erlass_betrag": "200.00",
            "fd_grund": "Ich bin seit Monaten krank und habe Schulden beim Stromanbieter.",
            "fd_einnahmen": "1100.00", "fd_ausgaben": "1050.00", **changes}


def _issue(case, actor, capture, approver=None, **kwargs):
    draft = services.anliegen_decide(case=case, actor=actor, **kwargs)
    with capture(execute=True):
        decision = decisions.decision_finalize(decision=draft, actor=actor)
        if decision.status == Decision.Status.AWAITING_APPROVAL and approver is not None:
            decision = decisions.decision_approve(decision=decision, actor=approver)
    return decision


def _pdf_text(decision, name):
    pdf = bescheid_pdf(decision)
    if os.environ.get("FORDERUNG_PDF_DIR"):
        Path(os.environ["FORDERUNG_PDF_DIR"], f"{name}.pdf").write_bytes(pdf)
    return " ".join(_text(pdf).replace("\xa0", " ").split())


CLAIM_WORDS = ("die Forderung aus unserem Bescheid vom 04.12.2026 (Bescheid-Nr. {ref}) über "
               "500,00 €, von der noch 500,00 € offen sind")


# --- the choice --------------------------------------------------------------------------


@time_machine.travel(TODAY, tick=False)
def test_only_the_citizens_own_open_claims_are_offered(owed, citizen, other_citizen):
    options = forderung.claim_options({}, citizen)
    assert [o.key for o in options] == [f"forderung-{owed.pk}"]
    assert options[0].label["de"] == (
        f"Erstattung aus dem Bescheid vom 4. Dezember 2026 (Bescheid-Nr. "
        f"{owed.bescheid.reference}), noch offen 500,00 €")
    assert options[0].label["en"].startswith("Repayment from the decision of 4 December 2026")
    assert forderung.claim_options({}, other_citizen) == []
    assert forderung.claim_options({}, StaffFactory(jobcenter=owed.jobcenter)) == []
    # the start page: with an open claim allowed, without one refused with where to look
    assert forderung.start(citizen).allowed
    refused = forderung.start(other_citizen)
    assert not refused.allowed and "keine Forderung" in refused.text
    # a claim no longer open is not offered, but a stored answer keeps naming it
    owed.status = Claim.Status.PAID
    owed.save(update_fields=["status"])
    assert forderung.claim_options({}, citizen) == []
    kept = forderung.claim_options({"forderung": f"forderung-{owed.pk}"}, citizen)
    assert [o.key for o in kept] == [f"forderung-{owed.pk}"]
    assert forderung.claim_options({"forderung": f"forderung-{owed.pk}"}, other_citizen) == []


@time_machine.travel(TODAY, tick=False)
def test_another_citizens_claim_is_an_invalid_choice(client, owed, other_citizen):
    draft = draft_start(user=other_citizen, form=registry.get_form("forderung"))
    login(client, other_citizen)
    page = reverse("formengine:page", args=[draft.public_id, "antrag"])
    assert owed.bescheid.reference not in client.get(page).content.decode()
    response = client.post(page, {"forderung": f"forderung-{owed.pk}", "fd_wunsch": "stundung",
                                  "fd_stundung_bis": "2027-06-30", "_action": "next",
                                  "_version": draft.version})
    assert response.status_code in (200, 400)
    draft.refresh_from_db()
    assert draft.answers.get("forderung") != f"forderung-{owed.pk}"


# --- the outcomes ------------------------------------------------------------------------


@time_machine.travel(TODAY, tick=False)
def test_partial_erlass_with_four_eyes_lowers_the_balance_and_the_aufrechnung_goes_on(
        owed, citizen, caseworker, approver, django_capture_on_commit_callbacks):
    owed.offset_from, owed.offset_until = JAN, dt.date(2029, 12, 1)
    owed.save(update_fields=["offset_from", "offset_until"])
    case = _submit(citizen, _answers(owed), django_capture_on_commit_callbacks)
    assert case.case_type.key == "forderung"
    facts = dict(forderung.staff_facts(case))
    assert facts["Beantragt"] == "Erlass eines Teils: 200,00 €"
    assert facts["Noch offen"] == "500,00 €" and facts["Betrag der Forderung"] == "500,00 €"
    assert facts["Aufrechnung (§ 43 SGB II)"] == "ab Januar 2027, längstens bis Dezember 2029"
    assert facts["Stundung"] == "keine" and facts["Ratenzahlung"] == "keine"
    assert facts["Einnahmen abzüglich fester Ausgaben (laut Antrag)"] == "50,00 €"
    # reasons are required for every outcome (§ 35 SGB X: Ermessen)
    with pytest.raises(AnliegenError, match="begründen Sie die Entscheidung"):
        services.anliegen_decide(case=case, actor=caseworker, outcome_key="erlass",
                                 amount=D("200.00"))
    with pytest.raises(AnliegenError, match="höher als der offene Betrag"):
        services.anliegen_decide(case=case, actor=caseworker, outcome_key="erlass",
                                 amount=D("600.00"), reasons="Krank.")
    issued = _issue(case, caseworker, django_capture_on_commit_callbacks,
                    outcome_key="erlass", amount=D("200.00"),
                    reasons=str(forderung.ERLASS_TEMPLATES[0]))
    # an Erlass always waits for a second person; nothing changed before
    assert issued.status == Decision.Status.AWAITING_APPROVAL and issued.requires_four_eyes
    assert balance(owed) == D("500.00")
    with pytest.raises(decisions.DecisionError):
        decisions.decision_approve(decision=issued, actor=caseworker)
    with django_capture_on_commit_callbacks(execute=True):
        issued = decisions.decision_approve(decision=issued, actor=approver)
    ref = owed.bescheid.reference
    assert letters.title(issued) == "Erlass einer Forderung"
    assert letters.paragraphs(issued) == [
        "auf Ihren Antrag vom 04.12.2026 erlassen wir " + CLAIM_WORDS.format(ref=ref)
        + ", einen Teil von 200,00 € (§ 44 SGB II). Es bleiben 300,00 € zu zahlen.",
        "Die Aufrechnung dieser Forderung mit Ihren laufenden Leistungen (seit Januar 2027) "
        "läuft für den restlichen Betrag weiter: Wir behalten jeden Monat den Betrag ein, den "
        "wir Ihnen in der Aufrechnung mitgeteilt haben, im letzten Monat nur noch den Rest, "
        "bis die Forderung getilgt ist. Für den restlichen Betrag können Sie auch Stundung "
        "oder Ratenzahlung beantragen. Der Erlass des Teilbetrags ist endgültig.",
        "Wir dürfen Ansprüche erlassen, wenn deren Einziehung nach Lage des einzelnen Falles "
        "unbillig wäre (§ 44 SGB II). Das ist nach Ihren Angaben zu Ihrer wirtschaftlichen "
        "Lage im erlassenen Umfang der Fall; unsere Erwägungen stehen in der Begründung.",
    ]
    text = _pdf_text(issued, "erlass_teil")
    assert "Erlass einer Forderung" in text and "unbillig wäre (§ 44 SGB II)" in text
    assert "Begründung" in text and "Existenz gefährden" in text
    assert "Rechtsbehelfsbelehrung" in text and "Widerspruch" in text
    owed.refresh_from_db()
    entry = ClaimEntry.objects.get(claim=owed, kind=ClaimEntry.Kind.REMISSION)
    assert (entry.amount, entry.recorded_by, entry.approved_by, entry.decision_id) == (
        D("200.00"), caseworker, approver, issued.pk)
    assert balance(owed) == D("300.00") and owed.status == Claim.Status.OPEN
    # the rest is still owed: the declared Aufrechnung goes on (§ 39 Abs. 2 SGB X)
    assert (owed.offset_from, owed.offset_until) == (JAN, dt.date(2029, 12, 1))
    # the event delivered twice remits nothing twice
    assert handlers.on_kind_erlassen(decision_id=issued.pk) is False
    assert ClaimEntry.objects.filter(claim=owed).count() == 1
    # the monthly run of January offsets 30 % of the Regelbedarf against the 300,00 € left
    run_execute(run_start(jobcenter=owed.jobcenter, kind="monatlich", month=JAN).pk)
    offset = ClaimEntry.objects.get(kind=ClaimEntry.Kind.OFFSET)
    assert (offset.month, offset.amount) == (JAN, D("168.90"))
    assert Payment.objects.get(month=JAN).amount == D("731.10")
    assert balance(owed) == D("131.10")


@time_machine.travel(TODAY, tick=False)
def test_full_erlass_closes_the_claim_and_the_citizen_reads_it(
        client, owed, citizen, caseworker, approver, django_capture_on_commit_callbacks):
    case = _submit(citizen, _answers(owed, fd_erlass_umfang="ganz"),
                   django_capture_on_commit_callbacks)
    assert dict(forderung.staff_facts(case))["Beantragt"] == "Erlass der ganzen offenen Forderung"
    issued = _issue(case, caseworker, django_capture_on_commit_callbacks, approver,
                    outcome_key="erlass", amount=D("500.00"), reasons="Dauerhaft krank.")
    assert letters.paragraphs(issued)[:2] == [
        "auf Ihren Antrag vom 04.12.2026 erlassen wir "
        + CLAIM_WORDS.format(ref=owed.bescheid.reference)
        + ", ganz: den offenen Betrag von 500,00 € (§ 44 SGB II).",
        "Sie müssen darauf nichts mehr zahlen, und wir behalten dafür nichts mehr von Ihren "
        "Leistungen ein. Der Erlass ist endgültig.",
    ]
    owed.refresh_from_db()
    assert owed.status == Claim.Status.REMITTED and balance(owed) == 0
    assert instalment_schedule(owed, balance(owed)) == []
    login(client, citizen)
    html = client.get(reverse("zahlungen_citizen:list")).content.decode()
    assert "Wir haben Ihnen die Forderung erlassen." in html
    assert "Erlass (§ 44 SGB II)" in html
    assert "Stundung, Ratenzahlung oder Erlass beantragen" not in html  # nothing open


@time_machine.travel(TODAY, tick=False)
def test_stundung_pauses_aufrechnung_and_instalments_until_the_day(
        owed, citizen, caseworker, django_capture_on_commit_callbacks):
    owed.offset_from, owed.offset_until = JAN, dt.date(2029, 12, 1)
    owed.instalment_amount, owed.instalment_start = D("100.00"), dt.date(2026, 12, 15)
    owed.save(update_fields=["offset_from", "offset_until", "instalment_amount",
                             "instalment_start"])
    case = _submit(citizen, _answers(owed, fd_wunsch="stundung",
                                     fd_stundung_bis="2027-01-31"),
                   django_capture_on_commit_callbacks)
    assert dict(forderung.staff_facts(case))["Beantragt"] == "Stundung bis 31.01.2027"
    with pytest.raises(AnliegenError, match="Tag in der Zukunft"):
        services.anliegen_decide(case=case, actor=caseworker, outcome_key="stundung",
                                 reasons="Krank.", day=dt.date(2026, 12, 4))
    issued = _issue(case, caseworker, django_capture_on_commit_callbacks,
                    outcome_key="stundung", day=dt.date(2027, 1, 31),
                    reasons=str(forderung.STUNDUNG_TEMPLATES[0]))
    assert issued.status != Decision.Status.AWAITING_APPROVAL  # issued without a second person
    assert letters.title(issued) == "Stundung einer Forderung"
    assert letters.paragraphs(issued) == [
        "auf Ihren Antrag vom 04.12.2026 stunden wir "
        + CLAIM_WORDS.format(ref=owed.bescheid.reference) + ", bis zum 31.01.2027.",
        "Bis zu diesem Tag verlangen wir keine Zahlung auf diese Forderung: keine Raten und "
        "keine Aufrechnung mit Ihren laufenden Leistungen. Danach ist der offene Betrag wieder "
        "zu zahlen, wie es vorher galt.",
        "Wir dürfen eine Forderung stunden, wenn ihre sofortige Einziehung mit erheblichen "
        "Härten für Sie verbunden wäre und die Forderung durch die Stundung nicht gefährdet "
        "wird (§ 59 Abs. 1 Satz 1 Nr. 1 Bundeshaushaltsordnung). Das ist nach Ihren Angaben zu "
        "Ihrer wirtschaftlichen Lage bis zu diesem Tag der Fall; unsere Erwägungen stehen in "
        "der Begründung.",
    ]
    text = _pdf_text(issued, "stundung")
    assert "Bundeshaushaltsordnung" in text and "Rechtsbehelfsbelehrung" in text
    owed.refresh_from_db()
    assert owed.deferred_until == dt.date(2027, 1, 31)
    assert owed.deferral_reason == f"Bescheid Nr. {issued.reference}"
    # no instalment falls due while deferred: the first one after the day
    assert instalment_schedule(owed, balance(owed))[0] == (dt.date(2027, 2, 15), D("100.00"))
    # the run respects it: January is not offset, February is again
    run_execute(run_start(jobcenter=owed.jobcenter, kind="monatlich", month=JAN).pk)
    assert Payment.objects.get(month=JAN).amount == D("900.00")
    with time_machine.travel(dt.datetime(2027, 1, 20, 9), tick=False):
        run_execute(run_start(jobcenter=owed.jobcenter, kind="monatlich", month=FEB).pk)
    assert ClaimEntry.objects.get(kind=ClaimEntry.Kind.OFFSET).month == FEB
    assert handlers.on_kind_erlassen(decision_id=issued.pk) is False  # once


@time_machine.travel(TODAY, tick=False)
def test_ratenzahlung_sets_the_instalments(owed, citizen, caseworker,
                                          django_capture_on_commit_callbacks):
    case = _submit(citizen, _answers(owed, fd_wunsch="raten", fd_rate="120.00"),
                   django_capture_on_commit_callbacks)
    assert dict(forderung.staff_facts(case))["Beantragt"] == "Ratenzahlung: 120,00 € im Monat"
    issued = _issue(case, caseworker, django_capture_on_commit_callbacks,
                    outcome_key="raten", amount=D("120.00"), day=dt.date(2027, 1, 15),
                    reasons="Die Raten sind nach Ihren Angaben tragbar.")
    assert letters.title(issued) == "Ratenzahlung einer Forderung"
    ref = owed.bescheid.reference
    assert letters.paragraphs(issued) == [
        "auf Ihren Antrag vom 04.12.2026 können Sie " + CLAIM_WORDS.format(ref=ref)
        + ", in monatlichen Raten von 120,00 € zahlen. Die erste Rate ist am 15.01.2027 "
        "fällig, jede weitere am selben Tag der folgenden Monate.",
        "Mit 5 Raten ist die Forderung voraussichtlich am 15.05.2027 getilgt; die letzte Rate "
        "ist dann der Rest.",
        f"Bitte geben Sie bei jeder Überweisung die Bescheid-Nr. {ref} an. Sie können "
        "jederzeit mehr zahlen oder den Rest auf einmal begleichen.",
        "Die Ratenzahlung ist eine Stundung in Teilbeträgen. Wir dürfen sie gewähren, wenn die "
        "sofortige Einziehung des ganzen Betrags mit erheblichen Härten für Sie verbunden wäre "
        "und die Forderung durch die Raten nicht gefährdet wird (§ 59 Abs. 1 Satz 1 Nr. 1 "
        "Bundeshaushaltsordnung); unsere Erwägungen stehen in der Begründung.",
    ]
    _pdf_text(issued, "raten")
    owed.refresh_from_db()
    assert (owed.instalment_amount, owed.instalment_start) == (D("120.00"),
                                                               dt.date(2027, 1, 15))
    schedule = instalment_schedule(owed, balance(owed))
    assert len(schedule) == 5 and schedule[-1] == (dt.date(2027, 5, 15), D("20.00"))


@time_machine.travel(TODAY, tick=False)
def test_refusal_of_an_erlass_is_a_verwaltungsakt_and_changes_nothing(
        owed, citizen, caseworker, approver, django_capture_on_commit_callbacks):
    case = _submit(citizen, _answers(owed), django_capture_on_commit_callbacks)
    issued = _issue(case, caseworker, django_capture_on_commit_callbacks, approver,
                    outcome_key="ablehnung", reasons=str(forderung.REFUSAL_TEMPLATES[0]))
    assert letters.title(issued) == "Ablehnung von Stundung, Ratenzahlung oder Erlass"
    assert letters.paragraphs(issued) == [
        "Ihren Antrag vom 04.12.2026 auf Erlass für "
        + CLAIM_WORDS.format(ref=owed.bescheid.reference)
        + ", lehnen wir ab (§ 44 SGB II). Die Gründe stehen unten.",
        "Die Forderung bleibt bestehen. Es gilt weiter, was wir Ihnen zu ihr mitgeteilt haben.",
    ]
    text = _pdf_text(issued, "ablehnung")
    assert "Rechtsbehelfsbelehrung" in text and "Widerspruch" in text
    assert "keine unbillige Härte" in text or "unbillige Härte liegt daher nicht vor" in text
    owed.refresh_from_db()
    assert balance(owed) == D("500.00") and owed.status == Claim.Status.OPEN
    assert not ClaimEntry.objects.exists()


@time_machine.travel(TODAY, tick=False)
def test_a_claim_no_longer_open_is_stopped_before_the_bescheid(
        owed, citizen, caseworker, django_capture_on_commit_callbacks):
    case = _submit(citizen, _answers(owed), django_capture_on_commit_callbacks)
    owed.status = Claim.Status.WRITTEN_OFF
    owed.save(update_fields=["status"])
    with pytest.raises(AnliegenError, match="nicht mehr offen"):
        services.anliegen_decide(case=case, actor=caseworker, outcome_key="erlass",
                                 amount=D("100.00"), reasons="x")


def test_partial_erlass_without_an_aufrechnung_names_stundung_and_ratenzahlung():
    """Without a declared Aufrechnung the letter promises none; German and English."""
    from django.utils import translation

    from jobcenter.anliegen.registry import Letter

    letter = Letter(received=dt.date(2026, 12, 4), answers={}, amount=D("200.00"),
                    extra={"number": "JC-1-B1", "bescheid_date": "2026-12-04",
                           "total": "500.00", "left": "500.00", "offset_from": ""})
    assert forderung._erlass(letter)[1] == (
        "Für den restlichen Betrag können Sie Stundung oder Ratenzahlung beantragen. Der Erlass "
        "des Teilbetrags ist endgültig.")
    with translation.override("en"):
        english = forderung._erlass(letter)[1]
        with_offset = forderung._erlass(Letter(
            received=letter.received, answers={}, amount=letter.amount,
            extra={**letter.extra, "offset_from": "2027-01-01"}))[1]
    assert english == ("For the remaining amount you may apply for deferral or payment in "
                       "instalments. The waiver of the partial amount is final.")
    assert with_offset.startswith("The offsetting of this claim against your current "
                                  "benefits (since ")
    assert "continues for the remaining amount" in with_offset


def test_claim_remit_needs_a_second_person_with_the_right(owed, caseworker, approver):
    bescheid = owed.bescheid
    with pytest.raises(ClaimError, match="andere Person"):
        claim_remit(claim=owed, amount=D("10"), decision=bescheid, requested_by=caseworker,
                    approved_by=caseworker)
    with pytest.raises(ClaimError, match="nicht freigeben"):
        claim_remit(claim=owed, amount=D("10"), decision=bescheid, requested_by=caseworker,
                    approved_by=StaffFactory(jobcenter=owed.jobcenter, role=Role.VERMITTLUNG))
    # the database refuses an Erlass without a second person, whatever the code
    with pytest.raises(IntegrityError):
        ClaimEntry.objects.create(claim=owed, kind=ClaimEntry.Kind.REMISSION,
                                  booked_on=dt.date(2026, 12, 4), amount=D("10"),
                                  recorded_by=caseworker, approved_by=caseworker,
                                  decision=bescheid)


# --- three actors and paper ----------------------------------------------------------------


@time_machine.travel(TODAY, tick=False)
def test_three_actors(client, owed, citizen, other_citizen, caseworker, other_caseworker,
                      django_capture_on_commit_callbacks):
    case = _submit(citizen, _answers(owed), django_capture_on_commit_callbacks)
    # the citizen's payments page links the concern from the open claim
    login(client, citizen)
    html = client.get(reverse("zahlungen_citizen:list")).content.decode()
    assert "Stundung, Ratenzahlung oder Erlass beantragen" in html
    assert reverse("formengine:start", kwargs={"form_key": "forderung"}) in html
    client.logout()
    login(client, other_citizen)
    assert owed.bescheid.reference not in client.get(
        reverse("zahlungen_citizen:list")).content.decode()
    client.logout()
    login(client, other_caseworker)
    page = reverse("anliegen:decide", kwargs={"pk": case.pk})
    assert client.get(page).status_code in (403, 404)
    assert client.post(page, {"outcome": "erlass", "amount": "200,00",
                              "reasons": "x"}).status_code in (403, 404)
    with pytest.raises(AnliegenError):
        services.anliegen_decide(case=case, actor=other_caseworker, outcome_key="erlass",
                                 amount=D("200.00"), reasons="x")
    assert not case.decisions.exists()
    client.logout()
    login(client, caseworker)
    html = client.get(page).content.decode()
    assert "Erlass gewähren (ganz oder teilweise)" in html and "Noch offen" in html
    assert reverse("zahlungen:claim", kwargs={"pk": owed.pk}) in html
    # the decide form without JavaScript: a missing day names the field
    response = client.post(page, {"outcome": "stundung", "reasons": "Krank."})
    assert response.status_code == 400
    assert "Bitte geben Sie den Tag an: Gestundet bis." in response.content.decode()
    response = client.post(page, {"outcome": "stundung", "reasons": "Krank.",
                                  "day": "2027-03-31"})
    assert response.status_code == 302
    draft = case.decisions.get()
    assert draft.snapshot["letter"]["extra"]["tag"] == "2027-03-31"


@time_machine.travel(TODAY, tick=False)
def test_paper_entry_offers_only_the_persons_claims(client, owed, citizen, other_citizen,
                                                    caseworker,
                                                    django_capture_on_commit_callbacks):
    from tests.anliegen.test_paper import erfassen
    from tests.antraege.test_paper_entry import begin, entry_of

    theirs = _claim(Person.objects.get(user=other_citizen), helpers.issue(
        Membership.objects.get(person__user=other_citizen).bedarfsgemeinschaft,
        Person.objects.get(user=other_citizen), months=[], amounts={"P1": "0"},
        type_key="aufhebung"))
    login(client, caseworker)
    entry = entry_of(begin(client, Person.objects.get(user=citizen), "forderung"))
    html = client.get(reverse("paper:page", args=[entry.public_id, "antrag"])
                      ).content.decode()
    assert owed.bescheid.reference in html and theirs.bescheid.reference not in html
    answers = {"forderung": f"forderung-{owed.pk}", "fd_wunsch": "raten", "fd_rate": "50.00",
               "fd_grund": "Rente reicht kaum."}
    case = erfassen(client, entry, answers, django_capture_on_commit_callbacks)
    assert case.case_type.key == "forderung"
    assert dict(forderung.staff_facts(case))["Noch offen"] == "500,00 €"


@time_machine.travel(TODAY, tick=False)
def test_the_choice_reads_a_fixed_number_of_queries(owed, citizen,
                                                    django_assert_max_num_queries):
    person = Person.objects.get(user=citizen)
    bg = Membership.objects.get(person=person).bedarfsgemeinschaft
    for _ in range(3):  # three more claims: the options still cost the same queries
        _claim(person, helpers.issue(bg, person, months=[], amounts={"P1": "0"},
                                     type_key="aufhebung"))
    with django_assert_max_num_queries(3):
        options = forderung.claim_options({}, citizen)
    assert len(options) == 4
