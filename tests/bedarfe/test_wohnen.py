"""The housing concerns of § 22 SGB II (issue 17): the Zusicherung before moving out under 25
(Abs. 5), the Übernahme of rent or energy debts as a loan paid to the landlord or supplier
(Abs. 8), the Wohnungsbeschaffungskosten (Abs. 6, an option of ``umzug``) and the
Genossenschaftsanteile (Abs. 6 Satz 3, an option of ``mietkaution``): forms that ask only
what applies and explain when they do not apply, the staff facts, golden letters citing the
norm, the loan claim, the payment to the landlord, and three actors."""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from jobcenter.anliegen import registry, services
from jobcenter.anliegen.letters import letter_of
from jobcenter.bedarfe import wohnen
from jobcenter.decisions import services as decisions
from jobcenter.decisions.documents import bescheid_data
from jobcenter.decisions.models import DeliveryPreference
from jobcenter.formengine import engine
from jobcenter.formengine import registry as forms
from jobcenter.households.models import Person
from jobcenter.zahlungen.models import Claim, Payment
from jobcenter.zahlungen.services import run_execute, run_start
from tests.bedarfe.conftest import ANSWERS, future, young
from tests.conftest import login
from tests.zahlungen import helpers
from tests.zahlungen.sepa_check import assert_valid

pytestmark = pytest.mark.django_db

LANDLORD = "Wohnbau Alpha GmbH"
LANDLORD_IBAN = "DE89370400440532013000"


def _issue(case, actor, outcome, capture, **kwargs):
    draft = services.anliegen_decide(case=case, actor=actor, outcome_key=outcome, **kwargs)
    with capture(execute=True):  # the outbox publishes decisions.kind_erlassen
        return decisions.decision_finalize(decision=draft, actor=actor)


def _text(decision) -> str:
    return " ".join(bescheid_data(decision)["paragraphs"]).replace("\xa0", " ")


def _save_pdf(decision, variable):
    if os.environ.get(variable):  # for looking at it: pdftoppm -png -r 80
        from jobcenter.decisions.documents import bescheid_pdf

        with open(os.environ[variable], "wb") as out:
            out.write(bescheid_pdf(decision))


def _rule_messages(form_key, answers):
    """The problems of stored answers by question (the uploads left aside: the answers of
    ``ANSWERS`` name them only as "FILE")."""
    form = forms.get_form(form_key)
    files = {q for q, question in form.questions.items() if question.type == "file"}
    found: dict[str, list[str]] = {}
    for errors in engine.check_answers(form, answers).values():
        for error in errors:
            if error.name not in files:
                found.setdefault(error.name, []).append(error.message)
    return found


def _asked(form_key, answers) -> set[str]:
    evaluation = engine.evaluate(forms.get_form(form_key), answers)
    return {q.id for questions in evaluation.questions.values() for q in questions}


def test_both_concerns_are_in_the_catalogue_with_their_case_type():
    from jobcenter.casefiles.models import CaseType

    for concern in wohnen.CONCERNS:
        assert registry.get(concern.key) is concern and concern.group == "wohnen"
        assert forms.get_form(concern.key) is not None
        row = CaseType.objects.entry(concern.case_type)
        assert row is not None and row.processing_days == concern.processing_days
        assert concern.outcome("ablehnung").reasons_required
    assert forms.start_check("auszug_u25", None) is None  # nobody signed in: the form decides


# --- Auszug unter 25 (§ 22 Abs. 5 SGB II) --------------------------------------------------


def test_auszug_u25_is_only_offered_under_25(client, citizen):
    login(client, citizen)  # Alice is 41 by her record
    check = forms.start_check("auszug_u25", citizen)
    assert check is not None and not check.allowed
    assert "Sie sind 25 Jahre oder älter" in check.text
    assert {str(k): v for k, v in check.links}["Zusicherung zum Umzug beantragen"] == \
        reverse("formengine:start", kwargs={"form_key": "umzug"})
    response = client.get(reverse("formengine:start", kwargs={"form_key": "auszug_u25"}))
    assert "Sie sind 25 Jahre oder älter" in response.content.decode()
    young(Person.objects.get(user=citizen))
    assert forms.start_check("auszug_u25", type(citizen).objects.get(pk=citizen.pk)) is None


