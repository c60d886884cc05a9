"""The answer to "berechnen" from a skeleton per shape (rechner/page.py): byte for byte the
page rendered as before, for many households, values, both languages and the failure
notice; a second household of the same shape renders no template of the page; nothing
typed is kept; what the skeleton does not cover (an error, a signed-in user, a message, a
query string) is rendered as before."""

from __future__ import annotations

import copy
import dataclasses
import re
from urllib.parse import urlencode

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.fallback import FallbackStorage
from django.template.loader import render_to_string
from django.test import Client
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sgb2
from jobcenter.core import sgb2_adapter
from jobcenter.core.templatetags.jc_sheets import sheet_tables
from jobcenter.rechner import page
from jobcenter.rechner.forms import RechnerForm, kinder_anzahl
from jobcenter.rechner.mapping import build_request
from jobcenter.rechner.presentation import present
from tests.conftest import login

from .conftest import COUPLE_FORM

URL = "/buergergeld-rechner/"
_TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')

# Households of other shapes than the couple (single, single parent, a pregnant partner
# with savings, three children), dates in the three boxes as a browser posts them.
SINGLE = {"aktion": "berechnen", "monat": "2026-11", "as_geburtsdatum-tag": "2",
          "as_geburtsdatum-monat": "11", "as_geburtsdatum-jahr": "1979", "partner": "nein",
          "kinder": "0", "kaltmiete": "390", "nebenkosten": "95", "heizkosten": "60",
          "warmwasser": "dezentral", "weitere_personen": "1", "as_brutto": "450",
          "as_netto": "450"}
SINGLE_PARENT = {**SINGLE, "kinder": "1", "kind1_geburtsdatum-tag": "12",
                 "kind1_geburtsdatum-monat": "3", "kind1_geburtsdatum-jahr": "2021",
                 "kind1_unterhaltsvorschuss": "227", "as_sonstiges": "120,50",
                 "warmwasser": "zentral", "weitere_personen": ""}
COUPLE_SAVINGS = {**SINGLE, "partner": "ja", "pa_geburtsdatum-tag": "19",
                  "pa_geburtsdatum-monat": "4", "pa_geburtsdatum-jahr": "1994", "pa_ssw": "20",
                  "as_vermoegen": "93500", "monat": "2026-12"}
THREE_CHILDREN = {**COUPLE_FORM, "kinder": "3", "kind3_geburtsdatum": "5.5.2020",
                  "kind2_unterhalt": "1000"}
HOUSEHOLDS = [COUPLE_FORM, SINGLE, SINGLE_PARENT, COUPLE_SAVINGS, THREE_CHILDREN]


def _post(client, form, **extra):
    return client.post(URL, urlencode(form), content_type="application/x-www-form-urlencoded",
                       **extra)


def _rendered(response) -> bool:
    return "rechner/rechner.html" in [t.name for t in response.templates]


def _as_before(client, monkeypatch, form, **extra) -> bytes:
    """The page of ``form`` rendered as before (the skeletons switched off), token masked."""
    with monkeypatch.context() as patch:
        patch.setattr(page, "_covered", lambda request, form: False)
        patch.setattr(page, "_result_from_skeleton", lambda context, tables, language: None)
        response = _post(client, form, **extra)
    assert _rendered(response)
    return _TOKEN.sub(b"TOKEN", response.content)


def _same_as_before(client, monkeypatch, form, **extra) -> bytes:
    response = _post(client, form, **extra)
    assert response.status_code == 200
    html = _TOKEN.sub(b"TOKEN", response.content)
    assert html == _as_before(client, monkeypatch, form, **extra)
    return html


@pytest.mark.parametrize("language", ["de", "en"])
def test_every_household_and_income_gets_the_page_rendered_as_before(client, monkeypatch,
                                                                      language):
    for household in HOUSEHOLDS:
        for brutto, netto in (("", ""), ("0", "0"), ("1.234,56", "999"), ("9000", "6000")):
            form = {**household, "as_brutto": brutto, "as_netto": netto}
            for _twice in range(2):  # the first builds the skeleton, the second fills it
                html = _same_as_before(client, monkeypatch, form, HTTP_ACCEPT_LANGUAGE=language)
                assert b'id="ergebnis-titel"' in html
    assert 0 < len(page.SKELETONS) <= 2 * len(HOUSEHOLDS)


