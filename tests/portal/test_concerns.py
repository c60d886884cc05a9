"""Meine Anliegen, Dokumente and the overview: one status on every page, three actors, the
retired pages redirect, the Weiterbewilligung only with a Bewilligung."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from jobcenter.casefiles.services import case_set_status, document_request_create
from jobcenter.decisions import services as decisions
from jobcenter.decisions.models import DeliveryPreference
from jobcenter.decisions.todo import window_days
from jobcenter.portal.concerns import Key, concerns_for_citizen
from tests.conftest import login
from tests.decisions.conftest import sgb2_request

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")

pytestmark = pytest.mark.django_db


def _issue(case, caseworker, *, online=False, posted_on=None):
    if online:
        decisions.delivery_preference_set(user=case.applicant_user,
                                          channel=DeliveryPreference.Channel.ONLINE)
    decision = decisions.decision_create(case=case, decision_type_key="bewilligung",
                                         actor=caseworker)
    decision = decisions.decision_finalize(decision=decision, actor=caseworker)
    decisions.bescheid_render(decision_id=decision.pk)  # the outbox task after the issue
    decision.refresh_from_db()
    if posted_on:
        decisions.decisions_mark_posted(decisions=[decision], actor=caseworker,
                                        posted_on=posted_on)
        decision.refresh_from_db()
    return decision


def _pages(client, case):
    """Every citizen page that shows the concern's status."""
    return {
        "overview": reverse("portal:overview"),
        "list": reverse("portal:concerns"),
        "detail": reverse("portal:concern", kwargs={"reference": case.reference}),
    }


def _status_everywhere(client, case, label):
    for name, url in _pages(client, case).items():
        body = client.get(url).content.decode()
        if name == "overview" and label in ("Bescheid per Post verschickt",
                                            "Bescheid in Ihrem Konto"):
            continue  # decided concerns are no longer "running" on the overview
        assert label in body, f"{name} does not show {label!r}"


def test_one_status_through_the_whole_life_of_a_concern(client, citizen, caseworker,
                                                         make_calc_case):
    case = make_calc_case(citizen)
    login(client, citizen)
    _status_everywhere(client, case, "Eingegangen")
    case_set_status(case=case, status_key="in_bearbeitung", actor=caseworker)
    _status_everywhere(client, case, "In Bearbeitung")
    request = document_request_create(
        case=case, actor=caseworker, deadline=timezone.localdate() + dt.timedelta(days=14),
        items=[("Kontoauszüge", "der letzten drei Monate")])
    _status_everywhere(client, case, "Unterlagen nötig")
    overview = client.get(reverse("portal:overview")).content.decode()
    assert "Unterlagen einreichen" in overview and f"{case.reference}/#aufgaben" in overview
    detail = client.get(reverse("portal:concern", kwargs={"reference": case.reference}))
    assert "Kontoauszüge hochladen" in detail.content.decode()
    request.status = "erfuellt"
    request.save()
    decision = _issue(case, caseworker)
    _status_everywhere(client, case, "Entschieden – Bescheid kommt per Post")
    body = client.get(reverse("portal:concern", kwargs={"reference": case.reference})).content
    assert "Dokumente“" in body.decode()  # the copy comes later; not "liegt unter"
    assert "liegt unter" not in body.decode()
    docs = client.get(reverse("portal:documents")).content.decode()
    assert "Sie haben noch keinen Bescheid in Ihrem Konto." in docs
    decisions.decisions_mark_posted(decisions=[decision], actor=caseworker,
                                    posted_on=dt.date(2026, 11, 24))
    _status_everywhere(client, case, "Bescheid per Post verschickt")
    detail = client.get(reverse("portal:concern", kwargs={"reference": case.reference}))
    text = detail.content.decode()
    assert "am 24.11.2026 per Post" in text and "28.11.2026" in text
    docs = client.get(reverse("portal:documents")).content.decode()
    assert decision.download_url in docs and "28.12.2026" in docs


