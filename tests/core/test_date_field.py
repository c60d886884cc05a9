"""``core.date_field``: a posted form (a ``QueryDict``) read without ``QueryDict.get``'s calls
and three boxes cleaned without a ``DateParts`` for the usual answer give what the general
steps give (the widget's read of any other mapping, ``DateParts.of`` and ``parse``)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.datastructures import MultiValueDict
from hypothesis import given, settings
from hypothesis import strategies as st

from jobcenter.core import memorable_date
from jobcenter.core.date_field import MemorableDateField, MemorableDateWidget

_TEXT = st.one_of(st.sampled_from(["", " ", "7", "07", "12", "2019", "1899", "2101", "31",
                                   "٣١", "x", "12345678901234", " 3 ", None]),
                  st.text(max_size=12))
_VALUES = st.lists(st.sampled_from(["", "7", "1", "2019", "31.01.2026", "x", "12345678901"]),
                   max_size=3)
_KEYS = ["geburt-tag", "geburt-monat", "geburt-jahr", "geburt", "andere-tag"]


@given(st.dictionaries(st.sampled_from(_KEYS), _VALUES))
@settings(max_examples=400, deadline=None)
def test_a_posted_form_is_read_as_any_other_mapping(lists):
    """The same value as the widget's read of a ``MultiValueDict`` of the same lists (which
    goes through ``get``): the last value, "" for a box posted without one, the single
    ``<name>`` when no box was posted, None for nothing."""
    posted = QueryDict(mutable=True)
    for key, values in lists.items():
        posted.setlist(key, values)
    posted._mutable = False
    widget = MemorableDateWidget()
    assert type(posted) is QueryDict
    expected = widget.value_from_datadict(MultiValueDict(lists), {}, "geburt")
    assert widget.value_from_datadict(posted, {}, "geburt") == expected


def _general(field: MemorableDateField, value: dict[str, object]) -> object:
    """The steps as they were: ``DateParts.of`` and ``parse``."""
    parts = memorable_date.DateParts.of(value)
    if parts.empty:
        return None
    try:
        return memorable_date.parse(parts)
    except memorable_date.DateInputError as exc:
        raise ValidationError(exc.message, code="date") from exc


@given(st.fixed_dictionaries({}, optional={"tag": _TEXT, "monat": _TEXT, "jahr": _TEXT}))
@settings(max_examples=500, deadline=None)
def test_three_boxes_are_cleaned_as_by_the_general_steps(value):
    field = MemorableDateField()

    def outcome(to_python):
        try:
            return to_python(value)
        except ValidationError as error:
            return (error.code, error.message)

    assert outcome(field.to_python) == outcome(lambda v: _general(field, v))


def test_the_usual_answer_and_other_values():
    field = MemorableDateField()
    assert field.to_python({"tag": "7", "monat": "1", "jahr": "2019"}) == dt.date(2019, 1, 7)
    assert field.to_python({"tag": " 07 ", "monat": "01", "jahr": "2019"}) == dt.date(2019, 1, 7)
    assert field.to_python(dt.datetime(2019, 1, 7, 12)) == dt.date(2019, 1, 7)
    assert field.to_python("31.01.2026") == dt.date(2026, 1, 31)
    assert field.to_python({"tag": "", "monat": None}) is None
    assert field.to_python("") is None and field.to_python(None) is None


class _Later(MemorableDateField):
    """A field of its own validation (``validate`` refuses dates before 2000)."""

    def validate(self, value):
        super().validate(value)
        if value and value.year < 2000:
            raise ValidationError("zu früh", code="early")


def _no_2020(value):
    if value.year == 2020:
        raise ValidationError("nicht 2020", code="no_2020")


@given(st.one_of(st.fixed_dictionaries({}, optional={"tag": _TEXT, "monat": _TEXT,
                                                     "jahr": _TEXT}),
                 st.sampled_from([None, "", "7.1.2019", "2020-02-29", "x",
                                  dt.date(2020, 1, 1), dt.datetime(1990, 5, 5, 1)])),
       st.sampled_from([MemorableDateField, _Later]), st.booleans(), st.booleans())
@settings(max_examples=500, deadline=None)
def test_a_date_is_cleaned_as_by_djangos_clean(value, kind, required, validated):
    field = kind(required=required, validators=[_no_2020] if validated else [])

    def outcome(clean):
        try:
            return clean(value)
        except ValidationError as error:
            return [(e.code, str(e.message)) for e in error.error_list]

    assert outcome(field.clean) == outcome(lambda v: forms.Field.clean(field, v))
