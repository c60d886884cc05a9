"""The money concerns on the base of ``anliegen``: each form is filed as its case type,
staff see the facts that decide it, the letters say what the law says, and what the
citizen sees is correct."""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal

import pytest

from jobcenter.anliegen import registry, services
from jobcenter.bedarfe import angemessenheit, katalog, money, wohnen
from jobcenter.decisions import services as decisions
from jobcenter.decisions.documents import bescheid_data
from jobcenter.decisions.models import DeliveryPreference
from jobcenter.formengine import registry as forms
from tests.bedarfe.conftest import ANSWERS

pytestmark = pytest.mark.django_db

CONCERNS = (*katalog.CONCERNS, *wohnen.CONCERNS)
KEYS = [c.key for c in CONCERNS]


def test_every_concern_is_registered_with_its_form_and_case_type():
    from jobcenter.casefiles.models import CaseType

    for concern in CONCERNS:
        assert registry.get(concern.key) is concern
        assert forms.get_form(concern.key) is not None
        row = CaseType.objects.entry(concern.case_type)
        assert row is not None and row.processing_days == concern.processing_days
        assert concern.money
        assert any(o.reasons_required for o in concern.outcomes), concern.key
    # the Erstausstattung is a concern now, no longer only a link: one catalogue entry
    assert [e.key for e in registry.entries()].count("erstausstattung") == 1


@pytest.mark.parametrize("form_key", sorted(ANSWERS))
def test_each_form_is_filed_as_its_case_type(citizen, submit, form_key):
    submission, case = submit(citizen, form_key)
    assert case.case_type.key == registry.get(form_key).case_type
    # one upload slot per document, filed (the Vorschuss needs no document)
    needs_documents = "FILE" in ANSWERS[form_key]().values()
    assert (submission.attachments.count() >= 1) == needs_documents


def test_the_move_is_checked_against_the_angemessenheitsgrenze(citizen, submit, limits):
    _submission, case = submit(citizen, "umzug")  # 2 persons: 600 € + 90 € vs. 630 € + 120 €
    rows = dict(registry.get("umzug").staff_facts(case))
    assert rows["Ergebnis der Vorprüfung"].startswith("angemessen")
    assert rows["Angemessenheitsgrenze (gültig ab 01.01.2025)"] == (
        "Bruttokaltmiete 630,00 €, Heizkosten 120,00 €")
    _submission, case = submit(citizen, "umzug", neue_kaltmiete="560.00")
    rows = dict(registry.get("umzug").staff_facts(case))
    assert rows["Ergebnis der Vorprüfung"] == (
        "über der Grenze: Bruttokaltmiete 50,00 €, Heizkosten 0,00 € darüber")


def test_pre_check_for_the_citizen_in_plain_words(citizen, limits):
    check = angemessenheit.pruefen(jobcenter_id=limits.pk, personen=1,
                                   bruttokaltmiete=Decimal("600"), heizkosten=Decimal("80"))
    assert not check.angemessen
    text = check.citizen_text()
    assert "über den Grenzen Ihres Jobcenters für 1 Personen" in text
    assert "520,00 €" in text and "95,00 €" in text
    unknown = angemessenheit.pruefen(jobcenter_id=limits.pk, personen=9,
                                     bruttokaltmiete=Decimal("600"), heizkosten=Decimal("80"))
    assert unknown.angemessen is None
    assert "nicht vorab prüfen" in unknown.citizen_text()


def test_a_new_table_applies_from_its_day_only(jobcenter_admin, limits):
    angemessenheit.table_create(jobcenter=limits, actor=jobcenter_admin,
                                valid_from=dt.date(2027, 1, 1),
                                rows={1: ("550,00", "99,00")})
    assert angemessenheit.limit_for(limits.pk, 1, dt.date(2026, 12, 31)).bruttokaltmiete == 520
    assert angemessenheit.limit_for(limits.pk, 1, dt.date(2027, 1, 1)).bruttokaltmiete == 550
    assert angemessenheit.limit_for(limits.pk, 2, dt.date(2027, 1, 1)) is None


