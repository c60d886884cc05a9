"""The mapping from our form answers to an sgb2 request (issue 3 contract)."""

from __future__ import annotations

import datetime as dt

import pytest

from jobcenter.antraege.sgb2_mapping import map_answers

ON = dt.date(2026, 11, 24)


def single_no_income() -> dict:
    return {
        "vorname": "Alice",
        "nachname": "Adler",
        "geburtsdatum": "1990-05-01",
        "anschrift": {"street": "Weg 1", "postcode": "11111", "city": "Alpha"},
        "email": "alice@example.org",
        "iban": "DE02120300000000202051",
        "weitere_personen": False,
        "einkommensarten": ["keines"],
        "vermoegen_erheblich": False,
        "besondere_situationen": ["keine"],
        "wohnsituation": "miete",
        "kaltmiete": "400.00",
        "nebenkosten": "80.00",
        "heizkosten": "70.50",
        "warmwasser": "zentral",
        "versicherungsstatus": "gesetzlich",
        "krankenkasse": "AOK",
    }


def test_single_without_income_maps_to_one_person_with_rent():
    result = map_answers("hauptantrag", single_no_income(), on=ON)

    assert result.missing == []
    assert result.request == {
        "monat": "2026-11",
        "leistungsbeginn": "2026-11",
        "personen": [{"id": "P1", "rolle": "antragsteller", "geburtsdatum": "1990-05-01"}],
        "unterkunft": {
            "bruttokaltmiete": 480.0,
            "heizkosten": 70.5,
            "warmwasser": "zentral",
            "personen_im_haushalt": 1,
        },
    }


def test_couple_with_two_children_and_a_job():
    answers = {
        **single_no_income(),
        "weitere_personen": True,
        "personen": [
            {
                "person_vorname": "Bernd",
                "person_nachname": "Adler",
                "person_geburtsdatum": "1988-02-03",
                "beziehung": "partner",
            },
            {
                "person_vorname": "Clara",
                "person_nachname": "Adler",
                "person_geburtsdatum": "2016-07-08",
                "beziehung": "kind_gemeinsam",
            },
            {
                "person_vorname": "Dana",
                "person_nachname": "Adler",
                "person_geburtsdatum": "2020-01-09",
                "beziehung": "kind_gemeinsam",
            },
        ],
        "kindergeld_kinder": True,
        "einkommensarten": ["erwerb"],
        "erwerbseinkommen": [
            {
                "ek_person": "bernd",
                "ek_arbeitgeber": "Bäckerei",
                "ek_brutto": "1800.00",
                "ek_netto": "1400.00",
            }
        ],
        "kaltmiete": "650.00",
        "nebenkosten": "150.00",
        "heizkosten": "110.00",
        "warmwasser": "dezentral",
    }

    result = map_answers("hauptantrag", answers, on=ON)

    assert result.missing == []
    kindergeld = [{"art": "kindergeld", "empfaenger": "P1"}]
    assert result.request["personen"] == [
        {"id": "P1", "rolle": "antragsteller", "geburtsdatum": "1990-05-01"},
        {
            "id": "P2",
            "rolle": "partner",
            "geburtsdatum": "1988-02-03",
            "einkommen": [{"art": "erwerbseinkommen", "brutto": 1800.0, "netto": 1400.0}],
        },
        {
            "id": "P3",
            "rolle": "kind",
            "geburtsdatum": "2016-07-08",
            "eltern": ["P1", "P2"],
            "einkommen": kindergeld,
        },
        {
            "id": "P4",
            "rolle": "kind",
            "geburtsdatum": "2020-01-09",
            "eltern": ["P1", "P2"],
            "einkommen": kindergeld,
        },
    ]
    assert result.request["unterkunft"] == {
        "bruttokaltmiete": 800.0,
        "heizkosten": 110.0,
        "warmwasser": "dezentral",
        "personen_im_haushalt": 4,
    }