def test_a_second_household_of_the_same_shape_renders_no_template_of_the_page(client):
    first = _post(client, COUPLE_FORM)
    assert _rendered(first)
    other = {**COUPLE_FORM, "as_brutto": "2.500", "as_netto": "1.800", "kaltmiete": "610",
             "kind1_geburtsdatum": "3.3.2017"}
    second = _post(client, other)
    assert not _rendered(second)
    assert not second.templates  # the result section from its skeleton too
    assert 'value="2.500"' in second.content.decode()
    assert 'value="2.000"' not in second.content.decode()
    assert second["Cache-Control"] == first["Cache-Control"]


def test_no_typed_value_is_kept(client):
    form = {**COUPLE_FORM, "as_brutto": "4.321,09", "as_netto": "3.210,98",
            "as_geburtsdatum-tag": "17", "as_geburtsdatum-monat": "6",
            "as_geburtsdatum-jahr": "1977"}
    del form["as_geburtsdatum"]
    html = _post(client, form).content.decode()
    assert "4.321,09" in html and 'value="1977"' in html
    kept = "".join(part for cache in (page.SKELETONS, page.RESULT_SKELETONS)
                   for skeleton in cache._entries.values() for part in skeleton.parts)
    assert len(page.RESULT_SKELETONS) == 1
    for typed in ("4.321,09", "3.210,98", "1977", "480", "170,00", "2019", "1990", "(geboren"):
        assert typed not in kept


def test_the_failure_notice_from_the_skeleton_as_before(client, monkeypatch):
    def broken(request):
        raise ZeroDivisionError("engine down")

    monkeypatch.setattr(sgb2, "berechnen_json", broken)
    for _twice in range(2):
        html = _same_as_before(client, monkeypatch, COUPLE_FORM)
        assert b"Die Berechnung ist gerade nicht m" in html
    assert len(page.SKELETONS) == 1


@pytest.mark.parametrize("change", [
    {"monat": ""}, {"as_brutto": "abc"}, {"partner": "nein"}, {"kind1_geburtsdatum": ""},
    {"as_geburtsdatum": "31.02.1988"}, {"partner": "vielleicht"}, {"as_ssw": "99"},
])
def test_a_form_with_an_error_is_rendered_as_before_and_keeps_nothing(client, monkeypatch,
                                                                      change):
    form = {**COUPLE_FORM, **change}
    response = _post(client, form)
    assert _rendered(response) and b"Fehler: " in response.content
    assert _same_as_before(client, monkeypatch, form)
    assert len(page.SKELETONS) == 0


def test_other_actions_signed_in_users_messages_and_queries_are_rendered_as_before(
        client, citizen):
    for form in ({**COUPLE_FORM, "aktion": "kind_hinzufuegen"},
                 {**COUPLE_FORM, "aktion": "kind_entfernen_1"}):
        assert _rendered(_post(client, form))
    for query in ("?x=1", "?&"):
        assert _rendered(client.post(URL + query, urlencode(COUPLE_FORM),
                                     content_type="application/x-www-form-urlencoded"))
    assert len(page.SKELETONS) == 0
    login(client, citizen)
    for _twice in range(2):
        assert _rendered(_post(client, COUPLE_FORM))
    assert len(page.SKELETONS) == 0


def test_a_waiting_message_is_shown_not_skipped(rf):
    from django.contrib.auth.models import AnonymousUser

    from jobcenter.rechner.views import rechner

    def request():
        made = rf.post(URL, COUPLE_FORM)
        made.user = AnonymousUser()
        made.session = {}
        made._messages = FallbackStorage(made)
        return made

    _ = rechner(request())  # a skeleton of this shape exists
    assert len(page.SKELETONS) == 1
    with_message = request()
    with_message._messages.add(constants.INFO, "Sie wurden abgemeldet.")
    response = rechner(with_message)
    assert "Sie wurden abgemeldet." in response.content.decode()


_amount = st.one_of(
    st.sampled_from(["", "0", "1", "12,5", "1.234,56", "999999", " 7 ", "1 000 €"]),
    st.integers(min_value=0, max_value=5000).map(str),
)
_odd = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
               max_size=12)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(household=st.sampled_from(HOUSEHOLDS), brutto=_amount, miete=_amount, vermoegen=_amount,
       sonstiges=_amount, language=st.sampled_from(["de", "en"]), odd=_odd,
       tag=st.sampled_from(["1", "01", "28", " 9"]))