def test_table_input_errors_say_what_to_fix(jobcenter_admin, caseworker, limits):
    with pytest.raises(angemessenheit.TableError) as error:
        angemessenheit.table_create(jobcenter=limits, actor=jobcenter_admin,
                                    valid_from=dt.date(2025, 1, 1),
                                    rows={1: ("abc", ""), 2: ("700", "-5")})
    problems = error.value.problems
    assert problems["miete_1"].startswith("Bitte geben Sie die Bruttokaltmiete für 1 Personen")
    assert "heizung_1" in problems and "heizung_2" in problems
    assert problems["valid_from"].startswith("Ab diesem Tag gibt es schon eine Tabelle")
    with pytest.raises(angemessenheit.TableError) as error:
        angemessenheit.table_create(jobcenter=limits, actor=caseworker,
                                    valid_from=dt.date(2027, 1, 1), rows={1: ("550", "99")})
    assert "Jobcenter-Administration" in str(error.value)


def test_another_jobcenters_admin_cannot_change_the_table(limits, other_jobcenter):
    from jobcenter.core.roles import Role
    from tests.factories import StaffFactory

    foreign = StaffFactory(jobcenter=other_jobcenter, email="admin@beta.example",
                           role=Role.JOBCENTER_ADMIN)
    with pytest.raises(angemessenheit.TableError):
        angemessenheit.table_create(jobcenter=limits, actor=foreign,
                                    valid_from=dt.date(2027, 1, 1), rows={1: ("550", "99")})


def test_loan_letter_declares_the_aufrechnung_of_five_percent(
        citizen, caseworker, submit, django_capture_on_commit_callbacks):
    decisions.delivery_preference_set(user=citizen, channel=DeliveryPreference.Channel.ONLINE)
    _submission, case = submit(citizen, "darlehen")
    draft = services.anliegen_decide(case=case, actor=caseworker, outcome_key="bewilligung",
                                     amount=Decimal("300.00"))
    with django_capture_on_commit_callbacks(execute=True):
        issued = decisions.decision_finalize(decision=draft, actor=caseworker)
    data = bescheid_data(issued)
    assert data["title"] == "Bewilligung eines Darlehens"
    text = " ".join(data["paragraphs"]).replace("\xa0", " ")
    assert "für „Kühlschrank“ ein Darlehen in Höhe von 300,00 € (§ 24 Abs. 1 SGB II)" in text
    assert ("durch monatliche Aufrechnung in Höhe von 5 % des für Sie maßgebenden "
            "Regelbedarfs getilgt; hiermit erklären wir diese Aufrechnung (§ 42a Abs. 2 "
            "SGB II)") in text
    assert data["rechtsbehelf"][0].startswith("Gegen diesen Bescheid können Sie")
    if os.environ.get("BEDARFE_PDF"):  # for looking at it: pdftoppm -png -r 80
        from jobcenter.decisions.documents import bescheid_pdf

        with open(os.environ["BEDARFE_PDF"], "wb") as out:
            out.write(bescheid_pdf(issued))


def test_refusal_needs_reasons_and_cites_the_norm(citizen, caseworker, submit):
    _submission, case = submit(citizen, "heizkosten")
    with pytest.raises(services.AnliegenError):
        services.anliegen_decide(case=case, actor=caseworker, outcome_key="ablehnung")
    draft = services.anliegen_decide(case=case, actor=caseworker, outcome_key="ablehnung",
                                     reasons="Die Menge reicht für zwei Jahre.")
    assert draft.requires_four_eyes
    outcome = registry.get("heizkosten").outcome("ablehnung")
    letter = registry.Letter(received=dt.date(2026, 12, 4), answers={})
    assert outcome.paragraphs(letter) == [
        "Ihren Antrag vom 04.12.2026 auf Übernahme von Heizkosten lehnen wir ab "
        "(§ 22 Abs. 1 SGB II). Die Gründe stehen unten."]