def test_single_parent_with_maintenance_advance_and_pregnancy():
    answers = {
        **single_no_income(),
        "weitere_personen": True,
        "personen": [
            {
                "person_vorname": "Emil",
                "person_nachname": "Adler",
                "person_geburtsdatum": "2019-03-04",
                "beziehung": "kind",
            },
        ],
        "kindergeld_kinder": True,
        "einkommensarten": ["unterhalt"],
        "unterhalt_erhalten": [
            {"uh_person": "Emil", "uh_art": "unterhaltsvorschuss", "uh_betrag": "230.00"}
        ],
        "besondere_situationen": ["schwangerschaft"],
        "entbindungstermin": "2027-03-01",
    }

    result = map_answers("hauptantrag", answers, on=ON)

    assert result.missing == []
    applicant, child = result.request["personen"]
    # 2027-03-01 is 97 days after 2026-11-24: 13 full weeks before the due date → week 27.
    assert applicant == {
        "id": "P1",
        "rolle": "antragsteller",
        "geburtsdatum": "1990-05-01",
        "schwangerschaftswoche": 27,
    }
    assert child == {
        "id": "P2",
        "rolle": "kind",
        "geburtsdatum": "2019-03-04",
        "eltern": ["P1"],
        "einkommen": [
            {"art": "kindergeld", "empfaenger": "P1"},
            {"art": "unterhaltsvorschuss", "betrag": 230.0},
        ],
    }


def test_missing_rent_and_unknown_person_are_named():
    answers = {
        **single_no_income(),
        "einkommensarten": ["erwerb"],
        "erwerbseinkommen": [{"ek_person": "Zoe", "ek_brutto": "500.00", "ek_netto": "500.00"}],
    }
    del answers["kaltmiete"]

    result = map_answers("hauptantrag", answers, on=ON)

    assert result.request is None
    assert "Angaben zur Miete fehlen." in result.missing
    assert any("„Zoe“" in m for m in result.missing)


def test_missing_texts_follow_the_language():
    from django.utils import translation

    answers = single_no_income()
    del answers["geburtsdatum"]
    with translation.override("de"):
        assert map_answers("hauptantrag", answers, on=ON).missing == ["Ihr Geburtsdatum fehlt."]


def test_nothing_changed_wba_maps_the_current_state():
    base = single_no_income()
    result = map_answers(
        "weiterbewilligung",
        {"etwas_geaendert": "nein"},
        on=ON,
        base=base,
        leistungsbeginn=dt.date(2025, 11, 1),
    )
    assert result.request["leistungsbeginn"] == "2025-11"
    assert result.request["unterkunft"]["bruttokaltmiete"] == 480.0


def test_wba_changes_lie_over_the_last_submission():
    base = single_no_income()
    answers = {
        "etwas_geaendert": "ja",
        "geaenderte_themen": ["wohnung"],
        "wohnsituation": "miete",
        "kaltmiete": "420.00",
        "nebenkosten": "90.00",
        "heizkosten": "60.00",
        "warmwasser": "zentral",
    }
    result = map_answers("weiterbewilligung", answers, on=ON, base=base)
    assert result.request["unterkunft"]["bruttokaltmiete"] == 510.0
    assert result.request["unterkunft"]["heizkosten"] == 60.0


def test_vaem_start_of_work_adds_the_job():
    base = single_no_income()
    answers = {
        "aenderungen": ["arbeitsaufnahme"],
        "aenderung_ab": "2026-11-01",
        "neue_arbeit_arbeitgeber": "Markt",
        "neue_arbeit_beginn": "2026-11-01",
        "neue_arbeit_brutto": "556.00",
        "neue_arbeit_netto": "556.00",
    }
    result = map_answers("veraenderung", answers, on=ON, base=base)
    assert result.request["personen"][0]["einkommen"] == [
        {"art": "erwerbseinkommen", "brutto": 556.0, "netto": 556.0}
    ]


def test_vaem_without_a_previous_application_says_what_is_missing():
    result = map_answers(
        "veraenderung", {"aenderungen": ["konto"], "iban": "DE02120300000000202051"}, on=ON
    )
    assert result.request is None
    assert "Ihr Geburtsdatum fehlt." in result.missing


def test_erstausstattung_has_no_preview():
    assert map_answers("erstausstattung", {}, on=ON).request is None


@pytest.mark.parametrize("answers", [single_no_income()])
def test_mapped_requests_are_accepted_by_sgb2(answers):
    sgb2 = pytest.importorskip("sgb2")
    result = sgb2.berechnen_json(map_answers("hauptantrag", answers, on=ON).request)
    assert result["anspruch"] is True
    assert result["summe"]["zahlbetrag"] > 0
