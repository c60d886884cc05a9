"""Issue 14, items 1 and 9: every Bescheid type the product issues, rendered to PDF/A and
read back with pdftotext — a golden text per type and a checklist per type (Verfügungssatz,
Begründung, Belehrung, persons by name and date of birth, dates in Europe/Berlin, German
formats only), the salutation by name, the § 38 SGB II note, Kundennummer, contact and
payment details, and the content checks that block a contradicting Bescheid.

Golden files: ``tests/decisions/golden/<type>.txt``. After a deliberate change of a text,
regenerate them with ``UPDATE_GOLDEN=1`` and read the diff before committing it.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest
import time_machine
from django.utils import translation

from jobcenter.decisions import services
from jobcenter.decisions.models import Decision
from jobcenter.households.models import Person
from tests.decisions.facts import (
    MORE_CHILDREN,
    family_request,
    issue,
    make_family,
    normalised,
    pdf_bytes,
    pdf_text,
)

pytestmark = pytest.mark.django_db

GOLDEN = Path(__file__).with_name("golden")
#: Friday 4 December 2026, 10:00 in Berlin.
NOW = dt.datetime(2026, 12, 4, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def family(jobcenter, frozen):
    return make_family(jobcenter)


@pytest.fixture
def letters(family, make_calc_case, caseworker, teamlead, django_capture_on_commit_callbacks):
    """Issue a Bescheid of ``key`` for a new case of the family; returns (decision, text)."""

    def letter(key: str, *, request: dict | None = None, reasons: str = "",
               case=None, **kwargs) -> tuple[Decision, str]:
        case = case or make_calc_case(family, request=request or family_request())
        decision = services.decision_create(case=case, decision_type_key=key,
                                            actor=caseworker, reasons=reasons, **kwargs)
        decision = issue(decision, by=caseworker, approver=teamlead,
                         capture=django_capture_on_commit_callbacks)
        pdf = pdf_bytes(decision)
        if os.environ.get("BESCHEID_DUMP"):
            Path(os.environ["BESCHEID_DUMP"], f"{key}-{decision.pk}.pdf").write_bytes(pdf)
        return decision, pdf_text(pdf)

    return letter


def _golden(name: str, text: str) -> None:
    path = GOLDEN / f"{name}.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(normalised(text), encoding="utf-8")
    # Compared as running text: where a line breaks depends on the length of the keys
    # (database sequences), not on the wording.
    expected = " ".join(path.read_text(encoding="utf-8").split())
    assert " ".join(normalised(text).split()) == expected, f"golden text {name}"


NAMES = ["Ayşe Yılmaz, geb. 17.05.1985", "Mehmet Yılmaz, geb. 01.02.1983",
         "Elif Yılmaz, geb. 03.09.2015"]


def _checklist(text: str, *, verfuegung: str, names: list[str] = NAMES,
               begruendung: str | None = None) -> None:
    """What every Bescheid must carry (bescheid-requirements.md, § 33, § 35, § 36 SGB X)."""
    flat = " ".join(text.split())
    assert "Sehr geehrte Frau Yılmaz," in flat  # salutation by name
    assert "Damen und Herren" not in flat
    assert verfuegung in flat  # Verfügungssatz
    if begruendung is not None:
        assert "Begründung" in flat and begruendung in flat
    assert "Rechtsbehelfsbelehrung" in flat and "Widerspruch" in flat
    assert "innerhalb eines Monats" in flat and "§ 84 Sozialgerichtsgesetz" in flat
    for name in names:
        assert name in flat, name
    assert "Aktenzeichen" in flat and "Bescheid-Nr." in flat and "Kundennummer" in flat
    assert "Datum 04.12.2026" in flat
    # German formats only: no ISO month or date, no decimal point in amounts, no ids
    assert not re.search(r"\b20\d\d-\d\d\b", flat)
    assert not re.search(r"\d\.\d\d €", flat)
    assert not re.search(r"\bPerson P\d\b|\bP\d\b", flat)
    assert "Anspruch: Anspruch" not in flat
    assert "ohne Unterschrift gültig (§ 33 Abs. 5 SGB X)" in flat


def test_bewilligung_names_every_person_and_says_how_it_pays(letters):
    decision, text = letters("bewilligung")
    flat = " ".join(text.split())
    _checklist(flat, verfuegung="auf Ihren Antrag vom 04.12.2026 bewilligen wir Ihnen")
    assert "Zeitraum 01.01.2027 – 31.12.2027" in flat
    assert re.search(r"Kundennummer \d{3}[A-Z]\d{6} ", flat)  # as households numbers it
    assert re.search(r"BG-Nummer \d{5}BG\d{7} ", flat)
    # § 38 SGB II: the addressee receives the Bescheid for the whole BG
    assert "§ 38 Abs. 1 SGB II" in flat and "Jede Person hat einen eigenen Anspruch" in flat
    # payment details: masked IBAN, from when
    assert "DE89 •••• •••• •••• •••• 00" in flat and "0532013000" not in flat
    assert "erstmals zum Anfang von Januar 2027" in flat
    assert "zusammen monatlich 1.506,00 €" in flat
    # the Berechnungsbogen names each person with their date of birth
    assert "Berechnungsbogen" in flat
    _golden("bewilligung", text)
    # four eyes: 1,506 € a month is 18,072 € a year (the yearly threshold, 12,000 €)
    assert decision.requires_four_eyes and decision.approved_by is not None
    assert decision.approved_by != decision.submitted_by


def test_a_household_of_five_over_several_runs_gets_one_combined_berechnungsbogen(
        jobcenter, frozen, letters, make_calc_case):
    """Issue 18 item 4: one table per person with one amount column per run of months with
    equal results (at most three side by side), instead of a Bogen per run repeating every
    position. Nothing is lost:
    each person by name, every position with its legal basis, every run's amount, and each
    month's Zahlbetrag per person as in the Verfügungssatz above."""
    from jobcenter.decisions import documents

    user = make_family(jobcenter, email="gross@example.org", more_children=MORE_CHILDREN)
    case = make_calc_case(user, request=family_request(more_children=MORE_CHILDREN))
    decision, text = letters("bewilligung", case=case)
    flat = " ".join(text.split())
    names = [*NAMES, "Deniz Yılmaz, geb. 10.04.2013", "Can Yılmaz, geb. 20.06.2021"]
    _checklist(flat, verfuegung="auf Ihren Antrag vom 04.12.2026 bewilligen wir Ihnen",
               names=names)
    with translation.override("de"):
        data = documents.bescheid_data(decision)
    boegen = data["berechnungsboegen"]
    # five runs (Deniz's and Can's birthday months are counted by days): three side by side,
    # then the other two in a further Bogen; each column is a period of the amounts table
    periods = list(dict.fromkeys(row["month"] for row in data["amount_rows"]))
    assert [column for bogen in boegen for column in bogen["columns"]] == periods
    assert [bogen["title"] for bogen in boegen] == [
        "Berechnungsbogen Januar 2027 bis Mai 2027",
        "Berechnungsbogen Juni 2027 bis Dezember 2027"]
    for bogen in boegen:
        by_person = {s["title"]: s for s in bogen["sections"]}
        assert list(by_person)[0] == "Wohnung und Haushalt"
        assert sorted(list(by_person)[1:]) == sorted(names)
        for section in bogen["sections"]:
            assert all(len(row) == 2 + len(bogen["columns"]) for row in section["rows"])
            # a position recurs only with an amount of its own (the steps of a Freibetrag)
            # or under another legal basis, and then right below itself
            labels = [row[0] for row in section["rows"]]
            for label in set(labels):
                at = [i for i, other in enumerate(labels) if other == label]
                assert at == list(range(at[0], at[0] + len(at))), label
        for row in data["amount_rows"]:
            if row["person"] == "zusammen monatlich" or row["month"] not in bogen["columns"]:
                continue
            column = 2 + bogen["columns"].index(row["month"])
            (payable,) = [r for r in by_person[row["person"]]["rows"]
                          if r[0] == "Zahlbetrag im Monat"]
            assert payable[column] == row["amount"].replace(" €", "\u00a0€")
    # the child who turns 14 in April: each run has exactly one Regelbedarf, May's higher
    (deniz,) = [s for s in boegen[0]["sections"] if s["title"].startswith("Deniz")]
    rows = [r for r in deniz["rows"] if r[0].startswith("Regelbedarf")]
    for column in range(2, 5):
        assert sum(1 for r in rows if r[column] != "–") == 1
    january, may = (next(r[c] for r in rows if r[c] != "–") for c in (2, 4))
    assert january != may
    _golden("bewilligung_fuenf_personen", text)


