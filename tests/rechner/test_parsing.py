"""Amounts and dates as people type them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobcenter.rechner.forms import AmountError, month_choices, parse_amount, parse_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234,56", "1234.56"),
        ("1234,56", "1234.56"),
        ("1234,5", "1234.50"),
        ("1.234", "1234.00"),
        ("12.345.678", None),  # too high: see below
        ("1234.56", "1234.56"),
        ("650", "650.00"),
        ("650 €", "650.00"),
        ("  2 000 EUR ", "2000.00"),
        ("0", "0.00"),
        ("0,99", "0.99"),
        ("1.000.000", "1000000.00"),
        ("12.5", "12.50"),
    ],
)
def test_german_amounts_are_read_as_typed(text, expected):
    if expected is None:
        with pytest.raises(AmountError) as exc:
            parse_amount(text, "de")
        assert exc.value.code == "too_high"
    else:
        assert parse_amount(text, "de") == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1,234.56", "1234.56"), ("1,234", "1234.00"), ("12,50", "12.50"), ("1234.5", "1234.50")],
)
def test_english_amounts_are_read_as_typed(text, expected):
    assert parse_amount(text, "en") == Decimal(expected)


@pytest.mark.parametrize("msgid", [
    "Bitte geben Sie einen Betrag in Euro ein, zum Beispiel 1.234,56.",
    "Alle Beträge gelten für einen Monat. Felder ohne Eintrag zählen als 0 €. Beträge können "
    "Sie so eingeben, wie Sie es gewohnt sind, zum Beispiel 1.234,56.",
])
def test_each_language_shows_an_example_in_its_own_format(msgid):
    """The English page showed the German example "1.234,56" (the real catalogue; the
    view tests use a small one of their own), although it reads English amounts."""
    from django.utils import translation

    for language, example in (("de", "1.234,56"), ("en", "1,234.56")):
        with translation.override(language):
            shown = translation.gettext(msgid)
        assert f"example {example}." in shown or f"Beispiel {example}." in shown
        assert parse_amount(example, language) == Decimal("1234.56")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "invalid"),
        ("abc", "invalid"),
        ("12a", "invalid"),
        ("-5", "negative"),
        ("−5,00", "negative"),
        ("1,234,5", "invalid"),
        ("1.23.4", "invalid"),
        ("12,345", "decimals"),
        ("1,2,3", "invalid"),
        (",5", "invalid"),
        ("1e5", "invalid"),
        ("2.000.000", "too_high"),
    ],
)
def test_unreadable_amounts_say_why(text, code):
    with pytest.raises(AmountError) as exc:
        parse_amount(text, "de")
    assert exc.value.code == code


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14.02.1988", dt.date(1988, 2, 14)),
        ("7.1.2019", dt.date(2019, 1, 7)),
        ("07/01/2019", dt.date(2019, 1, 7)),
        ("1988-02-14", dt.date(1988, 2, 14)),
    ],
)
def test_dates_are_read_as_typed(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(("text", "code"), [("31.02.2000", "nonexistent"), ("1988", "format"),
                                            ("14.02.88", "format"), ("morgen", "format")])
def test_unreadable_dates_say_why(text, code):
    with pytest.raises(AmountError) as exc:
        parse_date(text)
    assert exc.value.code == code


def test_month_choices_centre_on_today_and_never_start_before_2023():
    values = [v for v, _ in month_choices(dt.date(2026, 11, 24))]
    assert values == ["2026-08", "2026-09", "2026-10", "2026-11", "2026-12", "2027-01", "2027-02"]
    assert [v for v, _ in month_choices(dt.date(2023, 2, 10))][0] == "2023-01"


cents = st.integers(min_value=0, max_value=100_000_000).map(lambda c: Decimal(c) / 100)


@given(cents)
def test_any_amount_written_the_german_way_reads_back_exactly(value):
    english = f"{value:,.2f}"
    german = english.replace(",", "X").replace(".", ",").replace("X", ".")
    assert parse_amount(german, "de") == value
    assert parse_amount(german.replace(".", ""), "de") == value  # without thousands dots
    assert parse_amount(german + " €", "de") == value
    assert parse_amount(english, "en") == value


@given(st.text(max_size=30), st.sampled_from(["de", "en"]))
def test_any_text_is_either_an_amount_or_a_known_error(text, lang):
    try:
        value = parse_amount(text, lang)
    except AmountError as exc:
        assert exc.code in {"invalid", "negative", "decimals", "too_high"}
    else:
        assert Decimal(0) <= value <= Decimal(1_000_000)
        assert value == value.quantize(Decimal("0.01"))


@pytest.mark.parametrize(("text", "expected"), [("007", "7.00"), ("1000000", "1000000.00"),
                                                ("1000001", None), ("٣", "invalid"),
                                                ("²", "invalid"), ("", "invalid")])
def test_whole_euros_without_a_separator(text, expected):
    """Digits alone (the usual answer, read without the general parser): ASCII digits only,
    the same upper bound."""
    if expected in (None, "invalid"):
        with pytest.raises(AmountError) as exc:
            parse_amount(text, "de")
        assert exc.value.code == ("too_high" if expected is None else "invalid")
    else:
        assert parse_amount(text, "de") == Decimal(expected)


@given(st.integers(min_value=0, max_value=2_000_000), st.sampled_from(["de", "en"]))
def test_whole_euros_read_as_with_cents(euros, lang):
    """"480" reads as "480,00" (German) / "480.00" (English) does, also above the bound."""
    with_cents = f"{euros},00" if lang == "de" else f"{euros}.00"
    try:
        expected = parse_amount(with_cents, lang)
    except AmountError as exc:
        with pytest.raises(AmountError) as ours:
            parse_amount(str(euros), lang)
        assert ours.value.code == exc.code
    else:
        assert parse_amount(str(euros), lang) == expected
        assert str(parse_amount(str(euros), lang)) == str(expected)