def test_auszug_u25_form_explains_when_it_does_not_apply():
    answers = ANSWERS["auszug_u25"]()
    assert _rule_messages("auszug_u25", answers) == {}
    today = timezone.localdate()
    # 25 on the move-in day: the Umzug applies, not § 22 Abs. 5
    older = {**answers, "geburtsdatum": today.replace(year=today.year - 25).isoformat(),
             "einzug_datum": future(10)}
    assert _rule_messages("auszug_u25", older)["geburtsdatum"] == [
        "Am Tag des Einzugs sind Sie 25 Jahre oder älter. Dann brauchen Sie diese Zusicherung "
        "nicht: Für die neue Wohnung beantragen Sie bitte die Zusicherung zum Umzug."]
    # turning 25 the day after moving in: still under 25 on the day
    turning = today.replace(year=today.year - 25) + dt.timedelta(days=11)
    assert "geburtsdatum" not in _rule_messages(
        "auszug_u25", {**older, "geburtsdatum": turning.isoformat()})
    not_parents = _rule_messages("auszug_u25", {**answers, "bei_eltern": False})
    assert not_parents["bei_eltern"][0].startswith(
        "Diese Zusicherung betrifft den Auszug aus der Wohnung der Eltern.")
    past = {**answers, "einzug_datum": (today - dt.timedelta(days=3)).isoformat()}
    assert "einzug_datum" in _rule_messages("auszug_u25", past)
    # moved out already (§ 22 Abs. 5 Satz 3): a past day is right, and the form asks why
    moved = {**past, "bereits_ausgezogen": True, "unzumutbar_text": "Gewalt zu Hause."}
    assert _rule_messages("auszug_u25", moved) == {}
    assert "unzumutbar_text" in _asked("auszug_u25", moved)
    assert "unzumutbar_text" not in _asked("auszug_u25", answers)


def test_auszug_u25_staff_facts_and_the_rent_check(citizen, submit, limits):
    young(Person.objects.get(user=citizen), years=22)
    _submission, case = submit(citizen, "auszug_u25", leistungsbezug=False)
    rows = dict(registry.get("auszug_u25").staff_facts(case))
    assert rows["Alter am Tag des Einzugs"].startswith("22 Jahre; 25 Jahre alt am ")
    assert rows["Genannter Grund"] == (
        "zur Eingliederung in den Arbeitsmarkt erforderlich (§ 22 Abs. 5 Satz 2 Nr. 2 SGB II)")
    assert "§ 22 Abs. 5 Satz 4 SGB II" in rows["Noch kein Leistungsbezug"]
    # 1 person: 470 € + 60 € against the demo limit 520 € + 95 €
    assert rows["Ergebnis der Vorprüfung"].startswith("angemessen")


def test_auszug_u25_zusicherung_golden_letter(citizen, caseworker, submit, limits,
                                               django_capture_on_commit_callbacks):
    young(Person.objects.get(user=citizen))
    decisions.delivery_preference_set(user=citizen, channel=DeliveryPreference.Channel.ONLINE)
    _submission, case = submit(citizen, "auszug_u25")
    issued = _issue(case, caseworker, "zusicherung_arbeit", django_capture_on_commit_callbacks)
    data = bescheid_data(issued)
    assert data["title"] == "Zusicherung zu den Kosten der Unterkunft nach dem Auszug"
    move_in = dt.date.fromisoformat(case.data["einzug_datum"]).strftime("%d.%m.%Y")
    received = timezone.localdate(case.received_at).strftime("%d.%m.%Y")
    assert [p.replace("\xa0", " ") for p in data["paragraphs"]] == [
        "Guten Tag Alice Adler,",
        f"auf Ihren Antrag vom {received} sichern wir Ihnen zu, nach Ihrem Auszug aus der "
        "Wohnung Ihrer Eltern die Bedarfe für Unterkunft und Heizung der Wohnung Lindenweg 4, "
        f"11111 Alphastadt (Einzug am {move_in}) anzuerkennen: Bruttokaltmiete 470,00 € und "
        "Heizkosten 60,00 € im Monat (§ 22 Abs. 4 und Abs. 5 Satz 1 SGB II).",
        "Wir sind zu dieser Zusicherung verpflichtet, weil der Bezug der Wohnung zur "
        "Eingliederung in den Arbeitsmarkt erforderlich ist (§ 22 Abs. 5 Satz 2 Nr. 2 SGB II).",
        "Die Zusicherung gilt für diese Wohnung zu diesen Kosten; ändern sich die Kosten vor "
        "Vertragsschluss, fragen Sie uns bitte erneut.",
        "Umzugskosten, Wohnungsbeschaffungskosten und eine Mietkaution sind damit nicht "
        "zugesichert; sie beantragen Sie bitte gesondert (§ 22 Abs. 6 SGB II).",
        "Bitte teilen Sie uns den Umzug mit einer Veränderungsmitteilung mit, sobald Sie "
        "eingezogen sind, und reichen Sie den unterschriebenen Mietvertrag ein; wir berechnen "
        "Ihre Leistungen dann neu.",
    ]
    assert data["rechtsbehelf"][0].startswith("Gegen diesen Bescheid können Sie")
    assert not Claim.objects.filter(bescheid=issued).exists()  # a Zusicherung pays nothing
    _save_pdf(issued, "WOHNEN_U25_PDF")