def test_online_bescheid_is_in_the_account_with_its_deadline(client, citizen, caseworker,
                                                             make_calc_case):
    case = make_calc_case(citizen)
    decision = _issue(case, caseworker, online=True)
    login(client, citizen)
    _status_everywhere(client, case, "Bescheid in Ihrem Konto")
    docs = client.get(reverse("portal:documents")).content.decode()
    assert decision.download_url in docs
    assert client.get(decision.download_url).status_code == 200
    # the export of the answers is not listed as a document
    assert "Antragsdaten" not in docs and "Export" not in docs


def test_the_application_page_shows_the_same_status(
        client, citizen, caseworker, make_draft, django_capture_on_commit_callbacks):
    """A real submission through the pipeline: the application's own page (the receipt
    page) shows the concern's status, before and after the Bescheid."""
    from jobcenter.antraege import services as antraege
    from jobcenter.casefiles.models import Case

    with django_capture_on_commit_callbacks(execute=True):
        submission = antraege.submission_create_from_draft(draft=make_draft(citizen),
                                                           user=citizen)
    case = Case.objects.get(submission_id=submission.pk)
    login(client, citizen)
    page = reverse("antraege:detail", kwargs={"reference": submission.reference})
    body = client.get(page).content.decode()
    assert "Eingegangen" in body
    assert reverse("portal:concern", kwargs={"reference": submission.reference}) in body
    [concern] = concerns_for_citizen(citizen)
    assert (concern.submission, concern.case) == (submission, case)
    # documents: the receipt and the upload, once each (the eAkte's copies), no export
    titles = [d.title for d in concern.documents]
    assert titles.count("Eingangsbestätigung") == 1
    assert "Ihr Antrag ist eingegangen" in body
    case_set_status(case=case, status_key="in_bearbeitung", actor=caseworker)
    body = client.get(page).content.decode()
    assert "In Bearbeitung" in body
    assert "Ihr Antrag ist eingegangen" not in body  # no contradicting banner


def test_three_actors(client, citizen, other_citizen, other_caseworker, caseworker,
                      make_calc_case):
    case = make_calc_case(citizen)
    decision = _issue(case, caseworker, online=True)
    detail = reverse("portal:concern", kwargs={"reference": case.reference})
    login(client, other_citizen)
    assert client.get(detail).status_code == 404
    assert case.reference not in client.get(reverse("portal:concerns")).content.decode()
    assert decision.download_url not in client.get(reverse("portal:documents")).content.decode()
    assert client.get(reverse("casefiles_citizen:case", args=[case.pk])).status_code == 404
    client.logout()
    login(client, other_caseworker)
    for url in (detail, reverse("portal:concerns"), reverse("portal:documents")):
        assert client.get(url).status_code == 403
    client.logout()
    assert client.get(detail).status_code == 302  # to the login


def test_retired_pages_redirect(client, citizen, make_calc_case):
    case = make_calc_case(citizen)
    login(client, citizen)
    concern = reverse("portal:concern", kwargs={"reference": case.reference})
    for old, new in [
        ("/portal/antraege/", reverse("portal:concerns")),
        ("/portal/vorgaenge/", reverse("portal:concerns")),
        (f"/portal/vorgaenge/{case.pk}/", concern),
        ("/portal/vorgaenge/dokumente/", reverse("portal:documents")),
        ("/portal/bescheide/", reverse("portal:documents") + "#bescheide"),
    ]:
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, new), old


def test_concerns_list_a_fixed_number_of_queries(citizen, caseworker, make_calc_case,
                                                 django_assert_max_num_queries):
    # four Bescheide of consecutive periods (one Bescheid in force per month and BG)
    for year in range(2027, 2031):
        _issue(make_calc_case(citizen, request=sgb2_request(monat=f"{year}-01")), caseworker,
               posted_on=dt.date(2026, 11, 24))
    with django_assert_max_num_queries(8):
        items = concerns_for_citizen(citizen)
        [c.documents for c in items]
    assert {c.status.key for c in items} == {Key.DECIDED_POSTED}