def test_teilbewilligung(letters):
    _decision, text = letters("teilbewilligung",
                              reasons="Die Kosten der Unterkunft sind nur bis zur "
                                      "Angemessenheitsgrenze anzuerkennen.")
    _checklist(text, verfuegung="Im Übrigen lehnen wir den Antrag ab",
               begruendung="Angemessenheitsgrenze")
    _golden("teilbewilligung", text)


def test_ablehnung_wegen_vermoegen_shows_the_asset_check_not_a_need_sheet(letters):
    decision, text = letters(
        "ablehnung", request=family_request(vermoegen=80000),
        reasons="Ihr Vermögen übersteigt die Freibeträge (§ 12 SGB II).")
    flat = " ".join(text.split())
    _checklist(flat, verfuegung="Ihren Antrag vom 04.12.2026 auf",
               names=["Ayşe Yılmaz, geb. 17.05.1985"], begruendung="Freibeträge")
    assert "Vermögensprüfung Januar 2027" in flat
    assert "Vermögen von Ayşe Yılmaz, geb. 17.05.1985 § 12 Abs. 1 SGB II 80.000,00 €" in flat
    assert "Freibeträge der Bedarfsgemeinschaft" in flat
    assert "Vermögen über den Freibeträgen" in flat
    assert "Berechnungsbogen" not in flat and "Zahlbetrag" not in flat
    assert "Wir überweisen" not in flat and "IBAN" not in flat
    _golden("ablehnung_vermoegen", text)
    assert decision.approved_by is not None  # always four eyes


