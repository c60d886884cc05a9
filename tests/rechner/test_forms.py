"""``RechnerForm._clean_fields`` (no BoundField per field) cleans exactly as Django's
``BaseForm._clean_fields``: the same cleaned values and the same errors, for households of
every size and for good, odd and wrong answers, in German and English."""

from __future__ import annotations

import datetime as dt
import importlib
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator
from django.forms.utils import ErrorList
from django.http import QueryDict
from django.utils import timezone, translation
from hypothesis import given, settings
from hypothesis import strategies as st

from jobcenter.rechner.forms import (
    ADULT_FIELDS,
    CHILD_FIELDS,
    AmountError,
    EuroField,
    OfferedChoiceField,
    RechnerForm,
    parse_amount,
)

from .conftest import COUPLE_FORM

_ANSWERS = st.sampled_from(["", " ", "480", "1.234,56", "1,234.56", "12,345", "-5", "abc",
                            "2.000.000", "0", "20", "46", "x" * 31, "\x00", "14.02.1988",
                            "1988-02-14", "31.02.2020", "1.1.1800", "ja", "nein", "zentral",
                            "2026-11", "2030-01"])
_DATE_PARTS = st.sampled_from(["", "1", "14", "02", "1988", "2025", "x", "32", "٣"])


def _names(kinder: int) -> list[str]:
    names = ["monat", "partner", "kaltmiete", "nebenkosten", "heizkosten", "warmwasser",
             "weitere_personen"]
    names += [f"{prefix}_{name}" for prefix in ("as", "pa") for name in ADULT_FIELDS]
    names += [f"kind{n}_{name}" for n in range(1, kinder + 1) for name in CHILD_FIELDS]
    return names


@st.composite
def _posts(draw):
    kinder = draw(st.integers(min_value=0, max_value=3))
    data = {"kinder": str(kinder)}
    for name in _names(kinder):
        if name.endswith("geburtsdatum") and draw(st.booleans()):
            for part in ("tag", "monat", "jahr"):
                data[f"{name}-{part}"] = draw(_DATE_PARTS)
        elif draw(st.integers(min_value=0, max_value=3)):
            data[name] = draw(_ANSWERS)
    return kinder, data


def _cleaned(form: RechnerForm, django: bool) -> tuple[dict, dict]:
    if django:  # Django's own loop over the bound fields
        form._clean_fields = lambda: forms.Form._clean_fields(form)  # type: ignore[method-assign]
    form.is_valid()
    return form.cleaned_data, form.errors.get_json_data()


@given(_posts(), st.sampled_from(["de", "en"]))
@settings(max_examples=200, deadline=None)
def test_cleaned_as_by_django(post, language):
    kinder, data = post
    with translation.override(language):
        ours = _cleaned(RechnerForm(data=data, kinder=kinder), django=False)
        theirs = _cleaned(RechnerForm(data=data, kinder=kinder), django=True)
    assert ours == theirs


@given(_posts(), st.sampled_from(["de", "en"]), st.data())
@settings(max_examples=150, deadline=None)
def test_a_posted_query_dict_cleaned_as_by_django(post, language, draw):
    # as posted: a QueryDict (read without its get()), some names sent twice or with no
    # value at all (the last one counts; an empty list reads as missing)
    kinder, data = post
    posted = QueryDict(mutable=True)
    for name, value in data.items():
        posted.setlist(name, draw.draw(st.sampled_from(
            [[value], [value], ["480", value], [value, ""], []])))
    posted._mutable = False
    with translation.override(language):
        ours = _cleaned(RechnerForm(data=posted, kinder=kinder), django=False)
        theirs = _cleaned(RechnerForm(data=posted, kinder=kinder), django=True)
    assert ours == theirs


@given(st.one_of(st.none(), st.text(max_size=35), st.sampled_from(
    ["", " ", "480", "1.234,56", "-5", "x" * 31, "\x00", "1\x002", "2.000.000", "12,345"])),
    st.booleans(), st.sampled_from(["de", "en"]))
@settings(max_examples=300, deadline=None)
def test_an_amount_cleaned_as_by_django(value, required, language):
    """``EuroField.clean`` without the steps that cannot apply: what ``Field.clean`` gives
    (``to_python``, ``validate``, ``run_validators``), value or error, also for a required
    amount and one with a validator of its own."""
    field = EuroField(required=required, validators=[MaxValueValidator(Decimal("5000"))])

    def outcome(clean):
        try:
            return clean(value)
        except ValidationError as error:
            return [(e.code, str(e.message)) for e in error.error_list]

    with translation.override(language):
        assert outcome(field.clean) == outcome(lambda v: forms.Field.clean(field, v))


