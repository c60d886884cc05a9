"""Issue 17, the remaining needs concerns: the Mehrbedarf of § 21 Abs. 6 (laufend through the
calculation, einmalig with an amount) and Abs. 6a (Schulbücher), the Zuschuss zur Kranken-
und Pflegeversicherung (§ 26) and the Leistungen für Auszubildende (§ 27). Golden texts of
the issued letters, the checks that block a wrong outcome, what is paid once and what is
never paid as a one-off (a monthly amount staff set: a standing order, test_monatlich.py)."""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal

import pytest

from jobcenter.anliegen import registry, services
from jobcenter.decisions import services as decisions
from jobcenter.decisions.documents import bescheid_data, date_de
from jobcenter.decisions.models import Decision
from jobcenter.households.models import Person
from jobcenter.zahlungen.models import Claim, ManualPayment, StandingOrder
from tests.zahlungen import helpers

pytestmark = pytest.mark.django_db


def mehrbedarf(kind: str) -> dict:
    answers = {
        "haertefall": {
            "mehrbedarf_arten": ["haertefall"],
            "haertefall": [{"hf_person": "", "hf_bedarf": "Fahrten zu meinen Kindern nach Beta",
                            "hf_betrag": "85.00"}],
            "haertefall_nachweis": "FILE"},
        "einmalig": {
            "mehrbedarf_arten": ["einmalig"], "em_person": "",
            "em_bedarf": "Spezialmatratze wegen Neurodermitis", "em_betrag": "260.00",
            "em_kein_darlehen": "Ich zahle schon zwei Darlehen zurück.",
            "einmalig_nachweis": "FILE"},
        "schulbuecher": {
            "mehrbedarf_arten": ["schulbuecher"], "sb_kind": "Mia",
            "sb_schule": "Gymnasium Alphastadt, Klasse 11", "sb_betrag": "214.40",
            "schulbuecher_nachweis": "FILE"},
    }
    return answers[kind]


@pytest.fixture
def paying(jobcenter, citizen):
    helpers.payer_account(jobcenter)
    helpers.bank_account(Person.objects.get(user=citizen), helpers.IBAN2)
    return jobcenter


def issue(case, actor, outcome: str, capture, **kwargs) -> Decision:
    draft = services.anliegen_decide(case=case, actor=actor, outcome_key=outcome, **kwargs)
    with capture(execute=True):  # the outbox publishes decisions.kind_erlassen
        return decisions.decision_finalize(decision=draft, actor=actor)


def text_of(decision: Decision) -> list[str]:
    return [p.replace("\xa0", " ") for p in bescheid_data(decision)["paragraphs"]]


def save_pdf(decision: Decision, name: str) -> None:
    target = os.environ.get("BEDARFE_PDF_DIR")  # for looking at it: pdftoppm -png -r 80
    if target:
        from jobcenter.decisions.documents import bescheid_pdf

        with open(os.path.join(target, f"{name}.pdf"), "wb") as out:
            out.write(bescheid_pdf(decision))


# --- § 21 Abs. 6 laufend: through the calculation --------------------------------------------


def test_haertefall_reaches_the_calculation_as_unabweisbar(citizen, caseworker, submit):
    from jobcenter.decisions.services.calculation import calculation_for_case
    from tests.antraege.conftest import single_no_income

    submit(citizen, "hauptantrag", answers=single_no_income())
    submission, case = submit(citizen, "mehrbedarf", answers=mehrbedarf("haertefall"))
    wanted = {"art": "unabweisbar", "betrag": 85.0}
    assert wanted in submission.sgb2_request["personen"][0]["mehrbedarfe"]
    calculation = calculation_for_case(case=case, actor=caseworker)
    assert wanted in calculation.request["personen"][0]["mehrbedarfe"]
    lines = [p for p in calculation.result["positionen"] if p["art"] == "mehrbedarf_unabweisbar"]
    assert [(p["betrag"], p["rechtsgrundlage"]) for p in lines] == [(85.0, "§ 21 Abs. 6 SGB II")]
    rows = dict(registry.get("mehrbedarf").staff_facts(case))
    assert rows["Beantragt"] == "Laufender besonderer Bedarf (§ 21 Abs. 6 SGB II)"
    assert rows["Laufender besonderer Bedarf (antragstellende Person)"] == (
        "85,00 € im Monat: Fahrten zu meinen Kindern nach Beta")
    assert "Änderungsbescheid" in rows["Bewilligen"]
    # a one-off outcome is refused for a laufender Bedarf: it goes through the calculation
    with pytest.raises(services.AnliegenError, match="nicht beantragt"):
        services.anliegen_decide(case=case, actor=caseworker,
                                 outcome_key="bewilligung_einmalig", amount=Decimal("85"))


