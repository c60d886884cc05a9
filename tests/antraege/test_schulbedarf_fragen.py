"""The question "attends a school?" (§ 28 Abs. 1 S. 2, Abs. 3 SGB II): asked only of persons
under 25 in the household (the form engine's conditions), mapped to ``schueler`` /
``in_ausbildung`` of the engine request, changed by the Veränderungsmitteilung."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from jobcenter.antraege.sgb2_mapping import current_state, map_answers
from jobcenter.formengine import engine as form_engine
from jobcenter.formengine.registry import get_form

from .test_mapping import single_no_income

ON = dt.date(2026, 11, 24)


def family(**schule: Any) -> dict[str, Any]:
    """A mother (1990) with a son of 16, a daughter of 4 and her grandmother (1950)."""
    return {
        **single_no_income(),
        "weitere_personen": True,
        "personen": [
            {"person_vorname": "Ben", "person_nachname": "Adler",
             "person_geburtsdatum": "2010-03-01", "beziehung": "kind",
             **({"person_schule": schule["ben"]} if "ben" in schule else {})},
            {"person_vorname": "Cleo", "person_nachname": "Adler",
             "person_geburtsdatum": "2022-05-05", "beziehung": "kind"},
            {"person_vorname": "Dora", "person_nachname": "Adler",
             "person_geburtsdatum": "1950-01-01", "beziehung": "sonstige",
             **({"person_schule": schule["dora"]} if "dora" in schule else {})},
        ],
    }


def by_id(request: dict[str, Any], pid: str) -> dict[str, Any]:
    return next(p for p in request["personen"] if p["id"] == pid)


@pytest.mark.parametrize(
    ("answer", "schueler", "ausbildung"),
    [
        ("allgemeinbildend", True, True),
        ("berufsbildend", True, True),
        ("ausbildung", None, True),  # Berufsschule with Ausbildungsvergütung: § 11b Abs. 2b only
        ("nein", None, None),
    ],
)
def test_the_answer_becomes_the_request(answer: str, schueler: Any, ausbildung: Any) -> None:
    result = map_answers("hauptantrag", family(ben=answer), on=ON)
    assert result.missing == []
    ben = by_id(result.request, "P2")
    assert ben.get("schueler") is schueler and ben.get("in_ausbildung") is ausbildung
    # an error of the engine about it is shown at the question
    assert result.fields.field_for("personen[1].schueler") == "personen-0-person_schule"


def test_the_applicant_answers_for_herself() -> None:
    answers = {**single_no_income(), "geburtsdatum": "2007-01-15", "schule": "berufsbildend"}
    request = map_answers("hauptantrag", answers, on=ON).request
    assert request["personen"][0]["schueler"] is True


def test_a_person_outside_the_bg_is_never_a_pupil_of_the_calculation() -> None:
    request = map_answers("hauptantrag", family(dora="allgemeinbildend"), on=ON).request
    assert "schueler" not in by_id(request, "P4")


def test_a_malformed_stored_answer_is_ignored_not_a_crash() -> None:
    answers = family()
    answers["personen"][0]["person_schule"] = ["allgemeinbildend"]
    request = map_answers("hauptantrag", answers, on=ON).request
    assert "schueler" not in by_id(request, "P2")


def test_the_veraenderungsmitteilung_sets_and_ends_school_attendance() -> None:
    base = current_state(family(ben="allgemeinbildend"), None)
    change = {
        "aenderungen": ["schule"],
        "schulbesuch": [
            {"sb_person": "ben", "sb_schule": "ausbildung"},  # first name, any case
            {"sb_person": "Cleo", "sb_schule": "allgemeinbildend"},
            {"sb_person": "", "sb_schule": "nein"},  # the applicant
            {"sb_person": "Nobody", "sb_schule": "allgemeinbildend"},  # changes nothing
        ],
    }
    state = current_state(change, base)
    assert [p.get("person_schule") for p in state["personen"]] == [
        "ausbildung", "allgemeinbildend", None]
    assert state["schule"] == "nein"
    request = map_answers("veraenderung", change, on=ON, base=base).request
    assert "schueler" not in by_id(request, "P2") and by_id(request, "P3")["schueler"] is True
    # the base (the last submission) is not modified
    assert base["personen"][0]["person_schule"] == "allgemeinbildend"


def test_without_the_change_the_known_attendance_is_kept() -> None:
    base = current_state(family(ben="allgemeinbildend"), None)
    request = map_answers("weiterbewilligung", {"etwas_geaendert": "nein"}, on=ON,
                          base=base).request
    assert by_id(request, "P2")["schueler"] is True


# --------------------------------------------------------------------------- conditions
def _inner_asked(form_key: str, answers: dict[str, Any]) -> list[list[str]]:
    """Per entry of ``personen``: the ids of the inner questions asked (the engine's own
    evaluation, the one pages, checks and ``final_answers()`` use)."""
    evaluation = form_engine.evaluate(get_form(form_key), answers)
    return [[q.id for q in evaluation.inner[("personen", i)]]
            for i in range(len(answers["personen"]))]


@pytest.mark.parametrize(
    ("form_key", "extra"),
    [
        ("hauptantrag", {}),
        ("weiterbewilligung", {"etwas_geaendert": "ja", "geaenderte_themen": ["haushalt"]}),
        ("veraenderung", {"aenderungen": ["haushalt"]}),
    ],
)
def test_asked_only_for_persons_of_the_bg_under_25(form_key: str, extra: dict) -> None:
    answers = {**family(), **extra}
    answers["personen"].append({"person_vorname": "Emil", "person_nachname": "Adler",
                                "person_geburtsdatum": "1999-01-01", "beziehung": "kind"})
    answers["personen"].append({"person_vorname": "Fritz", "person_nachname": "Neu",
                                "beziehung": "kind"})  # no date of birth yet
    asked = _inner_asked(form_key, answers)
    assert ["person_schule" in ids for ids in asked] == [
        True,   # Ben, 16
        True,   # Cleo, 4: asked (the answer is "Nein")
        False,  # Dora: another person, not in the BG
        False,  # Emil, 27
        False,  # Fritz: not before the date of birth is known
    ]


def test_the_applicant_is_asked_only_under_25() -> None:
    form = get_form("hauptantrag")
    young = form_engine.evaluate(form, {"geburtsdatum": "2007-01-15"})
    older = form_engine.evaluate(form, {"geburtsdatum": "1990-05-01"})
    schule = form.questions["schule"]
    assert young.is_asked(schule) and not older.is_asked(schule)


def test_the_school_page_of_the_veraenderungsmitteilung_only_for_that_change() -> None:
    form = get_form("veraenderung")
    assert "schule" in form_engine.evaluate(form, {"aenderungen": ["schule"]}).page_keys()
    assert "schule" not in form_engine.evaluate(form, {"aenderungen": ["umzug"]}).page_keys()