def test_any_input_gets_the_page_rendered_as_before(client, monkeypatch, household, brutto,
                                                     miete, vermoegen, sonstiges, language,
                                                     odd, tag):
    form = copy.deepcopy(household)
    form.update(as_brutto=brutto, as_netto=brutto, kaltmiete=miete, as_vermoegen=vermoegen,
                as_sonstiges=sonstiges, weitere_personen=odd)
    form.pop("as_geburtsdatum", None)
    form.update({"as_geburtsdatum-tag": tag, "as_geburtsdatum-monat": "2",
                 "as_geburtsdatum-jahr": "1988"})
    for _twice in range(2):
        _same_as_before(client, monkeypatch, form, HTTP_ACCEPT_LANGUAGE=language)


def test_forms_share_their_fields_per_language_and_a_focus_stays_with_its_form():
    from django.utils import translation

    from jobcenter.rechner.forms import RechnerForm

    with translation.override("de"):
        first, second = RechnerForm(kinder=2), RechnerForm(kinder=2)
        focused = RechnerForm(kinder=2, focus="kind2_geburtsdatum")
        again = RechnerForm(kinder=2)
        german = str(again.fields["as_brutto"].label)
    assert first.fields is not second.fields
    assert second.fields["as_brutto"] is again.fields["as_brutto"]  # built once
    assert focused.fields["kind2_geburtsdatum"].widget.attrs.get("autofocus") == "autofocus"
    assert "autofocus" not in again.fields["kind2_geburtsdatum"].widget.attrs
    assert "autofocus" in str(focused["kind2_geburtsdatum"])
    assert "autofocus" not in str(again["kind2_geburtsdatum"])
    with translation.override("en"):
        english = RechnerForm(kinder=2)
        assert str(english.fields["as_brutto"].label) != german
        assert english.fields["as_brutto"].label == "Your gross earnings per month"
    assert len(RechnerForm(kinder=3).fields) == len(first.fields) + 3


# --- the result section from its skeleton: byte for byte the template rendered in full ----


def _result_rendered(context) -> str:
    """The result section rendered in full (``_ergebnis.html`` with the real values; the
    sheet's tables as the tag writes them in a page, tests/core/test_sheet_tables.py)."""
    return render_to_string(page.RESULT_TEMPLATE, {
        **context, "tabellen": sheet_tables(context["ergebnis"].sheet)})


def _result_context(form: dict[str, str], language: str) -> dict:
    with translation.override(language):
        bound = RechnerForm(data=form, kinder=kinder_anzahl(form.get("kinder")))
        assert bound.is_valid(), bound.errors
        mapped = build_request(bound.cleaned_data, bound.anzahl_kinder)
        ergebnis = present(sgb2_adapter.calculate(mapped.data), mapped.data, language)
    return {"ergebnis": ergebnis, "antrag_url": "/portal/anliegen/#neu",
            "beratung_url": "/portal/termine/buchen/"}


def _same_result_as_before(form: dict[str, str], language: str) -> str:
    context = _result_context(form, language)
    with translation.override(language):
        reference = _result_rendered(context)
        for _twice in range(2):  # the first builds the skeleton, the second fills it
            html = page.result_html(context)
            assert html == reference
            assert isinstance(html, SafeString)  # a page puts it in as it is
    return reference


@pytest.mark.parametrize("language", ["de", "en"])
def test_every_result_section_is_the_template_as_before(language):
    texts = []
    for household in HOUSEHOLDS:
        for brutto, netto in (("", ""), ("0", "0"), ("1.234,56", "999"), ("9000", "6000")):
            texts.append(_same_result_as_before(
                {**household, "as_brutto": brutto, "as_netto": netto}, language))
    joined = "".join(texts)
    # the shapes the households give: with and without an entitlement (both reasons), one
    # person and several, a person outside the Bedarfsgemeinschaft, both Mehrbedarfe, notes
    for marker in ('data-testid="zahlbetrag"', "kern-alert--warning", 'id="hinweise-titel"',
                   "Ergebnis je Person" if language == "de" else "Result per person"):
        assert marker in joined
    assert 0 < len(page.RESULT_SKELETONS) < len(texts)