def test_one_off_needs_stay_out_of_the_monthly_state(citizen, submit):
    from tests.antraege.conftest import single_no_income

    submit(citizen, "hauptantrag", answers=single_no_income())
    for kind in ("einmalig", "schulbuecher"):
        submission, _case = submit(citizen, "mehrbedarf", answers=mehrbedarf(kind))
        assert not submission.sgb2_request["personen"][0].get("mehrbedarfe")


# --- § 21 Abs. 6a Schulbücher and Abs. 6 einmalig: paid once ------------------------------


def test_schulbuecher_letter_golden_and_paid_once(paying, citizen, caseworker, submit,
                                                  django_capture_on_commit_callbacks):
    _submission, case = submit(citizen, "mehrbedarf", answers=mehrbedarf("schulbuecher"))
    rows = dict(registry.get("mehrbedarf").staff_facts(case))
    assert rows["Schulbücher und Arbeitshefte"] == (
        "214,40 € für Mia (Gymnasium Alphastadt, Klasse 11)")
    issued = issue(case, caseworker, "bewilligung_schulbuecher",
                   django_capture_on_commit_callbacks, amount=Decimal("214.40"))
    received = date_de(dt.date.today())
    assert bescheid_data(issued)["title"] == "Bewilligung eines Mehrbedarfs für Schulbücher"
    assert text_of(issued) == [
        "Guten Tag Alice Adler,",
        f"auf Ihren Antrag vom {received} erkennen wir die Aufwendungen für Schulbücher und "
        "Arbeitshefte von Mia (Gymnasium Alphastadt, Klasse 11) in Höhe von 214,40 € als "
        "Mehrbedarf an (§ 21 Abs. 6a SGB II). Anerkannt sind Bücher und Arbeitshefte, die "
        "nach den Vorgaben der Schule selbst gekauft oder geliehen werden müssen.",
        "Wir zahlen den Betrag einmal an Sie aus. Er muss nicht zurückgezahlt werden.",
    ]
    order = ManualPayment.objects.get(decision=issued)
    assert order.amount == Decimal("214.40") and order.status == ManualPayment.Status.APPROVED
    assert not Claim.objects.filter(bescheid=issued).exists()  # a grant, no loan
    save_pdf(issued, "mehrbedarf-schulbuecher")


def test_einmaliger_bedarf_letter_golden(paying, citizen, caseworker, submit,
                                         django_capture_on_commit_callbacks):
    _submission, case = submit(citizen, "mehrbedarf", answers=mehrbedarf("einmalig"))
    rows = dict(registry.get("mehrbedarf").staff_facts(case))
    assert rows["Warum kein Darlehen (§ 21 Abs. 6 Satz 1 Halbsatz 2 SGB II)"] == (
        "Ich zahle schon zwei Darlehen zurück.")
    with pytest.raises(services.AnliegenError, match="Schulbücher oder Arbeitshefte wurden"):
        services.anliegen_decide(case=case, actor=caseworker,
                                 outcome_key="bewilligung_schulbuecher", amount=Decimal("9"))
    issued = issue(case, caseworker, "bewilligung_einmalig",
                   django_capture_on_commit_callbacks, amount=Decimal("260.00"))
    received = date_de(dt.date.today())
    assert text_of(issued) == [
        "Guten Tag Alice Adler,",
        f"auf Ihren Antrag vom {received} erkennen wir für „Spezialmatratze wegen "
        "Neurodermitis“ einen einmaligen Mehrbedarf in Höhe von 260,00 € an (§ 21 Abs. 6 "
        "Satz 1 SGB II). Der Bedarf ist unabweisbar (§ 21 Abs. 6 Satz 2 SGB II), und ein "
        "Darlehen nach § 24 Abs. 1 SGB II ist Ihnen ausnahmsweise nicht zumutbar oder wegen "
        "der Art des Bedarfs nicht möglich (§ 21 Abs. 6 Satz 1 Halbsatz 2 SGB II).",
        "Wir zahlen den Betrag einmal an Sie aus. Er muss nicht zurückgezahlt werden.",
    ]
    assert ManualPayment.objects.filter(decision=issued).count() == 1