def test_auszug_u25_after_moving_out_without_zusicherung(citizen, caseworker, submit):
    """§ 22 Abs. 5 Satz 3: the Zusicherung could not reasonably be obtained beforehand."""
    young(Person.objects.get(user=citizen))
    _submission, case = submit(citizen, "auszug_u25", bereits_ausgezogen=True,
                               unzumutbar_text="Ich musste wegen Gewalt sofort ausziehen.",
                               einzug_datum=(timezone.localdate() - dt.timedelta(days=5))
                               .isoformat(), auszug_grund="sozial")
    draft = services.anliegen_decide(case=case, actor=caseworker,
                                     outcome_key="zusicherung_sozial")
    text = registry.get("auszug_u25").outcome("zusicherung_sozial").paragraphs(
        letter_of(draft.snapshot["letter"]))
    assert "erkennen wir nach Ihrem Auszug aus der Wohnung Ihrer Eltern" in text[0]
    assert text[1] == ("Von der vorherigen Zusicherung sehen wir ab, weil es Ihnen aus "
                       "wichtigem Grund nicht zumutbar war, sie einzuholen (§ 22 Abs. 5 Satz 3 "
                       "SGB II).")
    assert "(§ 22 Abs. 5 Satz 2 Nr. 1 SGB II)" in text[2]
    assert not any("vor Vertragsschluss" in p for p in text)


def test_auszug_u25_refusal_names_the_consequences(citizen, caseworker, submit,
                                                   django_capture_on_commit_callbacks):
    young(Person.objects.get(user=citizen))
    _submission, case = submit(citizen, "auszug_u25")
    reason = str(registry.get("auszug_u25").outcome("ablehnung").reason_templates[0])
    issued = _issue(case, caseworker, "ablehnung", django_capture_on_commit_callbacks,
                    reasons=reason)
    assert issued.requires_four_eyes is not None
    data = bescheid_data(issued)
    assert data["title"] == "Ablehnung der Zusicherung vor dem Auszug"
    text = _text(issued)
    assert "auf Zusicherung vor dem Auszug aus der Wohnung Ihrer Eltern lehnen wir ab " \
           "(§ 22 Abs. 5 SGB II)" in text
    assert ("Ziehen Sie vor Ihrem 25. Geburtstag ohne Zusicherung aus, werden bis dahin keine "
            "Bedarfe für Unterkunft und Heizung anerkannt (§ 22 Abs. 5 Satz 1 SGB II), und es "
            "wird weiter nur der niedrigere Regelbedarf anerkannt (§ 20 Abs. 3 SGB II).") in text
    _save_pdf(issued, "WOHNEN_U25_ABLEHNUNG_PDF")