def test_but_letter_pays_the_provider_and_lists_what_was_asked(citizen, caseworker, submit):
    _submission, case = submit(citizen, "bildung_teilhabe")
    draft = services.anliegen_decide(case=case, actor=caseworker,
                                     outcome_key="bewilligung_anbieter",
                                     amount=Decimal("425.00"),
                                     payee_name="Grundschule Alphastadt",
                                     payee_iban="DE02 1001 0010 0006 8201 01")
    letter = draft.snapshot["letter"]
    outcome = registry.get("bildung_teilhabe").outcome("bewilligung_anbieter")
    from jobcenter.anliegen.letters import letter_of

    text = outcome.paragraphs(letter_of(letter))
    assert text[0].startswith("auf Ihren Antrag vom ")
    assert "für Mia Muster, geboren am " in text[0] and "in Höhe von 425,00 €" in text[0]
    assert text[1] == ("Beantragt waren: mehrtägige Fahrt: 245,00 € (§ 28 Abs. 2 Satz 1 Nr. 2 "
                       "SGB II); Teilhabe am sozialen und kulturellen Leben: 20,00 € im Monat "
                       "(§ 28 Abs. 7 SGB II).")
    assert "direkt an Grundschule Alphastadt" in text[2] and "§ 29 Abs. 1 Satz 1 Nr. 2" in text[2]
    rows = dict(registry.get("bildung_teilhabe").staff_facts(case))
    assert "berücksichtigt werden bis zu 15,00 € im Monat" in rows[
        "Teilhabe (§ 28 Abs. 7 SGB II)"]


def test_cash_for_but_other_than_transport_needs_the_details(citizen, caseworker, submit):
    _submission, case = submit(citizen, "bildung_teilhabe")
    with pytest.raises(services.AnliegenError, match="§ 29 Abs. 1 Satz 2"):
        services.anliegen_decide(case=case, actor=caseworker, outcome_key="bewilligung_geld",
                                 amount=Decimal("245.00"))


def test_umzug_outcome_must_match_what_was_asked(citizen, caseworker, submit, limits):
    _submission, case = submit(citizen, "umzug", umzug_antraege=["zusicherung"])
    with pytest.raises(services.AnliegenError,
                       match="Weder Umzugskosten noch Wohnungs­beschaffungskosten"):
        services.anliegen_decide(case=case, actor=caseworker, outcome_key="umzugskosten",
                                 amount=Decimal("300"))
    draft = services.anliegen_decide(case=case, actor=caseworker, outcome_key="zusicherung")
    from jobcenter.anliegen.letters import letter_of

    text = registry.get("umzug").outcome("zusicherung").paragraphs(
        letter_of(draft.snapshot["letter"]))
    assert ("die Aufwendungen für die neue Unterkunft Lindenweg 4, 11111 Alphastadt") in text[1]
    assert "Bruttokaltmiete 600,00 € und Heizkosten 90,00 € im Monat (§ 22 Abs. 4 SGB II)" \
        in text[1]


def test_mehrbedarf_reaches_the_calculation_request(citizen, submit):
    from tests.antraege.conftest import single_no_income

    submit(citizen, "hauptantrag", answers=single_no_income())  # the current state
    submission, case = submit(citizen, "mehrbedarf")
    request = submission.sgb2_request
    assert request is not None
    mehrbedarfe = [m for p in request["personen"] for m in p.get("mehrbedarfe") or []]
    assert {"art": "ernaehrung", "betrag": 60.0} in mehrbedarfe
    assert case.sgb2_request == request  # the caseworker's calculation starts from it