@given(st.one_of(
    st.text(alphabet="0123456789", min_size=1, max_size=31),
    st.text(alphabet="0123456789 .,€\u00a0-+x\x00٣", max_size=31),
    st.sampled_from(["480", "0", "000", "1000000", "1000001", "0001000000", "9" * 30,
                     "9" * 31, " 480", "480 ", "480€", "٣٤", "1\x002"])),
    st.sampled_from([{}, {"required": True}, {"strip": False},
                     {"validators": [MaxValueValidator(Decimal("5000"))]}]),
    st.sampled_from(["de", "en"]))
@settings(max_examples=400, deadline=None)
def test_an_amount_cleaned_exactly_as_by_django(value, kwargs, language):
    """The same ``Decimal`` (digits and places: ``repr``, not just ``==``) or the same
    errors as ``Field.clean`` with ``CharField.to_python`` and the general parser: whole
    euros read without them, CharField's own validator (no NUL) not run on an amount."""
    field = EuroField(**kwargs)

    def general(value):  # the steps as they were: Django's clean, the general parser
        text = forms.CharField.to_python(field, value)
        if not text:
            return None
        if len(text) > 30:
            raise ValidationError(field.error_messages["invalid"], code="invalid")
        lang = "de" if text.isdigit() else (translation.get_language() or "de")[:2]
        try:
            return parse_amount(text, lang)
        except AmountError as exc:
            raise ValidationError(field.error_messages[exc.code], code=exc.code) from exc

    def theirs(value):
        amount = general(value)
        field.validate(amount)
        field.run_validators(amount)
        return amount

    def outcome(clean):
        try:
            return repr(clean(value))
        except ValidationError as error:
            return [(e.code, str(e.message)) for e in error.error_list]

    with translation.override(language):
        assert outcome(field.clean) == outcome(theirs)
        assert outcome(field.to_python) == outcome(general)


def test_the_couple_cleaned_as_by_django():
    ours = _cleaned(RechnerForm(data=COUPLE_FORM, kinder=2), django=False)
    theirs = _cleaned(RechnerForm(data=COUPLE_FORM, kinder=2), django=True)
    assert ours == theirs
    assert not ours[1] and ours[0]["kaltmiete"] == 480


class _WithFieldCleaners(RechnerForm):
    """A form with ``clean_<field>`` methods, as Django calls them after the field's clean."""

    def clean_kaltmiete(self):
        return self.cleaned_data["kaltmiete"] + 1

    def clean_partner(self):
        raise forms.ValidationError("no partner today")


def test_a_clean_method_of_a_field_is_called_as_by_django():
    ours = _cleaned(_WithFieldCleaners(data=COUPLE_FORM, kinder=2), django=False)
    theirs = _cleaned(_WithFieldCleaners(data=COUPLE_FORM, kinder=2), django=True)
    assert ours == theirs
    assert ours[0]["kaltmiete"] == 481 and "partner" in ours[1]


def test_the_label_suffix_is_djangos_in_each_language():
    for language in ("de", "en", None):
        with translation.override(language):
            assert (RechnerForm(kinder=1).label_suffix
                    == forms.Form().label_suffix
                    == RechnerForm(kinder=1, language=language).label_suffix)
    assert RechnerForm(None, None, "id_%s", None, None, ErrorList, "?").label_suffix == "?"
    assert RechnerForm(label_suffix="").label_suffix == ""



_real_today = importlib.import_module("jobcenter.rechner.forms").today  # (conftest fixes it)


def test_today_is_the_date_in_the_sites_time_zone():
    assert _real_today() == timezone.localdate()  # no other zone is active
    site = timezone.get_default_timezone()
    with timezone.override(dt.timezone(dt.timedelta(hours=-12))):
        assert _real_today() == timezone.localdate(timezone=site)


@given(st.one_of(st.none(), st.text(max_size=8), st.sampled_from(
    ["ja", "nein", "2026-11", "1", "x", "g", "True", "", " ja", "ja "])),
    st.sampled_from([
        [("ja", "Ja"), ("nein", "Nein")],
        [("2026-11", "November"), ("2026-12", "Dezember")],
        [(1, "eins"), (True, "wahr"), ("x", "x")],
        [("g", [("ja", "Ja"), ("1", "eins")]), ("nein", "Nein")],  # an optgroup
        []]),
    st.booleans(), st.booleans())
@settings(max_examples=400, deadline=None)
def test_an_offered_choice_is_cleaned_as_by_django(value, choices, required, validated):
    field = OfferedChoiceField(choices=choices, required=required,
                               validators=[MaxLengthValidator(2)] if validated else [])

    def outcome(clean):
        try:
            return repr(clean(value))
        except ValidationError as error:
            return [(e.code, str(e.message)) for e in error.error_list]

    for _twice in range(2):  # the offered texts found, then kept
        assert outcome(field.clean) == outcome(lambda v: forms.Field.clean(field, v))
    field.choices = [("ja", "Ja")]  # a new list of choices: found again
    assert outcome(field.clean) == outcome(lambda v: forms.Field.clean(field, v))
