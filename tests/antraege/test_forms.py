"""Our form definitions: they load, and each Anlage/page shows exactly when it applies.

The walk is the form engine's own (``formengine.engine.evaluate`` through
``formengine.display``); the measurement for item 12 is recorded in docs/antraege.md.
"""

from __future__ import annotations

import pytest

from jobcenter.formengine import registry
from jobcenter.formengine.display import asked_pages, asked_questions, count_pages_and_questions
from jobcenter.formengine.engine import evaluate
from tests.antraege.test_mapping import single_no_income


def form(key):
    definition = registry.get_form(key)
    assert definition is not None, registry.load_errors()
    return definition


def pages(key, answers):
    return [p.key for p in asked_pages(evaluate(form(key), answers))]


def test_all_four_forms_load_without_problems():
    errors = [e for e in registry.load_errors() if "/antraege/forms/" in e.source]
    assert errors == []
    assert {"hauptantrag", "weiterbewilligung", "veraenderung", "erstausstattung"} <= set(
        registry.form_keys()
    )


def test_single_person_without_income_sees_only_the_core_pages():
    assert pages("hauptantrag", single_no_income()) == [
        "person",
        "konto",
        "situation",
        "wohnung",
        "versicherung",
    ]


@pytest.mark.parametrize(
    ("change", "anlage"),
    [
        ({"weitere_personen": True, "personen": [{"beziehung": "partner"}]}, "wep"),
        ({"weitere_personen": True, "personen": [{"beziehung": "kind"}]}, "kinder"),
        ({"weitere_personen": True, "personen": [{"beziehung": "kind_partner"}]}, "kinder"),
        ({"einkommensarten": ["erwerb"]}, "erwerb"),
        ({"einkommensarten": ["selbststaendig"]}, "selbststaendig"),
        ({"einkommensarten": ["unterhalt"]}, "unterhalt"),
        ({"einkommensarten": ["sonstiges"]}, "sonstiges"),
        ({"vermoegen_erheblich": True}, "vermoegen"),
        ({"besondere_situationen": ["schwangerschaft"]}, "mehrbedarf"),
        ({"besondere_situationen": ["behinderung"]}, "mehrbedarf"),
        ({"besondere_situationen": ["ernaehrung"]}, "mehrbedarf"),
    ],
)
def test_each_anlage_shows_only_when_it_applies(change, anlage):
    base = single_no_income()
    assert anlage not in pages("hauptantrag", base)
    assert anlage in pages("hauptantrag", {**base, **change})


def test_children_page_needs_a_child_not_just_another_person():
    answers = {
        **single_no_income(),
        "weitere_personen": True,
        "personen": [{"beziehung": "partner"}, {"beziehung": "sonstige"}],
    }
    assert "wep" in pages("hauptantrag", answers)
    assert "kinder" not in pages("hauptantrag", answers)


def test_housing_questions_follow_the_living_situation():
    hauptantrag = form("hauptantrag")
    ids = lambda answers: [q.id for q in asked_questions(hauptantrag, answers, "wohnung")]  # noqa: E731
    assert ids({"wohnsituation": "kostenfrei"}) == ["wohnsituation"]
    assert ids({"wohnsituation": "eigentum"}) == [
        "wohnsituation",
        "hauslasten",
        "heizkosten",
        "warmwasser",
    ]
    assert "kaltmiete" in ids({"wohnsituation": "miete"})


def test_wba_nothing_changed_goes_straight_to_the_declaration():
    assert pages("weiterbewilligung", {"etwas_geaendert": "nein"}) == ["aenderung"]


def test_wba_asks_only_the_changed_topics():
    answers = {"etwas_geaendert": "ja", "geaenderte_themen": ["wohnung", "konto"]}
    assert pages("weiterbewilligung", answers) == ["aenderung", "themen", "wohnung", "konto"]
    answers = {
        "etwas_geaendert": "ja",
        "geaenderte_themen": ["einkommen"],
        "einkommensarten": ["erwerb"],
    }
    assert pages("weiterbewilligung", answers) == ["aenderung", "themen", "einkommen", "erwerb"]
    # income answers left over from the last application do not open income pages unasked
    answers = {
        "etwas_geaendert": "ja",
        "geaenderte_themen": ["konto"],
        "einkommensarten": ["erwerb"],
    }
    assert "erwerb" not in pages("weiterbewilligung", answers)


@pytest.mark.parametrize(
    ("chosen", "expected"),
    [
        (["umzug"], ["aenderungen", "umzug", "wohnkosten"]),
        (["miete"], ["aenderungen", "wohnkosten"]),
        (["schwangerschaft"], ["aenderungen", "schwangerschaft"]),
        (["geburt"], ["aenderungen", "geburt"]),
        (["krankheit"], ["aenderungen", "krankheit"]),
        (["sonstiges"], ["aenderungen", "sonstiges_aenderung"]),
        (["einkommen"], ["aenderungen", "einkommen"]),
        (["haushalt"], ["aenderungen", "haushalt"]),
        (["arbeitsaufnahme"], ["aenderungen", "arbeitsaufnahme"]),
        (["konto"], ["aenderungen", "konto"]),
        (["abwesenheit"], ["aenderungen", "abwesenheit"]),
        (["umzug", "konto"], ["aenderungen", "umzug", "wohnkosten", "konto"]),
    ],
)
def test_vaem_pages_follow_the_chosen_changes(chosen, expected):
    assert pages("veraenderung", {"aenderungen": chosen}) == expected


def test_erstausstattung_pages_follow_the_occasion():
    assert pages("erstausstattung", {"anlaesse": ["wohnung"]}) == ["anlass", "wohnung"]
    assert pages("erstausstattung", {"anlaesse": ["schwangerschaft"]}) == [
        "anlass",
        "schwangerschaft",
    ]
    assert pages("erstausstattung", {"anlaesse": ["wohnung", "schwangerschaft"]}) == [
        "anlass",
        "wohnung",
        "schwangerschaft",
    ]


def test_hauptantrag_title_depends_on_the_date():
    import datetime as dt

    from django.utils import translation

    from jobcenter.antraege.forms_meta import title

    with translation.override("de"):
        assert title("hauptantrag", dt.date(2026, 6, 30)) == "Antrag auf Bürgergeld"
        assert title("hauptantrag", dt.date(2026, 7, 1)) == "Antrag auf Grundsicherungsgeld"


# --- Item 12: measurement (recorded in docs/antraege.md) --------------------------------


def test_measure_single_person_without_income_in_the_hauptantrag():
    # person 6 (name ×2, birth date, address, phone, e-mail), konto 1, situation 4,
    # wohnung 6 (how, rent, Nebenkosten, heating, hot water, optional tenancy upload),
    # versicherung 2 — plus the engine's "Angaben prüfen" page with the declaration.
    assert count_pages_and_questions(form("hauptantrag"), single_no_income()) == (5, 19)


def test_measure_nothing_changed_weiterbewilligung():
    assert count_pages_and_questions(form("weiterbewilligung"), {"etwas_geaendert": "nein"}) == (
        1,
        1,
    )