# --- § 26 Zuschuss zur Kranken- und Pflegeversicherung --------------------------------------


def test_kv_staff_screen_shows_contribution_and_cap(citizen, submit):
    _submission, case = submit(citizen, "kv_zuschuss")
    rows = dict(registry.get("kv_zuschuss").staff_facts(case))
    assert rows["Beitrag zur Krankenversicherung im Monat"] == "480,00 €"
    assert rows["Beitrag zur Pflegeversicherung im Monat"] == "52,00 €"
    assert rows["Obergrenze Krankenversicherung (§ 26 Abs. 1 Satz 1 SGB II)"] == (
        "halber Beitrag im Basistarif (§ 152 Abs. 4 VAG): 420,00 €")
    assert rows["Zuschuss zur Krankenversicherung höchstens"] == "420,00 €"
    assert "Hälfte des Höchstbeitrags der sozialen Pflegeversicherung" in rows[
        "Obergrenze Pflegeversicherung (§ 26 Abs. 3 Satz 1 SGB II)"]
    assert rows["Zahlung (§ 26 Abs. 5 SGB II)"] == (
        "direkt an die Versicherung; IBAN der Versicherung: angegeben")
    assert rows["Betrag festsetzen"].startswith("Der Rechenkern bildet diese Leistung nicht ab")
    # in the Basistarif the cap is the halved contribution itself; without its amount the
    # screen says what is missing instead of inventing a number
    case.data = {**case.data, "kv_basistarif": True}
    rows = dict(registry.get("kv_zuschuss").staff_facts(case))
    assert "nach § 152 Abs. 4 VAG halbierte Beitrag" in rows[
        "Obergrenze Krankenversicherung (§ 26 Abs. 1 Satz 1 SGB II)"]
    case.data = {**case.data, "kv_basistarif": False, "kv_basistarif_beitrag": None}
    rows = dict(registry.get("kv_zuschuss").staff_facts(case))
    assert "nicht angegeben" in rows["Obergrenze Krankenversicherung (§ 26 Abs. 1 Satz 1 SGB II)"]
    assert "Zuschuss zur Krankenversicherung höchstens" not in rows
    case.data = {**case.data, "kv_art": "freiwillig"}
    rows = dict(registry.get("kv_zuschuss").staff_facts(case))
    assert rows["Zuschuss (§ 26 Abs. 1 Satz 2 SGB II)"].endswith("zusammen 532,00 € im Monat")


