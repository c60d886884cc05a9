"""Issue 12 item 5: the Veränderungsmitteilung's new topics reach the calculation and the
eAkte, two partners are impossible, the asset question states today's allowances."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import yaml

from jobcenter.antraege.sgb2_mapping import map_answers
from jobcenter.formengine import registry
from jobcenter.formengine.display import answer_sections
from jobcenter.formengine.engine import check_answers
from tests.antraege.test_mapping import single_no_income

ON = dt.date(2026, 12, 4)


def test_rent_change_without_a_move_changes_the_costs():
    answers = {"aenderungen": ["miete"], "aenderung_ab": "2026-12-01",
               "wohnsituation": "miete", "kaltmiete": "450.00", "nebenkosten": "90.00",
               "heizkosten": "80.00", "warmwasser": "zentral"}
    result = map_answers("veraenderung", answers, on=ON, base=single_no_income())
    assert result.request["unterkunft"]["bruttokaltmiete"] == 540.0
    assert result.request["unterkunft"]["heizkosten"] == 80.0


def test_pregnancy_adds_the_mehrbedarf_from_the_due_date():
    answers = {"aenderungen": ["schwangerschaft"], "entbindungstermin": "2027-03-01"}
    result = map_answers("veraenderung", answers, on=ON, base=single_no_income())
    assert result.missing == []
    assert result.request["personen"][0]["schwangerschaftswoche"] >= 13


def test_birth_adds_the_child_and_ends_the_pregnancy():
    base = {**single_no_income(), "besondere_situationen": ["schwangerschaft"],
            "entbindungstermin": "2026-11-20"}
    answers = {"aenderungen": ["geburt"], "neues_kind_vorname": "Mia",
               "neues_kind_nachname": "Adler", "neues_kind_geburtsdatum": "2026-11-18",
               "neues_kind_beziehung": "kind", "neues_kind_kindergeld": True}
    result = map_answers("veraenderung", answers, on=ON, base=base)
    people = result.request["personen"]
    assert [p["rolle"] for p in people] == ["antragsteller", "kind"]
    assert people[1]["geburtsdatum"] == "2026-11-18"
    assert "schwangerschaftswoche" not in people[0]
    assert result.request["unterkunft"]["personen_im_haushalt"] == 2


def _vaem():
    return registry.get_form("veraenderung")


def test_every_new_topic_is_shown_to_the_caseworker_with_its_answers():
    answers = {
        "aenderungen": ["miete", "krankheit", "haushalt", "sonstiges"],
        "aenderung_ab": "2026-12-01",
        "wohnsituation": "miete", "kaltmiete": "450.00", "nebenkosten": "90.00",
        "heizkosten": "80.00", "warmwasser": "zentral",
        "krank_seit": "2026-12-01", "krank_bis": "2026-12-12",
        "haushalt_aenderung": ["ausgezogen"], "haushalt_wer": "Bernd Adler",
        "weitere_personen": False,
        "sonstiges_text": "Mein Sohn macht ab Januar eine Ausbildung.",
    }
    assert check_answers(_vaem(), answers) == {}
    text = " ".join(f"{row.label}: {row.value}" for section in answer_sections(_vaem(), answers)
                    for row in section.rows)
    for expected in ("Miete, Nebenkosten oder Heizkosten haben sich geändert (ohne Umzug)",
                     "Kaltmiete im Monat: 450,00 €", "Arbeitsunfähig seit: 01.12.2026",
                     "Jemand ist ausgezogen", "Bernd Adler",
                     "Was hat sich geändert?: Mein Sohn macht ab Januar eine Ausbildung."):
        assert expected in text, expected


def test_illness_end_before_start_is_refused():
    answers = {"aenderungen": ["krankheit"], "krank_seit": "2026-12-01",
               "krank_bis": "2026-11-01"}
    problems = check_answers(_vaem(), answers)
    assert [e.message for e in problems["krankheit"]] == [
        "„Voraussichtlich bis“ darf nicht vor dem Beginn der Arbeitsunfähigkeit liegen."]


@pytest.mark.parametrize("form_key", ["hauptantrag", "weiterbewilligung", "veraenderung"])
def test_two_partners_are_refused_with_a_clear_message(form_key):
    form = registry.get_form(form_key)
    person = {"person_vorname": "Bernd", "person_nachname": "Adler",
              "person_geburtsdatum": "1988-01-01", "beziehung": "partner"}
    answers = {**single_no_income(), "weitere_personen": True, "aenderungen": ["haushalt"],
               "etwas_geaendert": "ja", "geaenderte_themen": ["haushalt"],
               "haushalt_aenderung": ["eingezogen"], "haushalt_wer": "Bernd und Carl",
               "personen": [person, {**person, "person_vorname": "Carl"}]}
    messages = [e for errors in check_answers(form, answers).values() for e in errors
                if e.name.endswith("beziehung")]
    assert messages, check_answers(form, answers)
    assert all(e.message.startswith("Nur eine Person kann Ihre Ehe- oder Lebenspartnerin")
               for e in messages)
    one = {**answers, "personen": [person, {**person, "beziehung": "sonstige"}]}
    assert not [e for errors in check_answers(form, one).values() for e in errors
                if e.name.endswith("beziehung")]


def _allowances_today():
    from pathlib import Path

    import sgb2

    params = yaml.safe_load((Path(sgb2.__file__).parent / "params" / "vermoegen.yaml").read_text())
    valid = [v for k, v in params["versionen"].items() if dt.date.fromisoformat(str(k)) <= ON]
    return valid[-1]["werte"]["nach_alter"]


@pytest.mark.parametrize("form_key", ["hauptantrag", "weiterbewilligung"])
def test_the_asset_question_states_the_allowances_in_force(form_key):
    question = registry.get_form(form_key).questions["vermoegen_erheblich"]
    german, english = question.help["de"], question.help["en"]
    assert "40.000" not in german and "Karenz" not in german  # the rules until June 2026
    bands = _allowances_today()  # [[from age, amount], …] — the engine's own parameters
    amounts = [f"{amount:,}".replace(",", ".") + " €" for _age, amount in bands]
    found = re.findall(r"\d{1,2}\.\d{3} €", german.split("Die Freibeträge")[0])
    assert found == amounts
    assert [f"{age} Jahren" for age, _ in bands[1:]] == re.findall(r"ab (\d+ Jahren)", german)
    assert "§ 12 Abs. 2 SGB II" in german
    assert [f"€{amount:,}" for _age, amount in bands] == re.findall(
        r"€\d{1,2},\d{3}", english.split("The allowances")[0])
