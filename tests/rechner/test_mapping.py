"""Form answers → the sgb2 request (the JSON contract), and engine paths → form fields."""

from __future__ import annotations

from jobcenter.core.sgb2_adapter import problem_message as engine_message
from jobcenter.rechner.forms import RechnerForm
from jobcenter.rechner.mapping import build_request

from .conftest import COUPLE_FORM

COUPLE_REQUEST = {
    "monat": "2026-11",
    "leistungsbeginn": "2026-11",
    "personen": [
        {"id": "P1", "rolle": "antragsteller", "geburtsdatum": "1988-02-14",
         "einkommen": [{"art": "erwerbseinkommen", "brutto": 2000, "netto": 1500}]},
        {"id": "P2", "rolle": "partner", "geburtsdatum": "1990-09-03"},
        {"id": "K1", "rolle": "kind", "geburtsdatum": "2016-05-21", "eltern": ["P1", "P2"],
         "einkommen": [{"art": "kindergeld", "empfaenger": "P1"}]},
        {"id": "K2", "rolle": "kind", "geburtsdatum": "2019-01-07", "eltern": ["P1", "P2"],
         "einkommen": [{"art": "kindergeld", "empfaenger": "P1"}]},
    ],
    "unterkunft": {"bruttokaltmiete": 650, "heizkosten": 150, "warmwasser": "zentral",
                   "personen_im_haushalt": 4},
}


def _request(data, kinder):
    form = RechnerForm(data=data, kinder=kinder)
    assert form.is_valid(), form.errors
    return build_request(form.cleaned_data, form.anzahl_kinder)


def test_the_couple_with_two_children_and_a_job_becomes_this_request():
    assert _request(COUPLE_FORM, 2).data == COUPLE_REQUEST


def test_a_single_parent_with_maintenance_assets_and_a_flatmate():
    data = {
        "monat": "2026-10", "as_geburtsdatum": "01.01.1985", "partner": "nein",
        "as_sonstiges": "120,50", "as_vermoegen": "3.000", "as_ssw": "",
        "kind1_geburtsdatum": "01.01.2020", "kind1_unterhalt": "200",
        "kind1_unterhaltsvorschuss": "0", "kaltmiete": "400,10", "nebenkosten": "99,90",
        "heizkosten": "", "warmwasser": "dezentral", "weitere_personen": "1",
    }
    request = _request(data, 1).data
    assert request["personen"] == [
        {"id": "P1", "rolle": "antragsteller", "geburtsdatum": "1985-01-01",
         "einkommen": [{"art": "sonstiges", "betrag": 120.5}], "vermoegen": 3000},
        {"id": "K1", "rolle": "kind", "geburtsdatum": "2020-01-01", "eltern": ["P1"],
         "einkommen": [{"art": "kindergeld", "empfaenger": "P1"},
                       {"art": "unterhalt", "betrag": 200}]},
    ]
    assert request["unterkunft"] == {"bruttokaltmiete": 500, "heizkosten": 0,
                                     "warmwasser": "dezentral", "personen_im_haushalt": 3}


def test_pregnancy_week_and_partner_income_are_passed_on():
    data = dict(COUPLE_FORM, pa_ssw="20", pa_brutto="556", pa_netto="556", pa_vermoegen="10,01")
    partner = _request(data, 2).data["personen"][1]
    assert partner["schwangerschaftswoche"] == 20
    assert partner["einkommen"] == [{"art": "erwerbseinkommen", "brutto": 556, "netto": 556}]
    assert partner["vermoegen"] == 10.01


def test_engine_error_paths_lead_back_to_the_form_fields():
    data = dict(COUPLE_FORM, kind1_unterhalt="50", as_sonstiges="10")
    mapped = _request(data, 2)
    assert mapped.field_for("personen[0].geburtsdatum") == "as_geburtsdatum"
    assert mapped.field_for("personen[0].einkommen[0].netto") == "as_netto"
    assert mapped.field_for("personen[0].einkommen[1].betrag") == "as_sonstiges"
    assert mapped.field_for("personen[1].rolle") == "pa_geburtsdatum"
    assert mapped.field_for("personen[2].einkommen[1].betrag") == "kind1_unterhalt"
    assert mapped.field_for("personen[3].geburtsdatum") == "kind2_geburtsdatum"
    assert mapped.field_for("unterkunft.personen_im_haushalt") == "weitere_personen"
    assert mapped.field_for("monat") == "monat"
    assert mapped.field_for("personen") is None  # whole-request problems: non-field error


def test_engine_reasons_become_actionable_messages():
    assert engine_message("liegt nach dem berechneten Monat") == (
        "Das Datum liegt nach dem gewählten Monat.")
    assert engine_message("etwas völlig Neues") == (
        "Diese Angabe kann nicht berechnet werden. Bitte prüfen Sie sie.")