def test_kv_letter_golden_and_never_paid_as_a_one_off(paying, citizen, caseworker, submit,
                                                      django_capture_on_commit_callbacks):
    _submission, case = submit(citizen, "kv_zuschuss")
    outcome = registry.get("kv_zuschuss").outcome("bewilligung")
    assert outcome.monthly and not outcome.pays
    issued = issue(case, caseworker, "bewilligung", django_capture_on_commit_callbacks,
                   amount=Decimal("446.00"), payee_name="Alpha Private Krankenversicherung AG",
                   payee_iban=helpers.IBAN, months=(dt.date(2027, 1, 1), dt.date(2027, 6, 1)))
    received = date_de(dt.date.today())
    start = date_de(dt.date.fromisoformat(case.data["kv_ab"]))
    assert bescheid_data(issued)["title"] == (
        "Bewilligung eines Zuschusses zur Kranken- und Pflegeversicherung")
    assert text_of(issued) == [
        "Guten Tag Alice Adler,",
        f"auf Ihren Antrag vom {received} bewilligen wir Ihnen ab dem {start} für die Monate "
        "Januar 2027 bis Juni 2027 einen Zuschuss zu den Beiträgen zur Kranken- und "
        "Pflegeversicherung in Höhe von 446,00 € im Monat (§ 26 Abs. 1 Satz 1 und Abs. 3 "
        "Satz 1 SGB II).",
        "Der Zuschuss zur Krankenversicherung ist begrenzt auf den halbierten Beitrag im "
        "Basistarif (§ 26 Abs. 1 Satz 1 SGB II, § 152 Abs. 4 VAG), der Zuschuss zur "
        "Pflegeversicherung auf die Hälfte des Höchstbeitrags der sozialen "
        "Pflegeversicherung (§ 26 Abs. 3 Satz 1 SGB II).",
        "Wir zahlen den Zuschuss direkt an Alpha Private Krankenversicherung AG (§ 26 Abs. 5 "
        "SGB II).",
        "Bitte teilen Sie uns jede Änderung Ihres Beitrags oder Ihrer Versicherung sofort mit "
        "(§ 60 Abs. 1 Satz 1 Nr. 2 SGB I).",
        "Wir zahlen den Betrag von 446,00 € für jeden Monat von Januar 2027 bis Juni 2027, "
        "jeweils im Voraus zum Monatsbeginn.",
    ]
    assert bescheid_data(issued)["rechtsbehelf"][0].startswith("Gegen diesen Bescheid")
    assert not ManualPayment.objects.filter(decision=issued).exists()
    assert StandingOrder.objects.get(decision=issued).payee_iban == helpers.IBAN
    save_pdf(issued, "kv-zuschuss")


def test_kv_refusal_cites_paragraph_26(citizen, caseworker, submit):
    _submission, case = submit(citizen, "kv_zuschuss")
    draft = services.anliegen_decide(case=case, actor=caseworker, outcome_key="ablehnung",
                                     reasons="Sie sind gesetzlich pflichtversichert.")
    assert draft.requires_four_eyes
    outcome = registry.get("kv_zuschuss").outcome("ablehnung")
    letter = registry.Letter(received=dt.date(2026, 12, 4), answers={})
    assert outcome.paragraphs(letter) == [
        "Ihren Antrag vom 04.12.2026 auf einen Zuschuss zur Kranken- und Pflegeversicherung "
        "lehnen wir ab (§ 26 SGB II). Die Gründe stehen unten."]


# --- § 27 Leistungen für Auszubildende -------------------------------------------------------


def test_azubi_staff_screen_and_checks(citizen, caseworker, submit):
    _submission, case = submit(citizen, "auszubildende")
    rows = dict(registry.get("auszubildende").staff_facts(case))
    assert rows["Beantragt"] == ("Mehrbedarf (§ 27 Abs. 2 SGB II); Darlehen für den ersten "
                                 "Monat (§ 27 Abs. 3 Satz 3 SGB II)")
    assert rows["Mehrbedarf"] == "Schwangerschaft (§ 21 Abs. 2)"
    assert rows["Ausbildungsförderung"] == "BAföG oder BAB beantragt, noch nicht gezahlt"
    assert "§ 42a Abs. 5 SGB II" in rows["Darlehen für den ersten Monat"]
    assert "§ 7 Abs. 5 SGB II" in rows["Voraussetzung"]
    with pytest.raises(services.AnliegenError, match="nicht beantragt: Darlehen wegen"):
        services.anliegen_decide(case=case, actor=caseworker, outcome_key="darlehen_haerte",
                                 amount=Decimal("300"), details="Für drei Monate.")
    # a monthly Zuschuss needs the staff's text (which Mehrbedarf, for which months)
    with pytest.raises(services.AnliegenError, match="was Sie entschieden haben"):
        services.anliegen_decide(case=case, actor=caseworker, outcome_key="mehrbedarf",
                                 amount=Decimal("95"))