def test_ablehnung_on_another_ground_attaches_no_calculation(letters):
    _decision, text = letters("ablehnung", reasons="Sie haben trotz Aufforderung vom "
                                                   "02.11.2026 keine Kontoauszüge vorgelegt "
                                                   "(§ 66 Abs. 1 SGB I).")
    flat = " ".join(text.split())
    _checklist(flat, verfuegung="lehnen wir ab", names=[], begruendung="§ 66 Abs. 1 SGB I")
    assert "Berechnungsbogen" not in flat and "1.506,00" not in flat


def test_aenderung_names_the_bescheid_it_changes_and_compares_the_same_months(
        letters, family, make_calc_case):
    first, _text = letters("bewilligung")
    change_case = make_calc_case(family, request=family_request(monat="2027-03", netto=900,
                                                                 brutto=1100))
    decision, text = letters("aenderung", case=change_case, reasons="Höheres Einkommen ab "
                                                                    "März 2027.",
                             period_from=dt.date(2027, 3, 1))
    flat = " ".join(text.split())
    _checklist(flat, verfuegung="wir ändern unseren Bescheid vom 04.12.2026 (Bescheid-Nr. "
                                f"{first.reference}) mit Wirkung ab 01.03.2027")
    assert decision.previous == first and decision.period_to == first.period_to
    assert "Für die Zeit vom 01.03.2027 bis 31.12.2027 erhalten Sie" in flat
    # a lowering change takes benefits away: no § 38 note (BSG B 14 AS 2/13 R)
    assert "§ 38" not in flat
    assert re.search(r"März 2027 bis Dezember 2027: bisher 1\.506,00 €, künftig "
                     r"1\.\d{3},\d\d € monatlich \(niedriger um \d+,\d\d €\)", flat)
    _golden("aenderung", text)


def test_aufhebung_names_the_bescheid_it_cancels(letters, family, make_calc_case):
    first, _text = letters("bewilligung")
    end_case = make_calc_case(family, request=family_request(monat="2027-05", netto=3000,
                                                             brutto=4000))
    _decision, text = letters("aufhebung", case=end_case, period_from=dt.date(2027, 5, 1),
                              reasons="Sie haben eine Arbeit aufgenommen; ab Mai 2027 deckt "
                                      "Ihr Einkommen den Bedarf.")
    _checklist(text, verfuegung=f"(Bescheid-Nr. {first.reference}) mit Wirkung ab 01.05.2027 "
                                "auf", begruendung="Arbeit aufgenommen")
    flat = " ".join(text.split())
    assert (f"Geändert wird damit unser Bescheid vom 04.12.2026 (Bewilligung, Bescheid-Nr. "
            f"{first.reference}) für Mai 2027 bis Dezember 2027.") in flat
    # the need sheet shows that the income covers the need, not a payable entitlement
    assert re.search(r"Anspruch des ganzen Haushalts § 9 Abs. 2 S. 3 SGB II 0,00 €", flat)
    assert "Wir überweisen" not in flat and "§ 38" not in flat
    _golden("aufhebung", text)


