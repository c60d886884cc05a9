"""``core.memorable_date.parse``: the short way for three parts of digits gives what the
checks one by one give — the date or the same error for the same boxes."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from jobcenter.core import memorable_date
from jobcenter.core.memorable_date import DateInputError, DateParts

_PART = st.one_of(st.text(alphabet="0123456789", max_size=5),
                  st.sampled_from(["", "١", "٣١", "0", "00", "29", "30", "31", "02", "1899",
                                   "1900", "2100", "2101", " 1", "x"]))


def _outcome(parse, parts: DateParts):
    try:
        return parse(parts)
    except DateInputError as error:
        return (error.message, error.parts)


@given(_PART, _PART, _PART)
@settings(max_examples=500, deadline=None)
def test_the_short_way_gives_what_the_checks_give(day, month, year):
    parts = DateParts(day, month, year)
    assert _outcome(memorable_date.parse, parts) == _outcome(memorable_date._parse, parts)


def test_the_parts_of_a_posted_date():
    assert DateParts.of({"tag": " 7", "monat": "1", "jahr": "2019  "}) == DateParts(
        "7", "1", "2019")
    assert DateParts.of({"tag": None, "jahr": "12345678901234"}) == DateParts(
        "", "", "1234567890")