def test_azubi_first_month_loan_golden_paid_once_and_not_set_off(
        paying, citizen, caseworker, submit, django_capture_on_commit_callbacks):
    _submission, case = submit(citizen, "auszubildende")
    issued = issue(case, caseworker, "darlehen_erster_monat",
                   django_capture_on_commit_callbacks, amount=Decimal("650.00"))
    received = date_de(dt.date.today())
    assert text_of(issued) == [
        "Guten Tag Alice Adler,",
        f"auf Ihren Antrag vom {received} gewähren wir Ihnen für den Monat, in dem Ihre "
        "Ausbildung beginnt, ein Darlehen in Höhe von 650,00 € (§ 27 Abs. 3 Satz 3 in "
        "Verbindung mit § 24 Abs. 4 Satz 1 SGB II), bis die ersten Einnahmen aus der "
        "Ausbildung eingehen. Wir zahlen den Betrag an Sie aus.",
        "Das Darlehen ist erst nach Abschluss der Ausbildung zurückzuzahlen (§ 42a Abs. 5 "
        "SGB II); es wird nicht von laufenden Leistungen einbehalten (§ 42a Abs. 2 Satz 3 "
        "SGB II). Über die Rückzahlung treffen wir dann mit Ihnen eine Vereinbarung, die "
        "Ihre wirtschaftlichen Verhältnisse berücksichtigt.",
    ]
    assert ManualPayment.objects.get(decision=issued).amount == Decimal("650.00")
    # no claim with a 5 % Aufrechnung: § 42a Abs. 2 Satz 3 excludes it for § 27 loans
    assert not Claim.objects.filter(bescheid=issued).exists()
    save_pdf(issued, "azubi-erster-monat")


def test_azubi_monthly_zuschuss_golden_and_not_paid_once(
        paying, citizen, caseworker, submit, django_capture_on_commit_callbacks):
    _submission, case = submit(citizen, "auszubildende")
    issued = issue(case, caseworker, "mehrbedarf", django_capture_on_commit_callbacks,
                   amount=Decimal("95.00"),
                   details="Mehrbedarf bei Schwangerschaft von Januar bis Mai 2027.",
                   months=(dt.date(2027, 1, 1), dt.date(2027, 5, 1)))
    received = date_de(dt.date.today())
    assert text_of(issued) == [
        "Guten Tag Alice Adler,",
        f"auf Ihren Antrag vom {received} bewilligen wir Ihnen als Auszubildender oder "
        "Auszubildende Leistungen in Höhe der Mehrbedarfe von 95,00 € im Monat (§ 27 Abs. 2 "
        "SGB II). Die Leistungen sind ein Zuschuss und müssen nicht zurückgezahlt werden; "
        "sie gelten nicht als Grundsicherungsgeld (§ 27 Abs. 1 Satz 2 SGB II).",
        "Im Einzelnen: Mehrbedarf bei Schwangerschaft von Januar bis Mai 2027.",
        "Wir zahlen den Betrag von 95,00 € für jeden Monat von Januar 2027 bis Mai 2027, "
        "jeweils im Voraus zum Monatsbeginn.",
    ]
    assert not ManualPayment.objects.filter(decision=issued).exists()
    order = StandingOrder.objects.get(decision=issued)
    assert (order.valid_from, order.valid_to, order.payee_iban) == (
        dt.date(2027, 1, 1), dt.date(2027, 5, 1), "")
    save_pdf(issued, "azubi-mehrbedarf")


