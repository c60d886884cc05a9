"""The one adapter to the law engine: the call, its errors, their placement and messages.

The callers' own mappings (Rechner form, application answers, caseworker's form) are tested
with their callers (tests/rechner, tests/antraege/test_preview.py,
tests/decisions/test_engine_errors.py); here is what they share.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import logging
from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sgb2
from jobcenter.core import sgb2_adapter
from jobcenter.core.sgb2_adapter import FieldMap
from jobcenter.formengine.display import money_text

VALID = {
    "monat": "2026-11",
    "leistungsbeginn": "2026-11",
    "personen": [
        {"id": "P1", "rolle": "antragsteller", "geburtsdatum": "1988-02-14",
         "einkommen": [{"art": "erwerbseinkommen", "brutto": 2000, "netto": 1500}]},
        {"id": "P2", "rolle": "partner", "geburtsdatum": "1990-09-03"},
        {"id": "K1", "rolle": "kind", "geburtsdatum": "2016-05-21", "eltern": ["P1", "P2"],
         "einkommen": [{"art": "kindergeld", "empfaenger": "P1"}]},
    ],
    "unterkunft": {"bruttokaltmiete": 650, "heizkosten": 150, "warmwasser": "zentral",
                   "personen_im_haushalt": 3},
}


def request(**changes) -> dict:
    data = copy.deepcopy(VALID)
    data.update(changes)
    return data


# --- the call --------------------------------------------------------------------------


def test_a_valid_request_is_computed():
    result = sgb2_adapter.calculate(request())
    assert result["monat"] == "2026-11" and "summe" in result


@pytest.mark.parametrize("bad", [None, [], "x", 3, {}, {"monat": 1}, {"personen": "x"}])
def test_anything_malformed_is_an_input_error(bad):
    with pytest.raises(sgb2_adapter.CalculationInputError) as info:
        sgb2_adapter.calculate(bad)
    assert info.value.errors and all(isinstance(p, str) for p, _r in info.value.errors)


def test_an_engine_defect_is_logged_without_the_data_and_reported(monkeypatch, caplog):
    def broken(data):
        raise KeyError(f"secret {data['personen'][0]['geburtsdatum']}")

    monkeypatch.setattr(sgb2, "berechnen_json", broken)
    with caplog.at_level(logging.ERROR), pytest.raises(sgb2_adapter.CalculationFailed) as info:
        sgb2_adapter.calculate(request())
    assert "KeyError" in caplog.text
    assert "1988" not in caplog.text and "secret" not in caplog.text
    assert info.value.__cause__ is None and info.value.__suppress_context__
    (problem,) = sgb2_adapter.place(info.value.errors, FieldMap())
    assert problem.field is None
    assert problem.message.startswith("Die Berechnung ist gerade nicht möglich")
    assert isinstance(info.value, sgb2_adapter.CalculationError)


JSON = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-(10**12), 10**12),
              st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=12)),
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(st.text(max_size=10), inner, max_size=3)),
    max_leaves=10,
)
PATHS = st.sampled_from([
    ("monat",), ("leistungsbeginn",), ("anspruch_von",), ("personen",),
    ("personen", 0), ("personen", 0, "geburtsdatum"), ("personen", 0, "rolle"),
    ("personen", 1, "rolle"), ("personen", 2, "eltern"), ("personen", 2, "eltern", 0),
    ("personen", 0, "einkommen"), ("personen", 0, "einkommen", 0, "netto"),
    ("personen", 0, "einkommen", 0, "art"), ("personen", 0, "vermoegen"),
    ("personen", 1, "schwangerschaftswoche"), ("personen", 0, "mehrbedarfe"),
    ("personen", 0, "leistungsminderung"), ("unterkunft",), ("unterkunft", "heizkosten"),
    ("unterkunft", "personen_im_haushalt"), ("unterkunft", "warmwasser"),
])


def _set(data, path, value):
    node = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(changes=st.lists(st.tuples(PATHS, JSON), max_size=4), whole=st.none() | JSON)
def test_no_input_ends_in_anything_but_a_result_or_a_placed_message(changes, whole):
    """Whatever a caller builds, the adapter answers with a result or with messages — and a
    real engine error of an input, never a defect of the engine."""
    data = request()
    for path, value in changes:
        with contextlib.suppress(KeyError, IndexError, TypeError):  # path not there
            _set(data, path, value)
    for candidate in ([data] if whole is None else [data, whole]):
        try:
            result = sgb2_adapter.calculate(candidate)
        except sgb2_adapter.CalculationInputError as exc:
            problems = sgb2_adapter.place(exc.errors, FieldMap({"personen[0]": "a"}))
            assert all(p.message for p in problems)
        else:
            assert isinstance(result, dict) and "summe" in result


def test_calculate_batch_reports_invalid_requests_by_index():
    month = dt.date(2026, 11, 1)
    outcome = sgb2_adapter.calculate_batch([request(), {"personen": []}, request()], month)
    assert set(outcome.totals) == {0, 2}
    assert outcome.totals[0] == outcome.totals[2] == Decimal(
        str(sgb2_adapter.calculate(request())["summe"]["zahlbetrag"]))
    assert 1 in outcome.errors and "personen" in outcome.errors[1]


# --- engine errors → fields ------------------------------------------------------------


def test_the_longest_recorded_prefix_wins_and_unknown_paths_belong_to_the_request():
    fields = FieldMap({"personen[1]": "pa_geburtsdatum",
                       "personen[1].einkommen[0]": "pa_brutto",
                       "personen[1].einkommen[0].netto": "pa_netto"})
    assert fields.field_for("personen[1].einkommen[0].netto") == "pa_netto"
    assert fields.field_for("personen[1].einkommen[0].brutto") == "pa_brutto"
    assert fields.field_for("personen[1].rolle") == "pa_geburtsdatum"
    assert fields.field_for("personen[10].rolle") is None  # not a prefix match on "[1"
    assert fields.field_for("personen") is None
    assert FieldMap.identity(["monat"]).field_for("monat") == "monat"


# One request per reason of the engine; each must get a message of its own (not the general
# fallback), in German and in English.
ENGINE_REASONS = {
    "date after the month": request(personen=[
        *VALID["personen"][:2],
        {"id": "K1", "rolle": "kind", "geburtsdatum": "2027-01-01", "eltern": ["P1"]}]),
    "two partners": request(personen=[
        *VALID["personen"], {"id": "P3", "rolle": "partner", "geburtsdatum": "1991-01-01"}]),
    "partner under 15": request(personen=[
        VALID["personen"][0], {"id": "P2", "rolle": "partner", "geburtsdatum": "2015-01-01"}]),
    "no applicant": request(personen=[VALID["personen"][1]]),
    "before 2023": request(monat="2022-12", leistungsbeginn="2022-12"),
    "start after month": request(leistungsbeginn="2027-01"),
    "bad month": request(monat="11/2026"),
    "bad date": request(personen=[{**VALID["personen"][0], "geburtsdatum": "14.02.1988"}]),
    "negative": request(unterkunft={**VALID["unterkunft"], "heizkosten": -1}),
    "cents": request(unterkunft={**VALID["unterkunft"], "heizkosten": 1.001}),
    "too high": request(unterkunft={**VALID["unterkunft"], "heizkosten": 10**8}),
    "not a number": request(unterkunft={**VALID["unterkunft"], "heizkosten": "viel"}),
    "net above gross": request(personen=[
        {**VALID["personen"][0],
         "einkommen": [{"art": "erwerbseinkommen", "brutto": 100, "netto": 200}]}]),
    "betrag with wages": request(personen=[
        {**VALID["personen"][0],
         "einkommen": [{"art": "erwerbseinkommen", "brutto": 1, "netto": 1, "betrag": 1}]}]),
    "brutto without wages": request(personen=[
        {**VALID["personen"][0], "einkommen": [{"art": "sonstiges", "brutto": 1}]}]),
    "unknown choice": request(unterkunft={**VALID["unterkunft"], "warmwasser": "solar"}),
    "unknown person": request(personen=[
        *VALID["personen"][:2], {**VALID["personen"][2], "eltern": ["P9"]}]),
    "own parent": request(personen=[
        *VALID["personen"][:2], {**VALID["personen"][2], "eltern": ["K1"]}]),
    "duplicate id": request(personen=[
        *VALID["personen"][:2], {**VALID["personen"][2], "id": "P2"}]),
    "too few in household": request(unterkunft={**VALID["unterkunft"],
                                                "personen_im_haushalt": 1}),
    "range": request(personen=[*VALID["personen"][:1],
                               {**VALID["personen"][1], "schwangerschaftswoche": 60}]),
    "whole number": request(personen=[*VALID["personen"][:1],
                                      {**VALID["personen"][1], "schwangerschaftswoche": 2.5}]),
    "bool": request(personen=[{**VALID["personen"][0], "erwerbsfaehig": "ja"}]),
    "empty persons": request(personen=[]),
    "missing birth date": request(personen=[{"id": "P1", "rolle": "antragsteller"}]),
    "empty id": request(personen=[{**VALID["personen"][0], "id": ""}]),
    "partial month": request(anspruch_von="2026-12-01"),
    "end before start": request(anspruch_von="2026-11-20", anspruch_bis="2026-11-10"),
}
GENERAL = "Diese Angabe kann nicht berechnet werden. Bitte prüfen Sie sie."


@pytest.mark.parametrize("case", sorted(ENGINE_REASONS))
def test_every_engine_reason_gets_a_message_of_its_own_in_german_and_english(case):
    with pytest.raises(sgb2_adapter.CalculationInputError) as info:
        sgb2_adapter.calculate(ENGINE_REASONS[case])
    for _path, reason in info.value.errors:
        with translation.override("de"):
            german = sgb2_adapter.problem_message(reason)
            staff = sgb2_adapter.problem_message(reason, staff=True)
        with translation.override("en"):
            english = sgb2_adapter.problem_message(reason)
        assert german != GENERAL, reason
        assert german == staff  # a known reason reads the same for staff
        assert english != german, (reason, "untranslated")
        assert german != reason  # never the engine's own words for citizens


def test_an_unknown_reason_reads_generally_for_citizens_and_verbatim_for_staff():
    assert sgb2_adapter.problem_message("unbekanntes Feld") == GENERAL
    assert sgb2_adapter.problem_message("unbekanntes Feld", staff=True) == (
        "Die Berechnung lehnt diese Angabe ab: unbekanntes Feld")
    with translation.override("en"):
        assert sgb2_adapter.problem_message("unbekanntes Feld") == (
            "This information cannot be calculated. Please check it.")


# --- presentation ----------------------------------------------------------------------


@pytest.mark.parametrize("value", ["0", "7.5", "1234.56", "1000000"])
def test_amounts_read_like_the_answer_display_in_both_languages(value):
    for language in ("de", "en"):
        with translation.override(language):
            assert sgb2_adapter.amount_text(value) == money_text(value)


_CENTS = st.integers(min_value=-10**14, max_value=10**14).map(lambda c: c / 100)
#: the amounts below 1,000 € (most of a sheet's, written without grouping)
_SMALL_CENTS = st.integers(min_value=-100_000, max_value=100_000).map(lambda c: c / 100)
_FLOATS = st.floats(allow_nan=True, allow_infinity=True)
_EDGES = [0.0, -0.0, 0.005, 0.015, 0.125, 0.165, -0.165, 2.675, 1e-7, 999999999999.99,
          999.99, -999.99, 999.995, -999.995, 1000.0, -1000.0, 0.01, -0.01, 5e-324, -5e-324,
          1e12, -1e12, 1e15 + 0.25, 123456789012345.67, float("nan"), float("inf")]


@settings(max_examples=400, deadline=None)
@given(value=st.one_of(_CENTS, _SMALL_CENTS, _FLOATS, st.sampled_from(_EDGES)))
def test_the_formatter_writes_a_float_as_its_shortest_decimal(value):
    """``amount_formatter`` writes a float (a whole number of cents without a Decimal) as
    ``betrag_text`` writes ``Decimal(str(value))``."""
    import sgb2.explain

    def outcome(write, *args):
        try:
            return write(*args)
        except Exception as error:  # noqa: BLE001 - NaN: both refuse it alike
            return type(error)

    for language in ("de", "en"):
        assert outcome(sgb2_adapter.amount_formatter(language), value) == outcome(
            sgb2.explain.betrag_text, Decimal(str(value)), language)


def test_the_page_language_follows_the_active_language():
    with translation.override("en"):
        assert sgb2_adapter.page_language() == "en"
    assert sgb2_adapter.page_language("en-gb") == "en"
    assert sgb2_adapter.page_language("fr") == "de"


def _gemischte_bg_mit_mehrbedarf_behinderung():
    """An excluded partner (age limit, Altersrente) with the Mehrbedarf bei Behinderung:
    under the SGB XII (§ 30 Abs. 4) the engine does not model it (sgb2.NichtModelliert)."""
    return {
        "monat": "2024-03",
        "leistungsbeginn": "2024-01",
        "personen": [
            {"id": "P1", "rolle": "antragsteller", "geburtsdatum": "1980-01-01"},
            {"id": "P2", "rolle": "partner", "geburtsdatum": "1955-03-01",
             "einkommen": [{"art": "altersrente", "betrag": 1100}],
             "mehrbedarfe": [{"art": "behinderung"}]},
        ],
        "unterkunft": {"bruttokaltmiete": 400, "heizkosten": 80, "warmwasser": "zentral"},
    }


def test_a_household_the_engine_cannot_compute_exactly_gets_no_number():
    """No number rather than an inexact one: the single call raises the input error with
    the engine's message; the batch reports the household as an error and computes the
    others."""
    not_exact = _gemischte_bg_mit_mehrbedarf_behinderung()
    with pytest.raises(sgb2_adapter.CalculationInputError) as exc:
        sgb2_adapter.calculate(not_exact)
    assert any("nicht abgebildet" in message for _path, message in exc.value.errors)
    with translation.override("de"):
        shown = sgb2_adapter.place(exc.value.errors, FieldMap({"personen[1]": "partner"}))
    assert shown[0].field == "partner"
    assert shown[0].message.startswith("Für diese Lebenslage kann nicht automatisch genau")
    assert "§" not in shown[0].message and "personen" not in shown[0].message
    exact = copy.deepcopy(not_exact)
    del exact["personen"][1]["mehrbedarfe"]
    outcome = sgb2_adapter.calculate_batch([not_exact, exact], dt.date(2024, 3, 1))
    assert 0 in outcome.errors and "von Hand" in outcome.errors[0]
    assert 0 not in outcome.totals and outcome.totals[1] == Decimal("392")
