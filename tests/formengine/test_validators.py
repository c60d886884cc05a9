"""Every named validator and the parsing of German input."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from jobcenter.formengine import validators as v


def messages(func, value) -> list[str]:
    try:
        func(value)
    except ValidationError as exc:
        return [str(m) for m in exc.messages]
    return []


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("1.234,56", "1234.56"),
        ("1234,56", "1234.56"),
        ("1234.56", "1234.56"),
        ("1234,5", "1234.50"),
        ("12", "12.00"),
        ("0", "0.00"),
        ("1.234", "1234.00"),
        (" 12,30 € ", "12.30"),
        ("1.000.000,00", "1000000.00"),
        ("0,5", "0.50"),
        ("99999999,99", "99999999.99"),
    ],
)
def test_parse_money_accepts_german_and_plain_input(raw, stored):
    assert v.parse_money(raw) == stored


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("-5", "nicht negativ"),
        ("-1.234,56", "nicht negativ"),
        ("1,234", "zwei Nachkommastellen"),
        ("0,001", "zwei Nachkommastellen"),
        ("abc", "Betrag in Euro"),
        ("1,2,3", "Betrag in Euro"),
        ("", "Betrag in Euro"),
        ("100000000", "zu hoch"),
        ("1e5", "Betrag in Euro"),
        ("١٢٣", "Betrag in Euro"),
    ],
)
def test_parse_money_refuses_with_a_message(raw, fragment):
    assert any(fragment in m for m in messages(v.parse_money, raw))


def test_format_money():
    assert v.format_money("1234.56") == "1.234,56"
    assert v.format_money("0.5") == "0,50"
    assert v.format_money("1000000") == "1.000.000,00"
    assert v.format_money(None) == ""


@pytest.mark.parametrize(
    ("raw", "stored"),
    [("2024-02-29", "2024-02-29"), ("29.02.2024", "2024-02-29"), ("1.2.2020", "2020-02-01")],
)
def test_parse_date(raw, stored):
    assert v.parse_date(raw) == stored


@pytest.mark.parametrize(
    "raw", ["2023-02-29", "31.04.2020", "gestern", "1899-12-31", "2101-01-01", "2020-1-1"]
)
def test_parse_date_refuses(raw):
    assert messages(v.parse_date, raw)


def test_parse_number():
    assert v.parse_number("12") == 12 and v.parse_number("12,5") == 12.5
    assert v.parse_number("1.000") == 1000
    assert messages(v.parse_number, "zwölf")


def test_iban():
    assert messages(v.validate_iban, "DE02120300000000202051") == []
    assert messages(v.validate_iban, "DE02 1203 0000 0000 2020 51") == []
    assert "nicht gültig" in messages(v.validate_iban, "DE02120300000000202052")[0]
    assert v.normalize_iban("de02 1203 0000 0000 2020 51") == "DE02120300000000202051"
    assert messages(v.validate_iban_de, "AT611904300234573201")  # valid, but not German
    assert messages(v.validate_iban_de, "DE02120300000000202051") == []


def test_bic():
    assert messages(v.validate_bic, "COBADEFFXXX") == []
    assert messages(v.validate_bic, "COBADEFF") == []
    assert "BIC" in messages(v.validate_bic, "COBA")[0]


def test_steuer_id():
    assert messages(v.validate_steuer_id, "36 574 261 809") == []
    assert "Steuer-Identifikationsnummer" in messages(v.validate_steuer_id, "36574261890")[0]
    assert messages(v.validate_steuer_id, "123")


@pytest.mark.parametrize("number", ["15070649C103", "65170839J003", "15 070649 C 10 3"])
def test_rv_nummer_valid(number):
    assert messages(v.validate_rv_nummer, number) == []


@pytest.mark.parametrize(
    "number", ["15070649C104", "15071349C103", "1507064 C103", "ABCDEFGHIJKL", "15070649C10"]
)
def test_rv_nummer_invalid(number):
    assert "Rentenversicherungsnummer" in messages(v.validate_rv_nummer, number)[0]


def test_rv_check_digit_algorithm():
    # 15 070649 C 10: C = 03 -> digits 1 5 0 7 0 6 4 9 0 3 1 0, weights 2 1 2 5 7 1 2 1 2 1 2 1
    assert v.rv_check_digit("15070649C10") == 3


@pytest.mark.django_db
def test_postcode_jobcenter(jobcenter):
    assert messages(v.validate_postcode_jobcenter, "11111") == []
    assert messages(v.validate_postcode_jobcenter, {"postcode": "11111"}) == []
    assert "kein Jobcenter" in messages(v.validate_postcode_jobcenter, "99999")[0]
    assert "5 Ziffern" in messages(v.validate_postcode_jobcenter, "1111")[0]


def test_dates_not_future_and_birth_date():
    today = timezone.localdate()
    tomorrow = (today + dt.timedelta(days=1)).isoformat()
    assert messages(v.validate_not_future, today.isoformat()) == []
    assert "Zukunft" in messages(v.validate_not_future, tomorrow)[0]
    assert "Vergangenheit" in messages(v.validate_not_past, "2000-01-01")[0]
    assert messages(v.validate_birth_date, "1990-01-01") == []
    assert "120 Jahre" in messages(v.validate_birth_date, "1890-01-01")[0]
    assert messages(v.validate_adult, (today.replace(year=today.year - 10)).isoformat())


@pytest.mark.parametrize("number", ["030 1234567", "+49 30 1234567", "0171/1234567", "(030) 12-34"])
def test_phone_valid(number):
    assert messages(v.validate_phone, number) == []


@pytest.mark.parametrize("number", ["abc", "12", "+49 +30 123456", "0" * 20])
def test_phone_invalid(number):
    assert "Telefonnummer" in messages(v.validate_phone, number)[0]


def test_email():
    assert messages(v.validate_email, "name@beispiel.de") == []
    assert "E-Mail-Adresse" in messages(v.validate_email, "name@")[0]


def test_money_and_positive_on_stored_values():
    assert messages(v.validate_money, "12.50") == []
    assert messages(v.validate_money, "-1.00")
    assert messages(v.validate_money, "1.234")
    assert messages(v.validate_positive, "0") and messages(v.validate_positive, "x")
    assert messages(v.validate_positive, "0.01") == []


def test_messages_are_translated_to_english():
    with translation.override("en"):
        message = messages(v.validate_not_future, "2999-01-01")[0]
    assert message  # German msgid; English comes from the locale (extracted by the lead)


def test_registry_names():
    assert {
        "iban",
        "bic",
        "steuer_id",
        "rv_nummer",
        "postcode_jobcenter",
        "not_future",
        "birth_date",
        "phone",
        "email",
        "money",
    } <= set(v.registry())