def test_no_u25_zusicherung_for_a_person_who_is_25_on_the_day(citizen, caseworker, submit):
    _submission, case = submit(citizen, "auszug_u25")  # Alice's record: 41 years
    with pytest.raises(services.AnliegenError, match="25 Jahre oder älter"):
        services.anliegen_decide(case=case, actor=caseworker, outcome_key="zusicherung_sozial")
    draft = services.anliegen_decide(case=case, actor=caseworker, outcome_key="ablehnung",
                                     reasons="Sie sind 25 Jahre alt.")
    assert draft.decision_type.key == registry.ABLEHNUNG


# --- Miet- und Energieschulden (§ 22 Abs. 8 SGB II) ----------------------------------------


@pytest.fixture
def paying(jobcenter, citizen):
    helpers.payer_account(jobcenter)
    helpers.bank_account(Person.objects.get(user=citizen), helpers.IBAN2)
    return jobcenter


def test_mietschulden_asks_only_for_the_documents_that_apply():
    answers = ANSWERS["mietschulden"]()
    visible = _asked("mietschulden", answers)
    assert {"mahnung", "kuendigung"} <= visible and "sperrandrohung" not in visible
    power = {**answers, "schulden_art": "strom", "bedrohung": "sperrandrohung"}
    visible = _asked("mietschulden", power)
    assert "sperrandrohung" in visible and "kuendigung" not in visible
    assert "vermoegen_betrag" not in visible
    savings = {**answers, "vermoegen": True, "vermoegen_betrag": "1260.00"}
    assert _rule_messages("mietschulden", savings)["vermoegen_betrag"] == [
        "Wenn Ihr Erspartes die ganzen Schulden deckt, übernimmt das Jobcenter sie nicht "
        "(§ 22 Abs. 8 Satz 3 SGB II). Bitte prüfen Sie die Beträge."]


def test_mietschulden_loan_is_paid_to_the_landlord_and_becomes_the_claim(
        paying, citizen, caseworker, submit, django_capture_on_commit_callbacks):
    decisions.delivery_preference_set(user=citizen, channel=DeliveryPreference.Channel.ONLINE)
    submission, case = submit(citizen, "mietschulden")
    assert {a.title for a in submission.attachments.all()} == {"mahnung.png", "kuendigung.png"}
    rows = dict(registry.get("mietschulden").staff_facts(case))
    assert rows["Art der Schulden"] == "Mietschulden – Sicherung der Unterkunft"
    assert rows["Es droht"] == "Kündigung der Wohnung"
    assert rows["Beantragt"] == "1.260,00 €"
    issued = _issue(case, caseworker, "bewilligung", django_capture_on_commit_callbacks,
                    amount=Decimal("1260.00"), payee_name=LANDLORD, payee_iban=LANDLORD_IBAN)
    data = bescheid_data(issued)
    assert data["title"] == "Übernahme von Schulden als Darlehen"
    received = timezone.localdate(case.received_at).strftime("%d.%m.%Y")
    paragraphs = [p.replace("\xa0", " ") for p in data["paragraphs"]]
    assert paragraphs[:4] == [
        "Guten Tag Alice Adler,",
        f"auf Ihren Antrag vom {received} übernehmen wir Ihre Mietschulden in Höhe von "
        "1.260,00 € als Darlehen (§ 22 Abs. 8 Satz 4 SGB II).",
        "Die Übernahme ist gerechtfertigt und notwendig, um Ihre Unterkunft zu sichern "
        "(§ 22 Abs. 8 Satz 1 und 2 SGB II).",
        "Wir zahlen den Betrag direkt an Wohnbau Alpha GmbH. Im Verwendungszweck steht Ihre "
        "Kunden- oder Vertragsnummer MV-4711.",
    ]
    assert "hiermit erklären wir diese Aufrechnung (§ 42a Abs. 2 SGB II)" in paragraphs[4]
    assert "(§ 22 Abs. 7 SGB II)" in paragraphs[5]
    _save_pdf(issued, "WOHNEN_SCHULDEN_PDF")
    (claim,) = Claim.objects.filter(bescheid=issued)
    assert claim.rechtsgrundlage == "§ 22 Abs. 8 Satz 4, § 42a SGB II"
    assert claim.basis == Claim.Basis.FIVE and claim.amount == Decimal("1260.00")
    run = run_execute(run_start(jobcenter=paying, kind="taeglich").pk)
    (payment,) = Payment.objects.filter(run=run)
    assert (payment.recipient_name, payment.iban) == (LANDLORD, LANDLORD_IBAN)
    assert payment.purpose.startswith(
        "MV-4711 Mietschulden oder Energieschulden: Kündigung oder Sperre abwenden "
        "Bescheid-Nr. ")
    assert_valid(run)


