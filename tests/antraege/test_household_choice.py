"""Which person? Income, assets and needs are assigned by choosing a person of the
household entered earlier in the form — never by a typed first name."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from jobcenter.antraege.household_choice import SELF, household_options
from jobcenter.antraege.sgb2_mapping import map_answers
from jobcenter.formengine import registry
from jobcenter.formengine.engine import check_answers
from tests.antraege.test_mapping import single_no_income
from tests.conftest import login

ON = dt.date(2026, 11, 24)


def family(**changes) -> dict:
    """A couple with two children who share a first name (different dates of birth)."""
    answers = single_no_income()
    answers.update({
        "weitere_personen": True,
        "personen": [
            {"person_vorname": "Bernd", "person_nachname": "Adler",
             "person_geburtsdatum": "1988-02-03", "beziehung": "partner"},
            {"person_vorname": "Kim", "person_nachname": "Adler",
             "person_geburtsdatum": "2008-07-08", "beziehung": "kind_gemeinsam"},
            {"person_vorname": "Kim", "person_nachname": "Adler",
             "person_geburtsdatum": "2009-09-09", "beziehung": "kind_gemeinsam"},
        ],
        "einkommensarten": ["erwerb"],
        "erwerbseinkommen": [{"ek_person": "Kim (2009-09-09)", "ek_arbeitgeber": "Café",
                              "ek_brutto": "520.00", "ek_netto": "520.00"}],
    })
    answers.update(changes)
    return answers


def test_the_options_are_the_applicant_and_every_further_person():
    options = household_options(family())
    assert [o.key for o in options] == [SELF, "Bernd (1988-02-03)", "Kim (2008-07-08)",
                                        "Kim (2009-09-09)"]
    assert options[0].label == {"de": "Ich selbst (Alice)", "en": "Myself (Alice)"}
    assert options[3].label == {"de": "Kim (geboren am 09.09.2009)",
                                "en": "Kim (born 09/09/2009)"}
    # the same name and date twice: still two distinct choices
    twins = family(personen=[{"person_vorname": "Kim", "person_geburtsdatum": "2009-09-09"}] * 2)
    assert [o.key for o in household_options(twins)] == [SELF, "Kim (2009-09-09)",
                                                         "Kim (2009-09-09) #2"]
    assert [o.key for o in household_options(family(weitere_personen=False))] == [SELF]


def test_the_income_goes_to_the_chosen_person_even_with_a_shared_first_name():
    result = map_answers("hauptantrag", family(), on=ON)
    assert result.missing == []
    earners = [p["id"] for p in result.request["personen"]
               if any(e.get("art") == "minijob" or e.get("art") == "erwerbseinkommen"
                      for e in p.get("einkommen", []))]
    assert earners == ["P4"]  # the younger Kim, not the first person called Kim
    mine = family(erwerbseinkommen=[{"ek_person": SELF, "ek_brutto": "900.00",
                                     "ek_netto": "700.00"}])
    (p1,) = [p for p in map_answers("hauptantrag", mine, on=ON).request["personen"]
             if p["id"] == "P1"]
    assert p1["einkommen"][0]["brutto"] == 900.0


def test_a_choice_whose_person_was_renamed_must_be_made_again():
    form = registry.get_form("hauptantrag")
    from jobcenter.formengine.options import resolve

    answers = family()
    assert not _errors_for(check_answers(resolve(form, answers), answers), "ek_person")
    renamed = family()
    renamed["personen"][2]["person_vorname"] = "Kimberly"
    errors = _errors_for(check_answers(resolve(form, renamed), renamed), "ek_person")
    assert [e.message for e in errors] == ["Bitte wählen Sie eine der angebotenen Antworten aus."]
    # and nothing is assigned to somebody else meanwhile
    assert map_answers("hauptantrag", renamed, on=ON).missing


def _errors_for(problems: dict, question_id: str) -> list:
    return [e for errors in problems.values() for e in errors
            if e.name.split("-")[-1] == question_id]


@pytest.mark.django_db
def test_the_income_page_offers_the_household_and_the_summary_shows_the_name(
        client, citizen, make_draft):
    draft = make_draft(citizen, answers=family())
    login(client, citizen)
    page = client.get(reverse("formengine:page", args=[draft.public_id, "erwerb"]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Wer arbeitet?" in html and 'type="radio"' in html
    for label in ("Ich selbst (Alice)", "Bernd (geboren am 03.02.1988)",
                  "Kim (geboren am 08.07.2008)", "Kim (geboren am 09.09.2009)"):
        assert label in html
    summary = client.get(reverse("formengine:summary", args=[draft.public_id]))
    assert "Kim (geboren am 09.09.2009)" in summary.content.decode()


@pytest.mark.django_db
def test_living_alone_nobody_is_asked_who(client, citizen, make_draft):
    answers = single_no_income()
    answers.update({"einkommensarten": ["erwerb"], "erwerbseinkommen": [
        {"ek_arbeitgeber": "Café", "ek_brutto": "520.00", "ek_netto": "520.00"}]})
    draft = make_draft(citizen, answers=answers)
    login(client, citizen)
    html = client.get(reverse("formengine:page", args=[draft.public_id, "erwerb"])
                      ).content.decode()
    assert "Wer arbeitet?" not in html
    result = map_answers("hauptantrag", answers, on=ON)
    assert result.missing == [] and result.request["personen"][0]["einkommen"]
