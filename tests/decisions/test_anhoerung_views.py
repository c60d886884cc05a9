"""The Anhörung's pages: staff start, send and decide; the citizen reads and answers; the
three actors (the citizen, another citizen, another Jobcenter's caseworker)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jobcenter.core import todo
from jobcenter.decisions.models import Anhoerung, Decision
from jobcenter.transparency.models import AccessLogEntry
from tests.casefiles.conftest import PDF
from tests.conftest import login
from tests.decisions.past_fixtures import APRIL, _raise_income
from tests.decisions.test_aufhebung import _send


@pytest.fixture
def sent(anhoerung, caseworker, django_capture_on_commit_callbacks):
    return _send(anhoerung, caseworker, django_capture_on_commit_callbacks)


def test_staff_start_an_anhoerung_from_the_changed_calculation(client, bewilligt, caseworker):
    case, _decision = bewilligt
    url = reverse("anhoerung:start", args=[case.pk])
    with time_machine.travel(APRIL, tick=False):
        login(client, caseworker)
        assert client.get(url).status_code == 200
        _raise_income(case, caseworker, 520.0)
        bad = client.post(url, {"basis": "48_nr3", "facts": ""})
        assert bad.status_code == 400
        response = client.post(url, {
            "month_from-tag": "1", "month_from-monat": "1", "month_from-jahr": "2027",
            "month_to-tag": "1", "month_to-monat": "3", "month_to-jahr": "2027",
            "kenntnis_am-tag": "2", "kenntnis_am-monat": "4", "kenntnis_am-jahr": "2027",
            "basis": "48_nr3", "facts": "Lohn 520 € seit Januar.", "trust": ""})
        anhoerung = Anhoerung.objects.get()
        assert response.status_code == 302
        assert response["Location"] == reverse("anhoerung:detail", args=[anhoerung.pk])
        page = client.get(response["Location"])
    assert page.status_code == 200
    assert "176,00 €" in page.content.decode()
    assert AccessLogEntry.objects.filter(actor=caseworker).exists()


def test_the_citizen_reads_and_answers_online(client, sent, citizen):
    url = reverse("anhoerung_citizen:detail", args=[sent.pk])
    with time_machine.travel(APRIL, tick=False):
        login(client, citizen)
        page = client.get(url)
        html = page.content.decode()
        assert page.status_code == 200
        assert "Bitte antworten Sie bis zum 28.04.2027." in html
        assert "528,00 €" in html and "176,00 €" in html
        assert "2027-01" not in html  # no ISO month reaches the citizen
        items = [t for t in todo.todos_for(citizen) if t.kind == "anhoerung"]
        assert [t.action_url for t in items] == [url]
        empty = client.post(url, {"text": ""})
        assert empty.status_code == 400
        assert "Bitte schreiben Sie Ihre Antwort" in empty.content.decode()
        response = client.post(url, {
            "text": "Ich habe den Lohn im Januar telefonisch gemeldet.",
            "file": SimpleUploadedFile("lohn.pdf", PDF, content_type="application/pdf")})
    assert response.status_code == 302
    sent.refresh_from_db()
    assert sent.status == Anhoerung.Status.ANSWERED
    assert sent.answer_channel == "online"
    assert sent.answer_documents.count() == 1
    assert not [t for t in todo.todos_for(citizen) if t.kind == "anhoerung"]


def test_three_actors(client, sent, other_citizen, other_caseworker, citizen):
    citizen_urls = [reverse("anhoerung_citizen:detail", args=[sent.pk]),
                    reverse("anhoerung_citizen:pdf", args=[sent.pk])]
    staff_urls = [reverse("anhoerung:detail", args=[sent.pk]),
                  reverse("anhoerung:pdf", args=[sent.pk])]
    login(client, other_citizen)
    for url in citizen_urls:
        assert client.get(url).status_code == 404
    assert client.post(citizen_urls[0], {"text": "fremd"}).status_code == 404
    for url in staff_urls:
        assert client.get(url).status_code in {302, 403}
    client.logout()
    login(client, other_caseworker)
    for url in staff_urls:
        assert client.get(url).status_code == 404
    assert client.post(reverse("anhoerung:decide", args=[sent.pk]),
                       {"reasons": "x"}).status_code == 404
    for url in citizen_urls:
        assert client.get(url).status_code in {302, 403}
    client.logout()
    login(client, citizen)
    assert client.get(citizen_urls[0]).status_code == 200
    assert client.get(citizen_urls[1]).status_code == 200


def test_a_draft_is_not_shown_to_the_citizen(client, anhoerung, citizen):
    login(client, citizen)
    assert client.get(reverse("anhoerung_citizen:detail",
                              args=[anhoerung.pk])).status_code == 404


def test_staff_decide_after_the_answer_and_a_second_person_approves(
        client, sent, caseworker, teamlead, citizen):
    with time_machine.travel(APRIL, tick=False):
        login(client, caseworker)
        url = reverse("anhoerung:paper_answer", args=[sent.pk])
        response = client.post(url, {"received_on-tag": "10", "received_on-monat": "4",
                                     "received_on-jahr": "2027", "text": "Brief: stimmt."})
        assert response.status_code == 302
        response = client.post(reverse("anhoerung:decide", args=[sent.pk]),
                               {"reasons": "Die Person bestätigt das Einkommen."})
        decision = Decision.objects.get(decision_type__key="aufhebung_erstattung")
        assert response["Location"] == reverse("decisions:detail", args=[decision.pk])
        page = client.get(response["Location"]).content.decode()
        assert reverse("anhoerung:detail", args=[sent.pk]) in page
        assert "Forderung insgesamt: 528,00 €" in page
        client.post(reverse("decisions:finalize", args=[decision.pk]))
        decision.refresh_from_db()
        assert decision.status == Decision.Status.AWAITING_APPROVAL
        client.post(reverse("decisions:approve", args=[decision.pk]))
        decision.refresh_from_db()
        assert decision.status == Decision.Status.AWAITING_APPROVAL  # not by the creator
        client.logout()
        login(client, teamlead)
        client.post(reverse("decisions:approve", args=[decision.pk]))
    decision.refresh_from_db()
    assert decision.status == Decision.Status.DELIVERED
    assert decision.approved_by == teamlead


def test_the_deadline_around_midnight_is_the_berlin_day(sent):
    from jobcenter.decisions.services import aufhebung

    # 28.04.2027 23:30 in Berlin is 21:30 UTC: still the last day.
    with time_machine.travel(dt.datetime(2027, 4, 28, 21, 30, tzinfo=dt.UTC), tick=False):
        assert not aufhebung.can_decide(sent)
    # 29.04.2027 00:30 in Berlin is 22:30 UTC on the 28th: the deadline has passed.
    with time_machine.travel(dt.datetime(2027, 4, 28, 22, 30, tzinfo=dt.UTC), tick=False):
        assert aufhebung.can_decide(sent)


def test_the_overview_lists_anhoerungen_ready_for_the_bescheid(client, sent, caseworker,
                                                               other_caseworker):
    url = reverse("decisions:overview")
    with time_machine.travel(APRIL, tick=False):
        login(client, caseworker)
        assert sent.case.reference not in client.get(url).content.decode()
    with time_machine.travel(dt.datetime(2027, 4, 29, 8, tzinfo=dt.UTC), tick=False):
        login(client, caseworker)
        assert sent.case.reference in client.get(url).content.decode()
        client.logout()
        login(client, other_caseworker)
        assert sent.case.reference not in client.get(url).content.decode()
