"""The "unverbindliche Vorabberechnung" on the summary page (needs the sgb2 package)."""

from __future__ import annotations

import re

import pytest

from jobcenter.antraege.preview import preview_for_draft
from jobcenter.formengine import registry
from tests.antraege.test_mapping import single_no_income

pytestmark = pytest.mark.django_db


def test_a_complete_hauptantrag_gets_the_calculation_with_its_explanation(citizen, make_draft):
    pytest.importorskip("sgb2")
    result = preview_for_draft(make_draft(citizen))

    assert result["title"] == "Unverbindliche Vorabberechnung"
    assert result["missing"] == []
    html = str(result["html"])
    # the short answer first, the sheet behind a disclosure
    assert re.search(r"Voraussichtlich <strong[^>]*>[\d.]+,\d\d €</strong> im Monat", html)
    assert html.index("Voraussichtlich") < html.index("<details")
    assert "<table" in html and "unverbindlich" in html
    # plain language: the citizen's first name, no ids, versions, ISO months or staff notes
    assert "Alice" in html
    assert not re.search(r"\bP\d\b|@20\d\d|\b20\d\d-\d\d\b|Rechtsstand|Vorrangprüfung|"
                         r"nicht geprüft|Person\(en\)", html)


def test_an_incomplete_hauptantrag_says_what_is_missing(citizen, make_draft):
    answers = single_no_income()
    del answers["kaltmiete"]
    result = preview_for_draft(make_draft(citizen, answers=answers))
    assert result["html"] == ""
    assert result["missing"] == ["Angaben zur Miete fehlen."]


def test_the_preview_explanation_escapes_nothing_the_citizen_typed(citizen, make_draft):
    pytest.importorskip("sgb2")
    answers = {**single_no_income(), "vorname": "<script>alert(1)</script>"}
    html = str(preview_for_draft(make_draft(citizen, answers=answers))["html"])
    assert "<script>" not in html


def test_erstausstattung_has_no_preview(citizen, make_draft):
    assert preview_for_draft(make_draft(citizen, "erstausstattung", {})) is None


def test_the_hooks_are_registered_for_our_forms():
    from jobcenter.antraege.hooks import submit

    for key in ("hauptantrag", "weiterbewilligung", "veraenderung", "erstausstattung"):
        assert registry.submit_handler(key) is submit
    for key in ("hauptantrag", "weiterbewilligung", "veraenderung"):
        assert registry.preview_hook(key) is preview_for_draft


# --- engine errors through the one adapter (core.sgb2_adapter) -----------------------


def _with_persons(*persons) -> dict:
    answers = single_no_income()
    answers.update({"weitere_personen": True, "personen": list(persons)})
    return answers


PARTNER = {"person_vorname": "Bernd", "person_nachname": "Adler",
           "person_geburtsdatum": "1988-02-03", "beziehung": "partner"}


def test_two_partners_are_named_at_their_question_with_a_link(citizen, make_draft):
    """The engine refuses a second partner; the preview says so at the question of that
    person (it used to say only "zurzeit nicht möglich")."""
    second = {**PARTNER, "person_vorname": "Chris", "person_geburtsdatum": "1989-04-05"}
    draft = make_draft(citizen, answers=_with_persons(PARTNER, second))
    result = preview_for_draft(draft)

    assert result["html"] == "" and result["missing"] == []
    (problem,) = result["problems"]
    assert problem["label"] == "Person 2: Wer ist diese Person für Sie?"
    assert problem["message"] == "Nur eine Person kann Partnerin oder Partner sein."
    assert problem["url"] == (
        f"/formulare/entwurf/{draft.public_id}/seite/wep/?return=summary#f-personen-1-beziehung-0"
    )


def test_a_partner_under_15_is_named_at_the_birth_date_in_english(citizen, make_draft):
    from django.utils import translation

    child_partner = {**PARTNER, "person_geburtsdatum": "2016-01-01"}
    draft = make_draft(citizen, answers=_with_persons(child_partner))
    with translation.override("en"):
        result = preview_for_draft(draft)
    (problem,) = result["problems"]
    assert problem["label"] == "Person 1: Date of birth"
    assert problem["message"] == "The person must be at least 15 years old in the selected month."
    assert problem["url"].endswith(
        "/seite/wep/?return=summary#f-personen-0-person_geburtsdatum-tag")


def test_the_summary_page_lists_the_problem_with_its_link(client, citizen, make_draft):
    from django.urls import reverse

    from tests.conftest import login

    second = {**PARTNER, "person_vorname": "Chris"}
    draft = make_draft(citizen, answers=_with_persons(PARTNER, second))
    login(client, citizen)
    response = client.get(reverse("formengine:summary", args=[draft.public_id]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Mit diesen Angaben ist keine Vorabberechnung möglich." in html
    assert 'href="/formulare/entwurf/' in html and "#f-personen-1-beziehung-0" in html


def test_an_engine_defect_gives_a_friendly_note_and_no_server_error(
        client, citizen, make_draft, monkeypatch, caplog):
    from django.urls import reverse

    import sgb2
    from tests.conftest import login

    def broken(request):
        raise ZeroDivisionError(request["personen"][0]["geburtsdatum"])

    monkeypatch.setattr(sgb2, "berechnen_json", broken)
    draft = make_draft(citizen)
    assert preview_for_draft(draft)["missing"] == [
        "Die Vorabberechnung ist zurzeit nicht möglich. "
        "Ihr Antrag wird trotzdem vollständig geprüft."
    ]
    login(client, citizen)
    response = client.get(reverse("formengine:summary", args=[draft.public_id]))
    assert response.status_code == 200
    assert "1990-05-01" not in caplog.text
