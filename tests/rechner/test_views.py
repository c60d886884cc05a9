"""The calculator page: computes and explains, validates in German and English, stores nothing."""

from __future__ import annotations

import datetime as dt
import re
import struct
from array import array
from decimal import Decimal
from html import unescape

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse, set_script_prefix

import sgb2
from tests.conftest import login

from .conftest import COUPLE_FORM
from .test_mapping import COUPLE_REQUEST

URL = "/buergergeld-rechner/"


def euro(value) -> str:
    """German money format, written independently of the code under test."""
    whole, cents = f"{Decimal(str(value)):.2f}".split(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return ".".join(groups) + "," + cents + " €"


def text(response) -> str:
    """The visible text of a page, whitespace collapsed."""
    html = response.content.decode()
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


@pytest.fixture
def engine_calls(monkeypatch):
    """Record every request the view hands to the engine (and still compute it)."""
    calls = []
    real = sgb2.berechnen_json

    def spy(request):
        calls.append(request)
        return real(request)

    monkeypatch.setattr(sgb2, "berechnen_json", spy)
    return calls


def test_the_page_is_public_and_starts_with_the_current_month(client):
    assert reverse("rechner:rechner") == URL
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<option value="2026-11" selected>' in html
    assert "wir speichern nichts" in html
    assert 'name="as_geburtsdatum-tag"' in html and 'type="date"' not in html
    assert "Kindergeld (259,00 € je Kind im Monat)" in text(response)
    assert "id=\"ergebnis\"" not in html


def test_the_couple_with_two_children_and_a_job_is_computed_and_explained(client, engine_calls):
    response = client.post(URL, COUPLE_FORM)
    assert response.status_code == 200
    assert engine_calls == [COUPLE_REQUEST]  # exactly what the engine receives

    expected = sgb2.berechnen_json(COUPLE_REQUEST)
    page = text(response)
    assert "Unverbindliche Vorabberechnung" in page
    assert "Ihr Ergebnis für November 2026" in page
    assert expected["leistungsname"] == "Grundsicherungsgeld"
    assert ("Voraussichtlich zahlt das Jobcenter Ihrem Haushalt im Monat "
            "(Grundsicherungsgeld)") in page
    summe = expected["summe"]
    assert f'data-testid="zahlbetrag">{euro(summe["zahlbetrag"])}<' in response.content.decode()
    assert f"Anspruch (Grundsicherungsgeld) {euro(summe['anspruch'])}" in page
    assert f"zusätzlich Kindersofortzuschlag {euro(summe['kindersofortzuschlag'])}" in page
    labels = {"P1": "Sie", "P2": "Ihre Partnerin / Ihr Partner",
              "K1": "Kind 1 (geboren 21.05.2016)", "K2": "Kind 2 (geboren 07.01.2019)"}
    for person in expected["personen"]:
        art = {"grundsicherungsgeld": "Grundsicherungsgeld", "sozialgeld": "Sozialgeld"}[
            person["leistungsart"]]
        assert f"{labels[person['id']]} {art}" in page
        assert euro(person["zahlbetrag"]) in page
    # The explanation: the Berechnungsbogen with each Freibetrag line and its legal basis,
    # persons by name, in plain words.
    assert "So haben wir gerechnet (Berechnungsbogen)" in page
    assert "Kind 1 (geboren 21.05.2016) – Sozialgeld" in page
    assert "§ 11b Abs. 3 SGB II" in page
    # Only the notes a citizen can use, in plain words; none for staff, no ISO month,
    # no parameter versions, no person ids.
    assert expected["hinweise"]
    assert "Bis einschließlich Oktober 2027 werden Ihre tatsächlichen Wohnkosten übernommen" in page
    for internal in ("Vorläufiger Rechtsstand", "nicht geprüft", "Rechtsstand", "@20", "P1",
                     "2027-10", "Person(en)"):
        assert internal not in page


def test_the_earnings_allowance_matches_the_hand_computed_figure(client):
    """§ 11b, spec §6.1: gross 2,000 € with a minor child in the BG → cap 1,500 €.

    Grundfreibetrag 100 €; Erwerbstätigenfreibetrag 20 % of 100–520 (84 €) + 30 % of
    520–1,000 (144 €) + 10 % of 1,000–1,500 (50 €) = 278 €; together 378 €.
    Countable earnings: net 1,500 € − 378 € = 1,122 €.
    """
    page = text(client.post(URL, COUPLE_FORM))
    assert "Grundfreibetrag (bleibt Ihnen) § 11b Abs. 2 S. 1 SGB II −100,00 €" in page
    assert "−84,00 €" in page and "−144,00 €" in page and "−50,00 €" in page
    assert "Lohn oder Gehalt, das angerechnet wird § 11b SGB II 1.122,00 €" in page


def test_before_july_2026_the_benefit_is_called_buergergeld(client, monkeypatch):
    monkeypatch.setattr("jobcenter.rechner.forms.today", lambda: dt.date(2026, 5, 10))
    response = client.post(URL, dict(COUPLE_FORM, monat="2026-06"))
    page = text(response)
    assert "Ihr Ergebnis für Juni 2026" in page
    assert "Voraussichtlich zahlt das Jobcenter Ihrem Haushalt im Monat (Bürgergeld)" in page
    assert "Anspruch (Bürgergeld)" in page
    assert "Anspruch (Grundsicherungsgeld)" not in page
    assert "Sie – Bürgergeld" in page


def test_the_result_links_to_the_online_application_and_to_advice(client):
    html = client.post(URL, COUPLE_FORM).content.decode()
    assert f'href="{reverse("portal:concerns")}#neu"' in html
    assert "Jetzt online beantragen" in html
    # "Persönliche Beratung vereinbaren" books an appointment (after signing in; issue 13)
    assert f'href="{reverse("termine_citizen:book")}"' in html


def test_the_links_follow_the_script_prefix(client):
    """The two links are kept per process by URL configuration and script prefix: a site
    mounted below a path links below it, the same process unmounted does not."""
    concerns, book = reverse("portal:concerns"), reverse("termine_citizen:book")
    plain = client.post(URL, COUPLE_FORM).content.decode()
    set_script_prefix("/jc/")  # as the WSGI handler does for SCRIPT_NAME (the test client not)
    try:
        mounted = client.post(URL, COUPLE_FORM).content.decode()
    finally:
        set_script_prefix("/")
    again = client.post(URL, COUPLE_FORM).content.decode()
    assert f'href="/jc{concerns}#neu"' in mounted and f'href="/jc{book}"' in mounted
    for page in (plain, again):
        assert f'href="{concerns}#neu"' in page and f'href="{book}"' in page
        assert 'href="/jc/' not in page


def test_too_much_money_in_the_bank_explains_the_missing_entitlement(client):
    data = dict(COUPLE_FORM, partner="nein", pa_geburtsdatum="", kinder="0",
                as_brutto="", as_netto="", as_vermoegen="100.000")
    for key in list(data):
        if key.startswith("kind"):
            del data[key]
    page = text(client.post(URL, data))
    assert ("Nach Ihren Angaben besteht voraussichtlich kein Anspruch auf "
            "Grundsicherungsgeld") in page
    assert "Ihr Vermögen (100.000,00 €) ist höher als der Freibetrag" in page


def test_enough_income_explains_the_missing_entitlement_and_points_to_other_help(client):
    data = dict(COUPLE_FORM, as_brutto="6.000", as_netto="4.000")
    page = text(client.post(URL, data))
    assert "besteht voraussichtlich kein Anspruch" in page
    assert "deckt den Bedarf Ihres Haushalts" in page
    assert "Wohngeld" in page and "Kinderzuschlag" in page


def test_a_single_parent_is_detected_and_gets_the_additional_need(client, engine_calls):
    data = dict(COUPLE_FORM, partner="nein", pa_geburtsdatum="")
    page = text(client.post(URL, data))
    assert [p["rolle"] for p in engine_calls[0]["personen"]] == ["antragsteller", "kind", "kind"]
    assert "Als Alleinerziehende oder Alleinerziehender erhalten Sie einen Mehrbedarf" in page


# --- adding and removing children without JavaScript ---------------------------------------


def test_adding_a_child_keeps_the_answers_and_shows_no_errors(client):
    data = dict(COUPLE_FORM, aktion="kind_hinzufuegen", kaltmiete="")
    response = client.post(URL, data)
    html = response.content.decode()
    assert 'name="kind3_geburtsdatum-tag"' in html
    assert re.search(r'name="kind3_geburtsdatum-tag"[^>]*autofocus', html)
    assert 'name="kinder" value="3"' in html
    assert re.search(r'name="kind1_geburtsdatum-tag"[^>]*value="21"', html)
    assert re.search(r'name="kind1_geburtsdatum-jahr"[^>]*value="2016"', html)
    assert 'value="1.500,00"' in html
    assert re.search(r'value="ja" id="id_partner_\d" checked', html)
    assert "Bitte korrigieren Sie Ihre Angaben" not in html
    assert "Ein weiteres Kind wurde hinzugefügt" in html


def test_removing_a_child_moves_the_next_child_up(client):
    response = client.post(URL, dict(COUPLE_FORM, aktion="kind_entfernen_1"))
    html = response.content.decode()
    assert 'name="kinder" value="1"' in html
    assert 'name="kind2_geburtsdatum-tag"' not in html
    assert re.search(r'name="kind1_geburtsdatum-tag"[^>]*value="7"', html)
    assert re.search(r'name="kind1_geburtsdatum-monat"[^>]*value="1"', html)


@pytest.mark.parametrize("kinder", ["abc", "-3", "999", ""])
def test_a_tampered_child_count_is_clamped(client, kinder):
    assert client.post(URL, dict(COUPLE_FORM, kinder=kinder)).status_code == 200


# --- validation --------------------------------------------------------------------------


def _error(html: str, field: str) -> str:
    match = re.search(rf'id="id_{field}-error".*?<span class="kern-body">(.*?)</span>', html, re.S)
    assert match, f"no error at {field}"
    return match.group(1)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"as_brutto": "zweitausend"}, "as_brutto",
         "Bitte geben Sie einen Betrag in Euro ein, zum Beispiel 1.234,56."),
        ({"kaltmiete": "-400"}, "kaltmiete", "Der Betrag darf nicht negativ sein."),
        ({"heizkosten": "150,555"}, "heizkosten",
         "Bitte geben Sie höchstens zwei Nachkommastellen (Cent) an."),
        ({"as_geburtsdatum": ""}, "as_geburtsdatum", "Bitte geben Sie Ihr Geburtsdatum ein."),
        ({"as_geburtsdatum": "31.02.1988"}, "as_geburtsdatum",
         "Dieses Datum gibt es nicht. Bitte prüfen Sie Tag und Monat."),
        ({"as_geburtsdatum": "1.1.2015"}, "as_geburtsdatum",
         "Die Person muss im gewählten Monat mindestens 15 Jahre alt sein"),
        ({"as_netto": "2.500"}, "as_netto",
         "Der Nettoverdienst kann nicht höher sein als der Bruttoverdienst."),
        ({"as_netto": ""}, "as_netto", "Bitte geben Sie auch den Nettoverdienst an"),
        ({"partner": "nein"}, "partner",
         "Sie haben Angaben zur Partnerin oder zum Partner gemacht."),
        ({"pa_geburtsdatum": ""}, "pa_geburtsdatum",
         "Bitte geben Sie das Geburtsdatum Ihrer Partnerin oder Ihres Partners ein."),
        ({"kind2_geburtsdatum": ""}, "kind2_geburtsdatum",
         "Bitte geben Sie das Geburtsdatum ein oder entfernen Sie das Kind."),
        ({"kind2_geburtsdatum": "01.01.2027"}, "kind2_geburtsdatum",
         "Das Kind ist im gewählten Monat noch nicht geboren."),
        ({"monat": "1999-01"}, "monat", "Bitte wählen Sie einen Monat aus der Liste."),
        ({"warmwasser": ""}, "warmwasser",
         "Bitte wählen Sie aus, wie Ihr Warmwasser erzeugt wird."),
        ({"as_ssw": "50"}, "as_ssw", "Bitte geben Sie eine Woche zwischen 1 und 45 ein."),
        ({"weitere_personen": "zwei"}, "weitere_personen",
         "Bitte geben Sie eine ganze Zahl ein, zum Beispiel 0 oder 1."),
    ],
)
def test_bad_input_gets_a_message_at_the_field_and_in_the_summary(client, changes, field, message):
    response = client.post(URL, dict(COUPLE_FORM, **changes))
    assert response.status_code == 200
    html = response.content.decode()
    assert message in _error(html, field)
    summary = html.split('id="error-summary"')[1].split("</div>\n</div>")[0]
    assert f'href="#id_{field}"' in summary
    assert 'aria-invalid="true"' in html or field in ("partner", "warmwasser")
    assert 'id="ergebnis"' not in html  # no result from wrong answers
    assert "<title>Fehler: " in html