@pytest.mark.parametrize(("sex", "greeting"), [
    (Person.Sex.FEMALE, "Sehr geehrte Frau Yılmaz,"),
    (Person.Sex.MALE, "Sehr geehrter Herr Yılmaz,"),
    (Person.Sex.DIVERSE, "Guten Tag Ayşe Yılmaz,"),
    (Person.Sex.NONE, "Guten Tag Ayşe Yılmaz,"),
])
def test_salutation_by_name(jobcenter, frozen, make_calc_case, caseworker, sex, greeting):
    from jobcenter.decisions import letter

    user = make_family(jobcenter, sex=sex)
    case = make_calc_case(user, request=family_request())
    decision = services.decision_create(case=case, decision_type_key="bewilligung",
                                        actor=caseworker)
    assert letter.salutation(decision) == greeting


@pytest.mark.parametrize(("received", "day"), [
    (dt.datetime(2026, 11, 24, 23, 30, tzinfo=dt.UTC), "25.11.2026"),  # 00:30 in Berlin
    (dt.datetime(2026, 11, 24, 22, 59, tzinfo=dt.UTC), "24.11.2026"),  # 23:59 in Berlin
    (dt.datetime(2027, 3, 28, 0, 30, tzinfo=dt.UTC), "28.03.2027"),    # 01:30 CET, DST day
    (dt.datetime(2027, 3, 27, 23, 30, tzinfo=dt.UTC), "28.03.2027"),   # 00:30 CET
    (dt.datetime(2027, 10, 30, 22, 30, tzinfo=dt.UTC), "31.10.2027"),  # 00:30 CEST
    (dt.datetime(2027, 10, 31, 22, 59, tzinfo=dt.UTC), "31.10.2027"),  # 23:59 CET after DST
])
def test_the_application_date_is_the_day_in_berlin(family, make_calc_case, caseworker,
                                                   received, day):
    """The "Antrag vom" date one day early (received_at.date() in UTC) — around midnight
    and on both days the clocks change."""
    from jobcenter.decisions import documents

    case = make_calc_case(family, request=family_request())
    case.received_at = received
    case.save(update_fields=["received_at"])
    decision = services.decision_create(case=case, decision_type_key="bewilligung",
                                        actor=caseworker)
    paragraphs = " ".join(documents.bescheid_data(decision)["paragraphs"])
    assert f"auf Ihren Antrag vom {day} bewilligen" in paragraphs


def test_a_person_without_a_name_blocks_issuing(family, make_calc_case, caseworker):
    # The calculation starts from the BG data (decisions/household_input.py); a person
    # added in the calculation only (with a reason) has no name there.
    case = make_calc_case(family, request=family_request())
    calc = services.calculation_for_case(case=case, actor=caseworker)
    services.calculation_change(
        calculation=calc, actor=caseworker, reason="Kind lebt im Haushalt",
        ops=[("append", "personen", {"id": "P4", "rolle": "kind", "geburtsdatum": "2019-04-01"}),
             ("set", "unterkunft.personen_im_haushalt", 4)])
    decision = services.decision_create(case=case, decision_type_key="bewilligung",
                                        actor=caseworker)
    with pytest.raises(services.DecisionError, match="01.04.2019 ist kein Name bekannt"):
        services.decision_finalize(decision=decision, actor=caseworker)
    decision.refresh_from_db()
    assert decision.status == Decision.Status.DRAFT


def test_an_ablehnung_wegen_vermoegen_without_excess_is_blocked(family, make_calc_case,
                                                                caseworker, client):
    from tests.conftest import login

    case = make_calc_case(family, request=family_request(vermoegen=1000))
    decision = services.decision_create(case=case, decision_type_key="ablehnung",
                                        actor=caseworker,
                                        reasons="Ihr Vermögen ist zu hoch.")
    login(client, caseworker)
    page = client.get(f"/arbeitsbereich/bescheide/{decision.pk}/").content.decode()
    assert "Dieser Bescheid kann so nicht erlassen werden" in page
    assert "liegt das Vermögen nicht über den Freibeträgen" in page
    response = client.post(f"/arbeitsbereich/bescheide/{decision.pk}/entscheiden/",
                           follow=True)
    assert "liegt das Vermögen nicht über den Freibeträgen" in response.content.decode()
    decision.refresh_from_db()
    assert decision.status == Decision.Status.DRAFT