def test_instalment_is_five_percent_cut_to_the_cent():
    assert money.instalment(Decimal("563.00")) == Decimal("28.15")
    assert money.instalment(Decimal("471.00")) == Decimal("23.55")
    assert money.months_to_repay(Decimal("300.00"), Decimal("28.15")) == 11


def test_an_issued_loan_becomes_a_claim_with_five_percent_aufrechnung(
        citizen, caseworker, submit, django_capture_on_commit_callbacks):
    from jobcenter.decisions.deadlines import add_months, first_of_month
    from jobcenter.zahlungen.models import Claim
    from jobcenter.zahlungen.services import aufrechnung

    _submission, case = submit(citizen, "mietkaution")
    draft = services.anliegen_decide(case=case, actor=caseworker, outcome_key="bewilligung",
                                     amount=Decimal("1440.00"),
                                     payee_name="Wohnbau Alpha GmbH",
                                     payee_iban="DE89370400440532013000")
    with django_capture_on_commit_callbacks(execute=True):
        issued = decisions.decision_finalize(decision=draft, actor=caseworker)
    (claim,) = Claim.objects.filter(bescheid=issued)
    assert claim.person == case.applicant and claim.amount == Decimal("1440.00")
    assert claim.basis == Claim.Basis.FIVE
    assert claim.rechtsgrundlage == "§ 22 Abs. 6 Satz 3, § 42a SGB II"
    assert claim.offset_from == add_months(first_of_month(issued.letter_date), 1)
    # the run offsets 5 % of the Regelbedarf, within the 30 % total (§ 43 Abs. 2 Satz 2)
    offsets = aufrechnung.monthly_offsets(
        [aufrechnung.Offsettable(claim.pk, int(claim.basis), claim.amount)],
        regelbedarf=Decimal("563.00"), available=Decimal("1000"))
    assert offsets == {claim.pk: Decimal("28.15")}
    # the citizen's statement calls it a loan and names § 42a, not an Erstattung (§ 43)
    from django.test import Client

    from tests.conftest import login

    browser = Client()
    login(browser, citizen)
    page = browser.get("/portal/zahlungen/").content.decode()
    assert "Darlehen aus:" in page and "Erstattung aus:" not in page
    assert "5 Prozent Ihres Regelbedarfs ein, bis das Darlehen getilgt ist" in page
    # the event delivered again creates no second claim
    from jobcenter.bedarfe.handlers import on_kind_erlassen

    assert on_kind_erlassen(decision_id=issued.pk)
    assert Claim.objects.filter(bescheid=issued).count() == 1


def test_a_refusal_or_a_grant_without_loan_creates_no_claim(
        citizen, caseworker, submit, django_capture_on_commit_callbacks):
    from jobcenter.zahlungen.models import Claim

    _submission, case = submit(citizen, "heizkosten")
    draft = services.anliegen_decide(case=case, actor=caseworker, outcome_key="bewilligung",
                                     amount=Decimal("1650.00"))
    with django_capture_on_commit_callbacks(execute=True):
        issued = decisions.decision_finalize(decision=draft, actor=caseworker)
    assert not Claim.objects.filter(bescheid=issued).exists()


def test_the_caseworkers_calculation_contains_the_mehrbedarf(citizen, caseworker, submit):
    from jobcenter.decisions.services.calculation import calculation_for_case
    from tests.antraege.conftest import single_no_income

    submit(citizen, "hauptantrag", answers=single_no_income())
    _submission, case = submit(citizen, "mehrbedarf")
    calculation = calculation_for_case(case=case, actor=caseworker)
    mehrbedarfe = [m for p in calculation.request["personen"] for m in p.get("mehrbedarfe") or []]
    assert {"art": "ernaehrung", "betrag": 60.0} in mehrbedarfe
    result = calculation.result or {}
    assert result, calculation.errors if hasattr(calculation, "errors") else "no result"
    assert "mehrbedarf_ernaehrung" in str(result) or "ernaehrung" in str(result)