def test_an_engine_message_is_shown_at_the_field_it_belongs_to(client, monkeypatch):
    def reject(request):
        raise sgb2.Eingabefehler([("personen[2].geburtsdatum", "liegt nach dem berechneten Monat"),
                                  ("personen", "genau eine Person mit der Rolle …")])

    monkeypatch.setattr(sgb2, "berechnen_json", reject)
    html = client.post(URL, COUPLE_FORM).content.decode()
    assert _error(html, "kind1_geburtsdatum") == "Das Datum liegt nach dem gewählten Monat."
    assert "Diese Angabe kann nicht berechnet werden. Bitte prüfen Sie sie." in html


def test_an_engine_message_is_shown_in_english_at_its_field(client, monkeypatch):
    """The messages come from the one adapter to the engine (core.sgb2_adapter), in the
    page's language, from the project's own catalogue."""
    def reject(request):
        raise sgb2.Eingabefehler([("personen[1].rolle",
                                   "höchstens eine Person mit der Rolle „partner“")])

    monkeypatch.setattr(sgb2, "berechnen_json", reject)
    data = dict(COUPLE_FORM, as_brutto="2,000.00", as_netto="1,500")  # English amounts
    html = client.post(URL, data, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert _error(html, "pa_geburtsdatum") == "Only one person can be a partner."


def test_an_engine_defect_gives_a_friendly_page_and_logs_no_answers(client, monkeypatch, caplog):
    def broken(request):
        raise ZeroDivisionError(f"secret {request['personen'][0]['geburtsdatum']}")

    monkeypatch.setattr(sgb2, "berechnen_json", broken)
    response = client.post(URL, COUPLE_FORM)
    assert response.status_code == 200
    assert "Die Berechnung ist gerade nicht möglich" in response.content.decode()
    assert re.search(r'name="as_geburtsdatum-jahr"[^>]*value="1988"',
                     response.content.decode())  # answers survive
    assert "ZeroDivisionError" in caplog.text
    assert "1988" not in caplog.text and "secret" not in caplog.text


ENGLISH = {
    "": "Content-Type: text/plain; charset=UTF-8\nLanguage: en\n",
    "Bitte geben Sie einen Betrag in Euro ein, zum Beispiel 1.234,56.":
        "Please enter an amount in euros, for example 1,234.56.",
    "Bitte korrigieren Sie Ihre Angaben": "Please correct your answers",
    "Das Kind ist im gewählten Monat noch nicht geboren. Eine Schwangerschaft geben Sie bitte "
    "bei der werdenden Mutter an.":
        "The child is not yet born in the chosen month. Please enter a pregnancy for the "
        "expectant mother.",
}


def write_mo(path, messages: dict[str, str]) -> None:
    """A GNU .mo catalogue (the format gettext reads), written without msgfmt."""
    keys = sorted(messages)
    ids = strs = b""
    entries = []
    for key in keys:
        k, v = key.encode(), messages[key].encode()
        entries.append((len(ids), len(k), len(strs), len(v)))
        ids += k + b"\0"
        strs += v + b"\0"
    n = len(keys)
    key_start = 7 * 4 + 16 * n
    value_start = key_start + len(ids)
    key_table = [x for o, n1, _, _ in entries for x in (n1, o + key_start)]
    value_table = [x for _, _, o, n2 in entries for x in (n2, o + value_start)]
    header = struct.pack("Iiiiiii", 0x950412DE, 0, n, 7 * 4, 7 * 4 + n * 8, 0, 0)
    path.write_bytes(header + array("i", key_table).tobytes()
                     + array("i", value_table).tobytes() + ids + strs)


@pytest.fixture
def english(settings, tmp_path):
    """A compiled English catalogue for some of our msgids (the real one is made by the lead)."""
    folder = tmp_path / "locale" / "en" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    write_mo(folder / "django.mo", ENGLISH)
    settings.LOCALE_PATHS = [tmp_path / "locale", *settings.LOCALE_PATHS]
    return {"HTTP_ACCEPT_LANGUAGE": "en"}


def test_validation_messages_are_translated_to_english(client, english):
    data = dict(COUPLE_FORM, as_brutto="two thousand", kind2_geburtsdatum="01.01.2027")
    response = client.post(URL, data, **english)
    html = response.content.decode()
    assert '<html lang="en"' in html
    assert "Please correct your answers" in html
    assert _error(html, "as_brutto") == "Please enter an amount in euros, for example 1,234.56."
    assert _error(html, "kind2_geburtsdatum").startswith("The child is not yet born")
    assert "Bitte geben Sie einen Betrag" not in html


def test_in_english_amounts_are_read_and_the_explanation_is_english(client, english,
                                                                     engine_calls):
    data = dict(COUPLE_FORM, as_brutto="2,000.00", as_netto="1,500")
    response = client.post(URL, data, **english)
    assert engine_calls == [COUPLE_REQUEST]
    page = text(response)
    expected = sgb2.berechnen_json(COUPLE_REQUEST)
    assert f"€{Decimal(str(expected['summe']['zahlbetrag'])):,.2f}" in page
    assert "Child 1 (born 21/05/2016) – Sozialgeld" in page
    assert "Earnings allowance (you keep it)" in page
    # the notes of the calculation are English too, and nothing says they are German only
    assert "Up to and including October 2027 your actual housing costs are covered" in page
    assert "only available in German" not in page and "Vorläufiger Rechtsstand" not in page
    assert "Provisional legal state" not in page


# --- stores nothing ------------------------------------------------------------------------


@pytest.mark.django_db
def test_computing_stores_nothing_anywhere(client, django_assert_num_queries, caplog):
    caplog.set_level("DEBUG")
    with django_assert_num_queries(0):
        response = client.post(URL, COUPLE_FORM)
        client.post(URL, dict(COUPLE_FORM, aktion="kind_hinzufuegen"))
        client.post(URL, dict(COUPLE_FORM, as_brutto="x"))
    assert 'id="ergebnis"' in response.content.decode()
    assert "sessionid" not in response.cookies and "__Host-sessionid" not in response.cookies
    assert Session.objects.count() == 0
    assert not client.cookies.get("sessionid")
    assert "no-store" in response["Cache-Control"]
    for value in ("14.02.1988", "1988-02-14", "1.500,00", "21.05.2016"):
        assert value not in caplog.text


def test_the_three_actors_all_get_the_public_calculator_without_session_writes(
        client, citizen, other_citizen, other_caseworker):
    for user in (None, citizen, other_citizen, other_caseworker):
        client.logout()
        if user is not None:
            login(client, user)
            client.get(URL)  # the sign-in's first request renews the activity (once a minute)
        before = dict(client.session)
        response = client.post(URL, COUPLE_FORM)
        assert response.status_code == 200, user
        assert 'id="ergebnis"' in response.content.decode()
        assert dict(client.session) == before


def test_after_submitting_the_browser_lands_on_the_answer_without_javascript(client):
    html = client.get(URL).content.decode()
    assert 'action="/buergergeld-rechner/#antwort"' in html
    assert 'formaction="/buergergeld-rechner/#kinder"' in html
    assert '<div id="antwort">' in client.post(URL, COUPLE_FORM).content.decode()
    errors = client.post(URL, dict(COUPLE_FORM, kaltmiete="x")).content.decode()
    assert '<div id="antwort">' in errors and 'id="error-summary"' in errors


def test_an_applicant_turning_15_later_in_the_month_is_told_at_the_field(client):
    """The engine counts age on the 1st of the month; the form checks the same way."""
    html = client.post(URL, dict(COUPLE_FORM, pa_geburtsdatum="20.11.2011")).content.decode()
    assert "mindestens 15 Jahre alt" in _error(html, "pa_geburtsdatum")


def test_starting_over_is_a_plain_link_that_empties_the_form(client):
    html = client.post(URL, COUPLE_FORM).content.decode()
    assert f'<a class="kern-link" href="{URL}">Alle Angaben löschen und neu beginnen</a>' in html
    fresh = client.get(URL).content.decode()
    assert "14.02.1988" not in fresh and "neu beginnen" not in fresh


def test_dates_are_typed_in_three_boxes_and_kept_when_a_child_is_added(client):
    data = dict(COUPLE_FORM)
    data.pop("as_geburtsdatum")
    data.update({"as_geburtsdatum-tag": "14", "as_geburtsdatum-monat": "2",
                 "as_geburtsdatum-jahr": "1988"})
    assert 'id="ergebnis"' in client.post(URL, data).content.decode()
    html = client.post(URL, dict(data, aktion="kind_hinzufuegen")).content.decode()
    assert re.search(r'name="as_geburtsdatum-monat"[^>]*value="2"', html)
    data["as_geburtsdatum-monat"] = ""
    html = client.post(URL, data).content.decode()
    assert "Bitte ergänzen Sie den Monat." in html
    assert re.search(r'name="as_geburtsdatum-monat"[^>]*aria-invalid="true"', html)
    assert not re.search(r'name="as_geburtsdatum-tag"[^>]*aria-invalid', html)


@pytest.mark.parametrize("language", ["de", "en", None])
def test_the_kindergeld_text_of_every_month_offered_is_the_amount_formatted(language):
    """Kept per language and amount: the same text as formatting the month's amount, the
    first time and again, for every month offered and for a month not offered."""
    from django.utils import translation

    from jobcenter.core import sgb2_adapter
    from jobcenter.rechner.forms import RechnerForm
    from jobcenter.rechner.views import _kindergeld_text

    with translation.override(language):
        months = [value for value, _label in RechnerForm().fields["monat"].choices]
        for month in [*months, "2019-01", ""] * 2:
            form = RechnerForm(data={"monat": month})
            day = dt.date(int(month[:4]), int(month[5:]), 1) if month in months else None
            amount = sgb2_adapter.kindergeld(day or dt.date(2026, 11, 1))
            assert _kindergeld_text(form, language) == sgb2_adapter.amount_text(amount, language)