def test_the_english_letter_is_complete(citizen, caseworker, submit):
    from django.utils import translation

    _submission, case = submit(citizen, "kv_zuschuss")
    draft = services.anliegen_decide(case=case, actor=caseworker, outcome_key="bewilligung",
                                     amount=Decimal("446.00"), payee_name="Alpha AG",
                                     payee_iban=helpers.IBAN,
                                     months=(dt.date(2027, 1, 1), dt.date(2027, 6, 1)))
    from jobcenter.anliegen.letters import letter_of

    with translation.override("en"):
        text = registry.get("kv_zuschuss").outcome("bewilligung").paragraphs(
            letter_of(draft.snapshot["letter"]))
    assert all("Zuschuss zu den Beiträgen" not in p for p in text)
    assert "section 26" in text[0].lower() or "§ 26" in text[0]


def test_staff_facts_ignore_malformed_stored_answers():
    """Stored answers are data: a list or a number where a choice is expected is shown as
    "–", never a crash (a single choice compared with ``in`` a dict would raise on a list)."""
    from types import SimpleNamespace

    from jobcenter.bedarfe import facts

    for bad in (["privat"], {"a": 1}, 7, None):
        data = {"kv_art": bad, "azubi_art": bad, "azubi_foerderung": bad,
                "azubi_leistungen": bad, "haertefall": bad, "mehrbedarf_arten": [bad]}
        case = SimpleNamespace(data=data)
        kv = dict(facts.kv_zuschuss(case))
        assert kv["Versicherung"].startswith("– bei –")
        azubi = dict(facts.auszubildende(case))
        assert azubi["Ausbildung"].startswith("–") and azubi["Ausbildungsförderung"] == "–"
        assert dict(facts.mehrbedarf(case))["Beantragt"] == "–"


def test_kv_prefills_the_insurer_from_the_hauptantrag(citizen, submit):
    from jobcenter.formengine import registry as forms
    from jobcenter.formengine.services import draft_start
    from tests.antraege.conftest import single_no_income

    submit(citizen, "hauptantrag", answers={**single_no_income(), "versicherungsstatus": "privat",
                                            "krankenkasse": "Alpha Kranken AG"})
    draft = draft_start(user=citizen, form=forms.get_form("kv_zuschuss"))
    assert draft.answers["kv_versicherer"] == "Alpha Kranken AG"


@pytest.mark.parametrize("form_key", ["kv_zuschuss", "auszubildende"])
def test_paper_entry_of_the_new_concerns(client, caseworker, citizen, form_key,
                                         django_capture_on_commit_callbacks):
    """Paper stays possible: staff enter the concern from paper (scan, Eingangsdatum); it
    lands as its case type, dated from the Eingangsdatum, with the same staff facts."""
    from django.utils import timezone

    from tests.anliegen.test_paper import erfassen
    from tests.antraege.test_paper_entry import begin, days_ago, entry_of
    from tests.bedarfe.conftest import ANSWERS
    from tests.conftest import login

    login(client, caseworker)
    received_on = days_ago(3)
    entry = entry_of(begin(client, citizen.person, form_key, received_on=received_on))
    answers = {k: v for k, v in ANSWERS[form_key]().items() if v != "FILE"}
    case = erfassen(client, entry, answers, django_capture_on_commit_callbacks)
    assert case.case_type.key == registry.get(form_key).case_type
    assert timezone.localdate(case.received_at) == received_on
    assert dict(registry.get(form_key).staff_facts(case))["Betrag festsetzen"].startswith(
        "Der Rechenkern bildet")


def test_preview_of_one_off_needs_says_it_is_paid_once():
    from types import SimpleNamespace

    from jobcenter.bedarfe import vorschau

    answers = {**mehrbedarf("schulbuecher"), "sb_betrag": "214.40"}
    draft = SimpleNamespace(final_answers=lambda: answers, owner=None, form_key="mehrbedarf")
    box = vorschau.mehrbedarf(draft)
    assert box["title"] == "Was Sie einmalig beantragen"
    html = str(box["html"]).replace("\xa0", " ")
    assert "Schulbücher und Arbeitshefte: 214,40 €" in html
    assert "Ihr Betrag im Monat ändert sich dadurch nicht" in html