def test_stromschulden_as_zuschuss_need_the_reason_and_make_no_claim(
        citizen, caseworker, submit, django_capture_on_commit_callbacks):
    _submission, case = submit(citizen, "mietschulden", schulden_art="strom",
                               bedrohung="gesperrt", sperrandrohung="FILE", kuendigung=None)
    with pytest.raises(services.AnliegenError, match="was Sie entschieden haben"):
        services.anliegen_decide(case=case, actor=caseworker, outcome_key="zuschuss",
                                 amount=Decimal("400"), payee_name="Stadtwerke Alpha",
                                 payee_iban=LANDLORD_IBAN)
    issued = _issue(case, caseworker, "zuschuss", django_capture_on_commit_callbacks,
                    amount=Decimal("400.00"), payee_name="Stadtwerke Alpha",
                    payee_iban=LANDLORD_IBAN,
                    details="Die Schulden sind durch unsere verspätete Zahlung entstanden.")
    text = _text(issued)
    assert "übernehmen wir Ihre Stromschulden in Höhe von 400,00 € als Zuschuss" in text
    assert "die Sperre Ihrer Stromversorgung (§ 22 Abs. 8 Satz 1 SGB II)" in text
    assert ("Geldleistungen für Schulden sollen als Darlehen erbracht werden (§ 22 Abs. 8 "
            "Satz 4 SGB II). Davon weichen wir hier ab: Die Schulden sind durch unsere "
            "verspätete Zahlung entstanden.") in text
    assert "direkt an Stadtwerke Alpha" in text and "Aufrechnung" not in text
    assert not Claim.objects.filter(bescheid=issued).exists()


def test_mietschulden_refusal_cites_the_norm(citizen, caseworker, submit):
    _submission, case = submit(citizen, "mietschulden")
    outcome = registry.get("mietschulden").outcome("ablehnung")
    reason = str(outcome.reason_templates[0])
    assert "§ 22 Abs. 8 Satz 3 SGB II" in reason
    draft = services.anliegen_decide(case=case, actor=caseworker, outcome_key="ablehnung",
                                     reasons=reason)
    assert draft.requires_four_eyes
    text = outcome.paragraphs(letter_of(draft.snapshot["letter"]))
    assert text[0].endswith("auf Übernahme von Schulden lehnen wir ab (§ 22 Abs. 8 SGB II). "
                            "Die Gründe stehen unten.")


# --- § 22 Abs. 6: Wohnungsbeschaffungskosten (umzug), Genossenschaftsanteile (mietkaution) -


def test_wohnungsbeschaffungskosten_with_the_move(citizen, caseworker, submit, limits):
    answers = {**ANSWERS["umzug"](), "umzug_antraege": ["wohnungsbeschaffung"],
               "beschaffung_arten": ["doppelmiete"], "beschaffung_text": "Ein Monat doppelt.",
               "beschaffung_betrag": "480.00", "beschaffung_nachweis": "FILE"}
    for key in ("umzug_art", "umzugskosten_betrag", "kostenvoranschlag"):
        answers.pop(key)
    visible = _asked("umzug", answers)
    assert "beschaffung_betrag" in visible and "umzugskosten_betrag" not in visible
    _submission, case = submit(citizen, "umzug", answers=answers)
    assert dict(registry.get("umzug").staff_facts(case)) == {
        "Wohnungs­beschaffungskosten beantragt": "480,00 €"}
    with pytest.raises(services.AnliegenError, match="Eine Zusicherung für die neue Wohnung"):
        services.anliegen_decide(case=case, actor=caseworker,
                                 outcome_key="zusicherung_umzugskosten", amount=Decimal("480"))
    draft = services.anliegen_decide(case=case, actor=caseworker, outcome_key="umzugskosten",
                                     amount=Decimal("480.00"))
    text = registry.get("umzug").outcome("umzugskosten").paragraphs(
        letter_of(draft.snapshot["letter"]))
    assert text[1].replace("\xa0", " ") == (
        "Wir sichern Ihnen zu, Wohnungsbeschaffungskosten in Höhe von bis zu 480,00 € als "
        "Bedarf anzuerkennen (§ 22 Abs. 6 Satz 1 SGB II). Bitte reichen Sie die Rechnungen "
        "oder Quittungen ein; gezahlt werden die nachgewiesenen Kosten bis zu diesem Betrag.")
    assert str(registry.get("umzug").outcome("umzugskosten").title) == (
        "Zusicherung zu den Kosten des Umzugs")


