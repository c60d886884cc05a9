"""Fuzz: random answers never break the forms of ``bedarfe`` — the display walk, the rules,
the staff facts, the previews, the letters and (Mehrbedarf) the sgb2 request."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jobcenter.anliegen import registry as concerns
from jobcenter.antraege.sgb2_mapping import map_answers
from jobcenter.bedarfe import katalog, vorschau, wohnen
from jobcenter.formengine import display, engine, registry

try:
    import sgb2
except ImportError:
    sgb2 = None

FORMS = [c.key for c in (*katalog.CONCERNS, *wohnen.CONCERNS) if c.key != "erstausstattung"]

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-(10**6), 10**6), st.text(max_size=12),
    st.sampled_from(["400.00", "0", "-1", "1e400", "NaN", "2026-02-30", "2019-05-01",
                     "2027-01-31", "zusicherung", "umzugskosten", "ernaehrung",
                     "schwangerschaft", "behinderung", "teilhabe", "befoerderung",
                     "klassenfahrt", "heizoel", "DE89370400440532013000", "haertefall",
                     "einmalig", "schulbuecher", "privat", "freiwillig", "erster_monat",
                     "haerte", "mehrbedarf", "studium", "wohnungsbeschaffung",
                     "genossenschaft", "strom", "miete", "sozial", "arbeit", "gesperrt",
                     "stundung", "raten", "erlass", "ganz", "teil", "forderung-1",
                     "forderung-x"]))
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(st.text(max_size=8), inner, max_size=3)),
    max_leaves=8)


#: the letter data staff's decision fixes (``Letter.extra``), e.g. the claim a Stundung names
extras = st.dictionaries(
    st.sampled_from(["claim", "number", "bescheid_date", "loan", "total", "left",
                     "offset_from", "tag", "month", "start", "payee", "iban", "costs"]),
    st.one_of(st.text(max_size=8), st.sampled_from(
        ["2027-01-31", "2026-02-30", "0", "-5", "1e400", "NaN", "500.00", "0.01", "1"])),
    max_size=8)


def answer_sets():
    keys = sorted({q for form in FORMS for q in registry.get_form(form).questions})
    return st.dictionaries(st.sampled_from(keys), values, max_size=25)


class Draft(SimpleNamespace):
    def final_answers(self):
        return self.answers


@pytest.mark.django_db
@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(form_key=st.sampled_from(FORMS), answers=answer_sets(), extra=extras)
def test_random_answers_never_break_display_rules_facts_and_letters(jobcenter, form_key,
                                                                     answers, extra):
    form = registry.get_form(form_key)
    display.as_topics(display.answer_sections(form, answers))
    display.count_pages_and_questions(form, answers)
    engine.evaluate(form, answers)
    concern = concerns.get(form_key)
    case = SimpleNamespace(data=answers, jobcenter_id=jobcenter.pk, applicant=None,
                           bedarfsgemeinschaft_id=None)
    if concern.staff_facts is not None:
        for label, value in concern.staff_facts(case):
            assert isinstance(label, str) and isinstance(value, str)
    letter = concerns.Letter(received=dt.date(2026, 12, 4),
                             answers={k: answers[k] for k in concern.letter_answers
                                      if k in answers},
                             amount=Decimal("123.45"), details="x", reasons="y",
                             extra=extra)
    for outcome in concern.outcomes:
        assert all(isinstance(p, str) for p in outcome.paragraphs(letter))
    draft = Draft(answers=answers, owner=SimpleNamespace(jobcenter_id=jobcenter.pk),
                  jobcenter_id=jobcenter.pk)
    for hook in (vorschau.umzug, vorschau.bildung_teilhabe, vorschau.auszug_u25):
        hook(draft)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answers=answer_sets(), base=answer_sets())
def test_mehrbedarf_mapping_only_builds_valid_requests(answers, base):
    result = map_answers("mehrbedarf", answers, on=dt.date(2026, 11, 24), base=base)
    assert (result.request is None) == bool(result.missing)
    if result.request is not None and sgb2 is not None:
        sgb2.parse_request(result.request)


def test_staff_facts_of_a_mehrbedarf_ignore_malformed_stored_answers(db):
    """Stored answers are data: a nested list or a number where keys are expected is
    ignored (found by the fuzz test above: it raised TypeError: unhashable list)."""
    from types import SimpleNamespace

    from jobcenter.bedarfe import facts

    for arten in ([["ernaehrung"]], 7, [None, {"a": 1}], "ernaehrung"):
        rows = facts.mehrbedarf(SimpleNamespace(data={"mehrbedarf_arten": arten}))
        assert rows[0][1] == "–"
    rows = facts.mehrbedarf(SimpleNamespace(data={"mehrbedarf_arten": ["ernaehrung", ["x"]]}))
    assert "Ernährung" in rows[0][1]
