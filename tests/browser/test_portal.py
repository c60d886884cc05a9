"""The citizen's overview, Meine Anliegen, a concern, Dokumente, the Weiterbewilligung start
and the Jobcenter's legal pages — at 320 px and desktop, German and English, axe on every
page, no horizontal scrolling. ``JC_SCREENSHOTS=<dir>`` saves a screenshot of each."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from django.utils import timezone

from jobcenter.antraege.services import submission_create_from_draft
from jobcenter.casefiles.services import case_intake, case_set_status, document_request_create
from jobcenter.decisions import services as decisions
from jobcenter.formengine import registry
from jobcenter.formengine.services import draft_start
from jobcenter.jobcenters.models import AccessibilityFeedback
from tests.antraege.test_mapping import single_no_income
from tests.browser.conftest import check_page, sign_in, visit
from tests.browser.shots import Shots
from tests.casefiles.conftest import make_submission
from tests.decisions.conftest import sgb2_request

shot = Shots("JC_SCREENSHOTS")


def _world(citizen, caseworker):
    """A decided concern (Bescheid posted), one waiting for documents, and a draft."""
    decided = case_intake(submission=dataclasses.replace(
        make_submission(user=citizen), sgb2_request=sgb2_request(monat="2026-12")))
    decision = decisions.decision_create(case=decided, decision_type_key="bewilligung",
                                         actor=caseworker)
    decision = decisions.decision_finalize(decision=decision, actor=caseworker)
    decisions.decisions_mark_posted(decisions=[decision], actor=caseworker,
                                    posted_on=timezone.localdate() - dt.timedelta(days=2))
    waiting = case_intake(submission=make_submission(user=citizen, form_key="veraenderung"))
    case_set_status(case=waiting, status_key="in_bearbeitung", actor=caseworker)
    document_request_create(case=waiting, actor=caseworker,
                            deadline=timezone.localdate() + dt.timedelta(days=14),
                            items=[("Kontoauszüge der letzten drei Monate", "")])
    draft_start(user=citizen, form=registry.get_form("erstausstattung"))
    # A Hauptantrag submitted online: what a Weiterbewilligung carries over.
    hauptantrag = draft_start(user=citizen, form=registry.get_form("hauptantrag"))
    hauptantrag.answers = single_no_income()
    hauptantrag.save(update_fields=["answers"])
    submission_create_from_draft(draft=hauptantrag, user=citizen)
    return decided, waiting


@pytest.mark.parametrize(("width", "locale"), [(320, "de-DE"), (1280, "de-DE"),
                                               (320, "en-GB"), (1280, "en-GB")])
def test_citizen_pages(browser, live_server, axe, transactional_db, citizen, caseworker,
                       width, locale):
    decided, waiting = _world(citizen, caseworker)
    context = browser.new_context(base_url=live_server.url, locale=locale,
                                  viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    sign_in(page, live_server, citizen)
    lang = locale[:2]
    german = lang == "de"

    visit(page, axe, "/portal/")
    assert page.locator("html").get_attribute("lang") == lang
    shot(page, f"overview-{lang}-{width}")
    body = page.locator("main").inner_text()
    assert ("Unterlagen einreichen" if german else "Submit documents") in body
    assert ("Angefangen:" if german else "Started:") in body
    # the Bewilligung runs for months: the overview says from when the Weiterbewilligung is due
    assert ("einen Weiterbewilligungsantrag" if german
            else "apply for continued benefits") in body

    visit(page, axe, "/portal/anliegen/")
    shot(page, f"concerns-{lang}-{width}")
    body = page.locator("main").inner_text()
    assert ("Bescheid per Post verschickt" if german else "Decision letter sent by post") in body
    assert ("Unterlagen nötig" if german else "Documents needed") in body

    visit(page, axe, f"/portal/anliegen/{waiting.reference}/")
    shot(page, f"concern-task-{lang}-{width}")
    visit(page, axe, f"/portal/anliegen/{decided.reference}/")
    shot(page, f"concern-decided-{lang}-{width}")
    assert ("per Post an Sie verschickt" if german else "sent to you by post on") in (
        page.locator("main").inner_text())

    visit(page, axe, "/portal/dokumente/")
    shot(page, f"documents-{lang}-{width}")
    assert ("Widerspruch ist bis zum" if german else "You can lodge an objection") in (
        page.locator("main").inner_text())

    visit(page, axe, "/formulare/weiterbewilligung/")
    shot(page, f"wba-start-{lang}-{width}")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").last.click()
    check_page(page, axe)
    page.locator("input[name=etwas_geaendert][value=nein]").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Weiter" if german else "Next", exact=True).click()
    check_page(page, axe)
    assert "/pruefen/" in page.url, page.locator("main").inner_text()[:600]
    page.locator("details.jc-fe-carried summary").first.click()
    shot(page, f"wba-summary-{lang}-{width}")
    assert ("gelten weiter" if german else "continue to apply") in page.locator(
        "main").inner_text()
    with page.expect_navigation():
        page.locator("main a.kern-btn--primary").first.click()
    check_page(page, axe)
    shot(page, f"declaration-{lang}-{width}")
    assert page.locator("#privacy-notice-title").count() == 1

    slug = citizen.jobcenter.slug
    for name in ("datenschutz", "barrierefreiheit", "impressum"):
        visit(page, axe, f"/jobcenter/{slug}/{name}/")
        shot(page, f"legal-{name}-{lang}-{width}")
    context.close()


def test_feedback_form_without_javascript_and_admin_pages(browser, live_server, axe,
                                                          transactional_db, jobcenter,
                                                          jobcenter_admin):
    context = browser.new_context(base_url=live_server.url, locale="de-DE",
                                  viewport={"width": 320, "height": 900},
                                  java_script_enabled=False)
    page = context.new_page()
    page.goto(f"/jobcenter/{jobcenter.slug}/barrierefreiheit/")
    page.get_by_role("button", name="Rückmeldung senden").click()
    page.wait_for_load_state()
    assert page.get_by_text("Bitte beschreiben Sie die Barriere.").count() >= 1
    page.get_by_label("Welche Barriere ist Ihnen aufgefallen?").fill(
        "Die Tabelle auf der Seite Dokumente ist zu breit.")
    page.get_by_role("button", name="Rückmeldung senden").click()
    page.wait_for_load_state()
    assert page.get_by_text("Ihre Rückmeldung ist bei Jobcenter Alpha angekommen").count() == 1
    assert AccessibilityFeedback.objects.filter(jobcenter=jobcenter).count() == 1
    context.close()

    for width in (320, 1280):
        context = browser.new_context(base_url=live_server.url, locale="de-DE",
                                      viewport={"width": width, "height": 900})
        page = context.new_page()
        sign_in(page, live_server, jobcenter_admin)
        visit(page, axe, "/arbeitsbereich/verwaltung/rechtstexte/")
        shot(page, f"admin-legal-texts-{width}")
        page.get_by_label("Datenschutzbeauftragte oder Datenschutzbeauftragter").fill(
            "Frau Dr. Datenschutz")
        with page.expect_navigation():
            page.get_by_role("button", name="Speichern").click()
        check_page(page, axe)
        visit(page, axe, "/arbeitsbereich/verwaltung/barrierefreiheit/rueckmeldungen/")
        shot(page, f"admin-feedback-{width}")
        assert page.get_by_text("zu breit").count() == 1
        visit(page, axe, f"/jobcenter/{jobcenter.slug}/datenschutz/")
        assert page.get_by_text("Frau Dr. Datenschutz").count() == 1
        context.close()