def test_a_bewilligung_overlapping_one_in_force_is_blocked(letters, family, make_calc_case,
                                                          caseworker):
    first, _text = letters("bewilligung")
    case = make_calc_case(family, request=family_request(monat="2027-06"))
    again = services.decision_create(case=case, decision_type_key="bewilligung",
                                     actor=caseworker)
    with pytest.raises(services.DecisionError, match=first.reference):
        services.decision_finalize(decision=again, actor=caseworker)


def test_without_iban_the_letter_asks_for_one(jobcenter, frozen, make_calc_case, caseworker,
                                              teamlead, django_capture_on_commit_callbacks):
    user = make_family(jobcenter, iban="")
    case = make_calc_case(user, request=family_request())
    decision = services.decision_create(case=case, decision_type_key="bewilligung",
                                        actor=caseworker)
    decision = issue(decision, by=caseworker, approver=teamlead,
                     capture=django_capture_on_commit_callbacks)
    flat = " ".join(pdf_text(pdf_bytes(decision)).split())
    assert "Uns liegt keine Bankverbindung vor" in flat and "IBAN mit" in flat


def test_back_payment_for_months_that_have_begun(family, make_calc_case, caseworker,
                                                 teamlead, django_capture_on_commit_callbacks):
    """Decided on 4 December for a period from 1 December: December is paid afterwards."""
    case = make_calc_case(family, request=family_request(monat="2026-12"))
    decision = services.decision_create(case=case, decision_type_key="bewilligung",
                                        actor=caseworker)
    decision = issue(decision, by=caseworker, approver=teamlead,
                     capture=django_capture_on_commit_callbacks)
    flat = " ".join(pdf_text(pdf_bytes(decision)).split())
    assert re.search(r"Für Dezember 2026 zahlen wir 1\.\d{3},\d\d € nach\.", flat)
    assert "erstmals zum Anfang von Januar 2027" in flat


def test_the_reference_block_names_team_and_contact(family, make_calc_case, caseworker):
    from jobcenter.decisions import letter
    from jobcenter.jobcenters.models import Team

    case = make_calc_case(family, request=family_request())
    case.team = Team.objects.create(jobcenter=case.jobcenter, name="Leistung 2")
    case.assignee = caseworker
    case.save(update_fields=["team", "assignee"])
    decision = services.decision_create(case=case, decision_type_key="bewilligung",
                                        actor=caseworker)
    rows = dict(letter.reference_rows(decision))
    assert rows["Zuständig"] == "Leistung 2"
    assert rows["Ansprechperson"] == caseworker.get_full_name()
    assert rows["Bescheid-Nr."] == f"{case.reference}-B{decision.pk}"
    assert rows["Kundennummer"] == case.applicant.customer_number  # households numbers it
    assert rows["BG-Nummer"] == case.bedarfsgemeinschaft.number


@pytest.mark.parametrize(("moment", "day"), [
    (dt.datetime(2026, 12, 31, 23, 30, tzinfo=dt.UTC), dt.date(2027, 1, 1)),   # New Year
    (dt.datetime(2027, 3, 28, 0, 30, tzinfo=dt.UTC), dt.date(2027, 3, 28)),    # DST begins
    (dt.datetime(2027, 10, 30, 22, 30, tzinfo=dt.UTC), dt.date(2027, 10, 31)),  # DST ends
])
def test_letter_date_and_delivery_count_in_berlin(jobcenter, make_calc_case, caseworker,
                                                  teamlead, django_capture_on_commit_callbacks,
                                                  moment, day):
    """Issued online just after midnight in Berlin (still the day before in UTC): the
    letter is dated that day and counts four days from it (§ 37 Abs. 2 SGB X)."""
    from jobcenter.decisions.models import DeliveryPreference

    with time_machine.travel(NOW, tick=False):
        user = make_family(jobcenter)
    services.delivery_preference_set(user=user, channel=DeliveryPreference.Channel.ONLINE)
    with time_machine.travel(moment, tick=False):
        case = make_calc_case(user, request=family_request(monat=f"{day:%Y-%m}"))
        decision = services.decision_create(case=case, decision_type_key="bewilligung",
                                            actor=caseworker)
        decision = issue(decision, by=caseworker, approver=teamlead,
                         capture=django_capture_on_commit_callbacks)
    assert decision.letter_date == day
    assert decision.presumed_delivery == day + dt.timedelta(days=4)
    flat = " ".join(pdf_text(pdf_bytes(decision)).split())
    assert f"Datum {day:%d.%m.%Y}" in flat
    assert f"Antrag vom {day:%d.%m.%Y}" in flat