def test_the_result_section_escapes_what_it_puts_in():
    context = _result_context(COUPLE_FORM, "de")
    ergebnis = context["ergebnis"]
    odd = '<b>"Kind" & \'Co\'</b>'
    personen = [dataclasses.replace(p, label=odd) for p in ergebnis.personen]
    sheet = dataclasses.replace(ergebnis.sheet, notes=[odd, mark_safe("<i>sicher</i>")])
    context["ergebnis"] = dataclasses.replace(ergebnis, personen=personen, sheet=sheet,
                                              leistungsname=odd)
    with translation.override("de"):
        html = page.result_html(context)
        assert html == _result_rendered(context)
    assert odd not in html and "&lt;b&gt;&quot;Kind&quot; &amp; &#x27;Co&#x27;&lt;/b&gt;" in html
    assert "<i>sicher</i>" in html


@settings(max_examples=40, deadline=None)
@given(household=st.sampled_from(HOUSEHOLDS), brutto=_amount, miete=_amount, vermoegen=_amount,
       sonstiges=_amount, unterhalt=_amount, language=st.sampled_from(["de", "en"]))
def test_any_result_section_is_the_template_as_before(household, brutto, miete, vermoegen,
                                                       sonstiges, unterhalt, language):
    form = {**household, "as_brutto": brutto, "as_netto": brutto, "kaltmiete": miete,
            "as_vermoegen": vermoegen, "as_sonstiges": sonstiges}
    if form.get("kinder") != "0":
        form["kind1_unterhalt"] = unterhalt
    _same_result_as_before(form, language)


def test_the_language_switch_of_a_page_from_the_skeleton_passes_the_csrf_check():
    """The token put into the skeleton (``core.csrf.page_token``: the cookie's secret with
    a fresh mask, or a new secret for a first visit) is one Django's CSRF check accepts."""
    browser = Client(enforce_csrf_checks=True)
    tokens = []
    for _visit in range(3):  # without a cookie yet, then with it
        response = _post(browser, COUPLE_FORM)
        assert not _rendered(response) or _visit == 0
        tokens.append(re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"',
                                response.content.decode())[1])
        switched = browser.post("/i18n/setlang/", {"language": "en", "next": URL,
                                                   "csrfmiddlewaretoken": tokens[-1]})
        assert switched.status_code == 302, switched.status_code
        browser.cookies.pop("django_language", None)
    assert len(set(tokens)) == 3  # masked anew for every page
    assert browser.cookies["csrftoken"].value


def test_the_shape_plan_is_made_per_set_of_fields_and_knows_what_it_does_not_cover():
    RechnerForm(kinder=2)  # the first form builds the prototype (and keeps its own fields)
    bound = RechnerForm(data=COUPLE_FORM, kinder=2)
    plan = page._plan(bound)
    assert page._plan(RechnerForm(data={}, kinder=2)) is plan  # the same prototype's fields
    assert page._plan(RechnerForm(kinder=3)) is not plan
    assert not plan.unknown and plan.months == tuple(
        value for value, _label in bound.fields["monat"].choices)

    changed = RechnerForm(data=COUPLE_FORM, kinder=2)
    changed.fields["kaltmiete"] = copy.deepcopy(changed.fields["kaltmiete"])
    changed.fields["kaltmiete"].disabled = True
    assert page._plan(changed).unknown  # rendered as before

    localized = RechnerForm(data={**COUPLE_FORM, "weitere_personen": "1"}, kinder=2)
    localized.fields["weitere_personen"] = copy.deepcopy(localized.fields["weitere_personen"])
    localized.fields["weitere_personen"].widget.is_localized = True
    localized_plan = page._plan(localized)
    kinds = {name: kind for name, kind, _extra in localized_plan.steps}
    assert kinds["weitere_personen"] == "text" and kinds["kaltmiete"] == "plain"
    assert localized_plan.signature != plan.signature
    data, values = {}, {}
    page._shape(localized, localized_plan, data, values)
    assert values[data["weitere_personen"].strip("\x00")] == "1"  # formatted by the widget

    wrong = RechnerForm(data={**COUPLE_FORM, "warmwasser": "solar"}, kinder=2)
    with pytest.raises(page._Unknown):  # a choice not offered: rendered as before
        page._shape(wrong, page._plan(wrong), {}, {})