def test_overview_leads_with_drafts_tasks_and_the_bewilligung(client, citizen, caseworker,
                                                              make_calc_case):
    from jobcenter.formengine import registry
    from jobcenter.formengine import services as fe

    login(client, citizen)
    body = client.get(reverse("portal:overview")).content.decode()
    assert "keine offenen Aufgaben und keine angefangenen Anträge" in body
    assert "keine laufende Bewilligung" in body
    draft = fe.draft_start(user=citizen, form=registry.get_form("hauptantrag"))
    body = client.get(reverse("portal:overview")).content.decode()
    assert reverse("formengine:resume", args=[draft.public_id]) in body
    assert "keine offenen Aufgaben" not in body
    decision = _issue(make_calc_case(citizen), caseworker)
    body = client.get(reverse("portal:overview")).content.decode()
    end = decision.period_to.strftime("%d.%m.%Y")
    assert f"bis zum {end}" in body
    # Months before the end: from when the Weiterbewilligung is due, no button yet.
    due_from = decision.period_to - dt.timedelta(days=window_days(citizen.jobcenter_id))
    assert f"ab dem {due_from:%d.%m.%Y} einen Weiterbewilligungsantrag" in body
    assert "Weiterbewilligung beantragen" not in body
    # Within the window the to-do list offers it once, and the section points there.
    with time_machine.travel(dt.datetime.combine(due_from, dt.time(12), tzinfo=BERLIN)):
        login(client, citizen)  # months later: a new session
        body = client.get(reverse("portal:overview")).content.decode()
    assert body.count("Weiterbewilligung beantragen") == 1
    assert "Sie finden ihn oben unter" in body


def test_weiterbewilligung_only_with_a_current_bewilligung(client, citizen, caseworker,
                                                           make_calc_case):
    from jobcenter.formengine.models import Draft

    login(client, citizen)
    start = reverse("formengine:start", kwargs={"form_key": "weiterbewilligung"})
    body = client.get(start).content.decode()
    assert "keine laufende Bewilligung" in body and "Jetzt beginnen" not in body
    assert reverse("formengine:start", kwargs={"form_key": "hauptantrag"}) in body
    assert client.post(start).status_code == 409
    assert not Draft.objects.filter(owner=citizen, form_key="weiterbewilligung").exists()
    listing = client.get(reverse("portal:concerns")).content.decode()
    assert start not in listing
    decision = _issue(make_calc_case(citizen), caseworker)
    end = decision.period_to.strftime("%d.%m.%Y")
    body = client.get(start).content.decode()
    assert f"endet am {end}" in body and "Jetzt beginnen" in body
    assert f"endet am {end}" in client.get(reverse("portal:concerns")).content.decode()
    assert client.post(start).status_code == 302


def test_an_aufhebung_ends_the_bewilligung(citizen, caseworker, make_calc_case):
    from jobcenter.decisions.selectors import current_bewilligung

    case = make_calc_case(citizen)
    bewilligung = _issue(case, caseworker)
    today = bewilligung.period_from
    assert current_bewilligung(citizen, today) is not None
    aufhebung = decisions.decision_create(case=case, decision_type_key="aufhebung",
                                          actor=caseworker, reasons="Umzug",
                                          previous=bewilligung)
    decisions.decision_finalize(decision=aufhebung, actor=caseworker)
    aufhebung.refresh_from_db()
    if aufhebung.status in ("freigegeben", "bekanntgegeben"):
        assert current_bewilligung(citizen, today) is None


def test_weiterbewilligung_shows_the_data_it_carries_over(
        client, citizen, caseworker, make_draft, make_calc_case,
        django_capture_on_commit_callbacks):
    from jobcenter.antraege import services as antraege

    with django_capture_on_commit_callbacks(execute=True):
        antraege.submission_create_from_draft(draft=make_draft(citizen), user=citizen)
    _issue(make_calc_case(citizen), caseworker)
    draft = make_draft(citizen, "weiterbewilligung", {"etwas_geaendert": "nein"})
    login(client, citizen)
    body = client.get(reverse("formengine:summary", args=[draft.public_id])).content.decode()
    assert "Diese Angaben aus Ihren letzten Anträgen gelten weiter" in body
    # the Hauptantrag's answers, e.g. the rent and the IBAN, shown before sending
    assert "Kaltmiete" in body or "Miete" in body
    assert "IBAN" in body