def test_genossenschaftsanteile_as_a_loan_to_the_cooperative(
        citizen, caseworker, submit, django_capture_on_commit_callbacks):
    answers = {**ANSWERS["mietkaution"](), "kaution_art": "genossenschaft",
               "anteile_betrag": "1500.00", "vermieter_name": "Wohnungsgenossenschaft Alpha eG"}
    answers.pop("kaution_betrag")
    visible = _asked("mietkaution", answers)
    assert "anteile_betrag" in visible and "kaution_betrag" not in visible
    _submission, case = submit(citizen, "mietkaution", answers=answers)
    assert dict(registry.get("mietkaution").staff_facts(case))["Beantragt"] == "1.500,00 €"
    with pytest.raises(services.AnliegenError, match="Beantragt sind Genossenschaftsanteile"):
        services.anliegen_decide(case=case, actor=caseworker, outcome_key="bewilligung",
                                 amount=Decimal("1500"), payee_name="Wohnungsgenossenschaft",
                                 payee_iban=LANDLORD_IBAN)
    issued = _issue(case, caseworker, "bewilligung_anteile", django_capture_on_commit_callbacks,
                    amount=Decimal("1500.00"), payee_name="Wohnungsgenossenschaft Alpha eG",
                    payee_iban=LANDLORD_IBAN)
    data = bescheid_data(issued)
    assert data["title"] == "Bewilligung eines Darlehens für Genossenschaftsanteile"
    text = _text(issued)
    assert ("übernehmen wir die Aufwendungen für den Erwerb der Genossenschaftsanteile für die "
            "Wohnung Lindenweg 4, 11111 Alphastadt als Darlehen in Höhe von 1.500,00 € (§ 22 "
            "Abs. 6 Satz 1 und 3 SGB II).") in text
    assert "Zahlt die Genossenschaft die Anteile zurück" in text
    (claim,) = Claim.objects.filter(bescheid=issued)
    assert claim.rechtsgrundlage == "§ 22 Abs. 6 Satz 3, § 42a SGB II"
    _save_pdf(issued, "WOHNEN_ANTEILE_PDF")


# --- three actors ---------------------------------------------------------------------------


@pytest.mark.parametrize("form_key", ["auszug_u25", "mietschulden"])
def test_citizen_other_citizen_and_foreign_caseworker(client, citizen, other_citizen,
                                                      caseworker, other_caseworker, submit,
                                                      limits, form_key):
    young(Person.objects.get(user=citizen))
    submission, case = submit(citizen, form_key)
    page = reverse("antraege:detail", kwargs={"reference": submission.reference})
    login(client, citizen)
    assert client.get(page).status_code == 200
    client.logout()
    login(client, other_citizen)
    assert client.get(page).status_code == 404
    client.logout()
    staff_page = reverse("anliegen:decide", kwargs={"pk": case.pk})
    login(client, other_caseworker)
    assert client.get(staff_page).status_code in (403, 404)
    response = client.post(staff_page, {"outcome": "ablehnung", "reasons_text": "x"})
    assert response.status_code in (403, 404)
    assert not case.decisions.exists()
    client.logout()
    login(client, caseworker)
    response = client.get(staff_page)
    assert response.status_code == 200
    html = response.content.decode()
    if form_key == "auszug_u25":
        assert "Alter am Tag des Einzugs" in html and "Ergebnis der Vorprüfung" in html
    else:
        assert "Art der Schulden" in html and "Monatliche Aufrechnung" in html or \
            "Tilgung (§ 42a Abs. 2 SGB II)" in html
