"""Hypothesis: random answers never break a concern's display walk, letter texts, staff facts
or the count of days of absence; the count per calendar year adds up to the trip."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jobcenter.anliegen import registry, selectors
from jobcenter.anliegen.letters import letter_of
from jobcenter.formengine import display
from jobcenter.formengine import registry as forms

CONCERNS = sorted(c.key for c in registry.concerns())

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-(10**6), 10**6), st.text(max_size=12),
    st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)).map(dt.date.isoformat),
    st.sampled_from(["2026-02-30", "urlaub", "reha", "ganz", "termin", "fahrt", "arbeit",
                     "bewilligung", "12.50", "-1", "NaN", "<script>"]),
)
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)),
    max_leaves=6)


def answer_sets():
    keys = sorted({q for key in CONCERNS for q in forms.get_form(key).questions})
    return st.dictionaries(st.sampled_from(keys), values, max_size=15)


#: the facts a letter fixes when staff decide (``Letter.extra``): any stored value
extras = st.one_of(st.none(), values, st.dictionaries(
    st.sampled_from(["month", "fallback", "bescheid"]), scalars, max_size=3))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(key=st.sampled_from(CONCERNS), answers=answer_sets(),
       amount=st.one_of(st.none(), st.text(max_size=6), st.decimals(allow_nan=False,
                                                                    places=2).map(str)),
       extra=extras)
def test_display_and_letters_never_raise(key, answers, amount, extra):
    form = forms.get_form(key)
    display.as_topics(display.answer_sections(form, answers))
    display.count_pages_and_questions(form, answers)
    letter = letter_of({"answers": answers, "received": "2026-12-03", "amount": amount,
                        "details": "Ergebnis", "appointment": {"day": "2026-12-15",
                                                               "time": "9:30", "place": "A"},
                        "extra": extra})
    for outcome in registry.get(key).outcomes:
        texts = outcome.paragraphs(letter)
        assert texts and all(isinstance(t, str) and t for t in texts)


@settings(max_examples=200, deadline=None)
@given(start=st.dates(dt.date(2024, 1, 1), dt.date(2030, 12, 31)),
       length=st.integers(0, 800), reason=st.sampled_from(["urlaub", "sonstiges", "reha", ""]))
def test_days_per_year_add_up_to_the_trip(start, length, reason):
    end = start + dt.timedelta(days=length)
    answers = {"von": start.isoformat(), "bis": end.isoformat(), "grund": reason}
    counted = sum(selectors.days_in_year(answers, year)
                  for year in range(start.year, end.year + 1))
    if reason in selectors.WICHTIGE_GRUENDE:
        assert counted == 0
    else:
        assert counted == length + 1
    # reversed or broken periods count nothing
    assert selectors.days_in_year({"von": end.isoformat(), "bis": start.isoformat(),
                                   "grund": "urlaub"}, start.year) == (1 if length == 0 else 0)
    assert selectors.days_in_year({"von": "kaputt", "bis": end.isoformat()}, start.year) == 0
