"""The caseworker's calculation and the engine's errors, through the one adapter
(``core.sgb2_adapter``): each message at its input, translated; a request the engine cannot
take, or a failing engine, never becomes a 500 page."""

from __future__ import annotations

import re

import pytest

import sgb2
from jobcenter.decisions.forms import all_fields, calculation_sections
from jobcenter.decisions.models import Calculation, Decision
from tests.conftest import login

from .conftest import sgb2_request


def _url(case) -> str:
    return f"/arbeitsbereich/bescheide/fall/{case.pk}/"


def _field_error(html: str, html_id: str) -> str:
    match = re.search(rf'id="{html_id}-error">.*?<span class="kern-body">(.*?)</span>', html, re.S)
    assert match, f"no error at {html_id}"
    return match[1]


def _post_with(client, case, **changes):
    calc = Calculation.objects.get(case=case)
    data = {f.path: f.display for f in all_fields(calculation_sections(calc.request))}
    data.update({"reason": "Korrektur", "version": calc.version, **changes})
    return client.post(_url(case), data)


@pytest.mark.parametrize(("language", "message"), [
    ("de", "Bitte geben Sie ein gültiges Datum im Format JJJJ-MM-TT an, zum Beispiel "
           "1985-05-17."),
    ("en", "Please enter a valid date in the format YYYY-MM-DD, for example 1985-05-17."),
])
def test_an_engine_error_is_shown_translated_at_its_input(client, calc_case, caseworker,
                                                          language, message):
    login(client, caseworker)
    client.cookies["django_language"] = language
    client.get(_url(calc_case))
    response = _post_with(client, calc_case, **{"personen[0].geburtsdatum": "17.05.1985"})
    html = response.content.decode()
    assert response.status_code == 400
    assert _field_error(html, "f-personen-0-geburtsdatum") == message
    assert 'value="17.05.1985"' in html  # nothing typed is lost


def test_a_problem_of_the_whole_request_is_listed_with_its_path(client, make_calc_case,
                                                                 citizen, caseworker):
    request = sgb2_request()
    request["personen"][0]["rolle"] = "partner"  # nobody is the applicant
    case = make_calc_case(citizen, request=request)
    # without a Bedarfsgemeinschaft the persons stay as the answers give them (with one,
    # its applicant would be taken: decisions.household_input)
    case.bedarfsgemeinschaft = None
    case.save(update_fields=["bedarfsgemeinschaft"])
    login(client, caseworker)
    html = client.get(_url(case)).content.decode()
    summary = html.split('id="error-summary"')[1].split("</div></div>")[0]
    assert "personen: Genau eine Person muss die antragstellende Person sein." in summary


def test_a_stored_engine_error_reads_in_the_readers_language(client, make_calc_case, citizen,
                                                             caseworker):
    request = sgb2_request()
    request["unterkunft"]["heizkosten"] = -5.0
    case = make_calc_case(citizen, request=request)
    login(client, caseworker)
    html = client.get(_url(case)).content.decode()
    assert _field_error(html, "f-unterkunft-heizkosten") == "Der Betrag darf nicht negativ sein."
    client.cookies["django_language"] = "en"
    html = client.get(_url(case)).content.decode()
    assert _field_error(html, "f-unterkunft-heizkosten") == "The amount must not be negative."


def test_a_failing_engine_gives_a_page_with_a_message_never_a_500(
        client, make_calc_case, citizen, caseworker, monkeypatch, caplog):
    def broken(request):
        raise RecursionError(request["personen"][0]["geburtsdatum"])

    computed = make_calc_case(citizen)
    login(client, caseworker)
    assert client.get(_url(computed)).status_code == 200  # calculated while the engine works
    monkeypatch.setattr(sgb2, "berechnen_json", broken)

    # a Bescheid needs the engine for every month of the period
    response = client.post(f"{_url(computed)}neu/", {"decision_type": "bewilligung"})
    assert response.status_code == 400
    assert "Die Berechnung ist gerade nicht möglich." in response.content.decode()
    assert not Decision.objects.exists()

    # a change is not saved, the input stays
    response = _post_with(client, computed, **{"unterkunft.heizkosten": "90,00"})
    assert response.status_code == 400
    assert "Die Berechnung ist gerade nicht möglich." in response.content.decode()
    assert 'value="90,00"' in response.content.decode()

    # a case opened while the engine fails
    response = client.get(_url(make_calc_case(citizen)))
    assert response.status_code == 200
    assert "Die Berechnung ist gerade nicht möglich." in response.content.decode()
    assert "1985-05-17" not in caplog.text and "RecursionError" in caplog.text
