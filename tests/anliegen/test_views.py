"""The catalogue page and the staff screen of a concern, with three actors (the citizen,
another citizen, a caseworker of another Jobcenter)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from jobcenter.decisions.models import Decision
from tests.conftest import login

pytestmark = pytest.mark.django_db


def test_the_catalogue_lists_every_concern_with_audience_and_documents(client, citizen):
    login(client, citizen)
    html = client.get(reverse("portal:catalogue")).content.decode()
    assert "Was möchten Sie erledigen?" in html
    assert "Ortsabwesenheit – Zustimmung zu einer Reise" in html
    assert reverse("formengine:start", kwargs={"form_key": "ortsabwesenheit"}) in html
    assert "Für wen:" in html and "Reisezeitraum und Reiseziel" in html
    assert reverse("portal:profile_bank") in html  # the bank account lives in the profile
    # without a Bewilligung the Weiterbewilligung is explained, not linked
    assert reverse("formengine:start", kwargs={"form_key": "weiterbewilligung"}) not in html


def test_the_catalogue_search_works_without_javascript(client, citizen):
    login(client, citizen)
    html = client.get(reverse("portal:catalogue"), {"q": "urlaub"}).content.decode()
    assert "1 Anliegen passt zu „urlaub“." in html
    assert "Ortsabwesenheit" in html and "Erstausstattung beantragen" not in html
    none = client.get(reverse("portal:catalogue"), {"q": "xyzzy"}).content.decode()
    assert "haben wir kein Anliegen gefunden" in none
    # German words find the entry on an English page too
    english = client.get(reverse("portal:catalogue"), {"q": "Reise"},
                         HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert reverse("formengine:start", kwargs={"form_key": "ortsabwesenheit"}) in english
    assert reverse("portal:profile_bank") not in english


def test_the_catalogue_is_for_citizens_only(client, caseworker):
    login(client, caseworker)
    assert client.get(reverse("portal:catalogue")).status_code in (302, 403)


def _post(client, case, **data):
    return client.post(reverse("anliegen:decide", args=[case.pk]), data)


def test_staff_decide_a_concern_and_the_citizen_sees_it(client, citizen, caseworker, submit):
    _submission, case = submit(citizen, "ortsabwesenheit")
    login(client, caseworker)
    page = client.get(reverse("casefiles:case", args=[case.pk])).content.decode()
    assert reverse("anliegen:decide", args=[case.pk]) in page
    screen = client.get(reverse("anliegen:decide", args=[case.pk])).content.decode()
    assert "Bereits zugestimmt im Jahr" in screen and "0 von 21 Tagen" in screen
    assert "14 Tage" in screen  # this request: 14 calendar days
    refused = _post(client, case, outcome="ablehnung", reasons="")
    assert refused.status_code == 400
    assert "Bitte begründen Sie die Ablehnung." in refused.content.decode()
    ok = _post(client, case, outcome="zustimmung")
    draft = Decision.objects.get(case=case)
    assert ok.status_code == 302 and ok["Location"] == reverse("decisions:detail",
                                                               args=[draft.pk])
    # a second answer while the draft is open is refused with a message
    again = client.get(reverse("anliegen:decide", args=[case.pk])).content.decode()
    assert "Es gibt schon einen Entwurf" in again


def test_other_actors_cannot_open_the_staff_screen(client, citizen, other_citizen,
                                                  other_caseworker, submit):
    _submission, case = submit(citizen, "ortsabwesenheit")
    url = reverse("anliegen:decide", args=[case.pk])
    login(client, other_caseworker)
    assert client.get(url).status_code == 404
    assert _post(client, case, outcome="zustimmung").status_code == 404
    assert not Decision.objects.filter(case=case).exists()
    client.logout()
    login(client, other_citizen)
    assert client.get(url).status_code in (302, 403)
    client.logout()
    login(client, citizen)
    assert client.get(url).status_code in (302, 403)


def test_a_case_that_is_no_concern_has_no_staff_screen(client, caseworker, citizen, submit):
    # (the Erstausstattung is a concern since bedarfe: a Veränderungsmitteilung is none)
    _s, case = submit(citizen, "veraenderung", {
        "aenderungen": ["konto"], "aenderung_ab": "2026-11-01",
        "iban": "DE89370400440532013000"})
    login(client, caseworker)
    page = client.get(reverse("casefiles:case", args=[case.pk])).content.decode()
    assert reverse("decisions:calculation", args=[case.pk]) in page
    assert client.get(reverse("anliegen:decide", args=[case.pk])).status_code == 404


def test_days_used_count_only_approved_holidays(citizen, caseworker, submit,
                                                django_capture_on_commit_callbacks):
    from jobcenter.anliegen import selectors, services
    from jobcenter.decisions import services as decisions

    today = timezone.localdate()
    year = today.year + 1
    first = {"von": dt.date(year, 3, 1).isoformat(), "bis": dt.date(year, 3, 10).isoformat(),
             "ort": "Wien", "grund": "urlaub", "post": True}
    _s, case = submit(citizen, "ortsabwesenheit", first)
    with django_capture_on_commit_callbacks(execute=True):
        decisions.decision_finalize(decision=services.anliegen_decide(
            case=case, actor=caseworker, outcome_key="zustimmung"), actor=caseworker)
    reha = {**first, "grund": "reha", "grund_text": "Reha", "von": dt.date(year, 5, 1)
            .isoformat(), "bis": dt.date(year, 5, 21).isoformat()}
    _s, reha_case = submit(citizen, "ortsabwesenheit", reha)
    with django_capture_on_commit_callbacks(execute=True):
        decisions.decision_finalize(decision=services.anliegen_decide(
            case=reha_case, actor=caseworker, outcome_key="zustimmung"), actor=caseworker)
    third = {**first, "von": dt.date(year, 12, 28).isoformat(),
             "bis": dt.date(year + 1, 1, 5).isoformat()}
    _s, third_case = submit(citizen, "ortsabwesenheit", third)
    allowance = selectors.allowance_for_case(third_case)
    assert allowance.year == year
    assert allowance.used == 10  # the Reha (wichtiger Grund) does not count
    assert allowance.requested == 4  # 28–31 December; January counts for the next year
    assert allowance.left_after == 7
    assert selectors.allowance_for_citizen(citizen, year).used == 10


def test_the_citizen_sees_the_days_left_before_starting(client, citizen, caseworker, submit,
                                                        django_capture_on_commit_callbacks):
    from jobcenter.anliegen import services
    from jobcenter.decisions import services as decisions

    _s, case = submit(citizen, "ortsabwesenheit")  # 14 days from the 10th day from today
    with django_capture_on_commit_callbacks(execute=True):
        decisions.decision_finalize(decision=services.anliegen_decide(
            case=case, actor=caseworker, outcome_key="zustimmung"), actor=caseworker)
    login(client, citizen)
    html = client.get(reverse("formengine:start", kwargs={"form_key": "ortsabwesenheit"}))
    start = dt.date.fromisoformat(case.data["von"])
    if start.year == timezone.localdate().year and start.year == dt.date.fromisoformat(
            case.data["bis"]).year:
        assert "an 14 von in der Regel 21 Tagen zugestimmt. Es bleiben 7 Tage." in \
            html.content.decode()
    else:  # the trip reaches into next year (run in late December)
        assert "in der Regel 21 Tagen zugestimmt" in html.content.decode()
