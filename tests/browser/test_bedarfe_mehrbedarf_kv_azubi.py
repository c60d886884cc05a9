"""Browser journeys of issue 17's remaining needs concerns at 320 px with axe on every page:
the Zuschuss zur Kranken- und Pflegeversicherung (§ 26), the Leistungen für Auszubildende
(§ 27), the Schulbücher of the Mehrbedarf (§ 21 Abs. 6a) without JavaScript, and the staff
screens with the contribution and the cap at 320 px and desktop width."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from jobcenter.antraege.models import Submission
from tests.browser.conftest import check_page, fill_date, sign_in
from tests.browser.test_antraege import (  # _base_url: the live server for the sign-in
    BASE,
    _base_url,  # noqa: F401
    heading,
    login,
    next_page,
    png,
    start,
    submit_from_summary,
)
from tests.browser.test_bedarfe import shot, upload

pytestmark = pytest.mark.browser


def test_kv_zuschuss_at_320_px(page, axe, citizen):
    login(page, axe, citizen)
    start(page, axe, "kv_zuschuss")
    assert heading(page) == "Ihre Versicherung"
    page.get_by_label(re.compile("^Die Versicherung beginnt")).check()
    page.get_by_label("Privat krankenversichert", exact=True).check()
    page.get_by_label("Name der Versicherung oder Krankenkasse").fill("Alpha Kranken AG")
    begin = timezone.localdate() - dt.timedelta(days=10)
    fill_date(page, "Ab wann gilt dieser Beitrag?", str(begin.day), str(begin.month),
              str(begin.year))
    shot(page, "kv-1-versicherung-320")
    next_page(page, axe)
    assert heading(page) == "Ihr Beitrag"
    page.get_by_label("Beitrag zur Krankenversicherung im Monat").fill("480")
    page.get_by_label("Beitrag zur Pflegeversicherung im Monat").fill("52")
    page.get_by_role("group", name=re.compile("Sind Sie im Basistarif")).get_by_label(
        "Nein", exact=True).check()
    upload(page, "^Beitragsmitteilung", "beitrag.png")
    page.get_by_label(re.compile("^Beitrag im Basistarif")).fill("840")
    check_page(page, axe)
    shot(page, "kv-2-beitrag-320")
    next_page(page, axe)
    reference = submit_from_summary(page, axe)
    submission = Submission.objects.get(reference=reference)
    assert submission.form_key == "kv_zuschuss"
    assert submission.answers["kv_basistarif_beitrag"] == "840.00"
    assert submission.attachments.get().title == "beitrag.png"
    shot(page, "kv-3-eingang-320")


def test_auszubildende_only_the_pages_that_apply(page, axe, citizen):
    login(page, axe, citizen)
    start(page, axe, "auszubildende")
    page.get_by_label("Studium (Hochschule, Fachhochschule)", exact=True).check()
    page.get_by_label(re.compile("^Name der Schule")).fill("Hochschule Alphastadt")
    begin = timezone.localdate() + dt.timedelta(days=10)
    fill_date(page, "Beginn der Ausbildung", str(begin.day), str(begin.month), str(begin.year))
    page.get_by_label("Beantragt, noch nicht gezahlt", exact=True).check()
    upload(page, "^Schul- oder Immatrikulationsbescheinigung", "immatrikulation.png")
    shot(page, "azubi-1-ausbildung-320")
    next_page(page, axe)
    assert heading(page) == "Was beantragen Sie?"
    page.get_by_label(re.compile("^Darlehen für den ersten Monat")).check()
    next_page(page, axe)
    assert heading(page) == "Darlehen für den ersten Monat"  # Mehrbedarf and Härte skipped
    first = timezone.localdate() + dt.timedelta(days=40)
    fill_date(page, "Wann kommt voraussichtlich das erste Geld", str(first.day),
              str(first.month), str(first.year), exact=False)
    page.get_by_label("Wie viel brauchen Sie bis dahin?").fill("650")
    shot(page, "azubi-2-erster-monat-320")
    next_page(page, axe)
    reference = submit_from_summary(page, axe)
    submission = Submission.objects.get(reference=reference)
    assert submission.answers["azubi_leistungen"] == ["erster_monat"]
    assert "azubi_haerte_grund" not in submission.answers


def test_schulbuecher_without_javascript(nojs_page, citizen):
    page = nojs_page
    page.goto("/")
    sign_in(page, BASE[0], citizen)
    page.goto("/formulare/mehrbedarf/")
    page.get_by_role("button", name=re.compile("Jetzt beginnen|Neu beginnen")).first.click()
    page.get_by_label(re.compile("^Schulbücher oder Arbeitshefte")).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Weiter", exact=True).click()
    assert heading(page) == "Schulbücher und Arbeitshefte"
    page.get_by_label("Vorname des Kindes").fill("Mia")
    page.get_by_label("Schule und Klasse").fill("Gymnasium Alphastadt, Klasse 11")
    page.get_by_label("Kosten für Bücher und Arbeitshefte").fill("zweihundert")  # wrong first
    page.get_by_label(re.compile("^Bücherliste der Schule")).set_input_files(
        {"name": "buecherliste.png", "mimeType": "image/png", "buffer": png()})
    with page.expect_navigation():  # each button posts the page: wait for the next one
        page.get_by_role("button", name="Datei hochladen").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Weiter", exact=True).click()
    assert heading(page) == "Schulbücher und Arbeitshefte"  # a clear message, nothing lost
    assert page.get_by_label("Vorname des Kindes").input_value() == "Mia"
    page.get_by_label("Kosten für Bücher und Arbeitshefte").fill("214,40")
    with page.expect_navigation():
        page.get_by_role("button", name="Weiter", exact=True).click()
    assert heading(page) == "Angaben prüfen"
    page.get_by_role("link", name="Weiter zur Erklärung").click()
    page.locator("#f-declaration").check()
    page.get_by_role("button", name="Verbindlich absenden").click()
    page.wait_for_url(re.compile(r".*/portal/antraege/JC-\d{4}-\d{6}/$"))
    reference = page.url.rstrip("/").rsplit("/", 1)[1]
    submission = Submission.objects.get(reference=reference)
    assert submission.answers["sb_betrag"] == "214.40"


@pytest.mark.parametrize("form_key", ["kv_zuschuss", "auszubildende"])
def test_staff_screens_at_320_and_desktop(page, desktop_page, axe, live_server, citizen,
                                          caseworker, django_capture_on_commit_callbacks,
                                          form_key):
    from jobcenter.antraege import services as antraege
    from jobcenter.casefiles.models import Case
    from jobcenter.formengine import registry
    from jobcenter.formengine.services import draft_start
    from tests.bedarfe.conftest import ANSWERS, with_uploads

    draft = draft_start(user=citizen, form=registry.get_form(form_key))
    draft.answers = with_uploads(draft, ANSWERS[form_key]())
    draft.save(update_fields=["answers"])
    with django_capture_on_commit_callbacks(execute=True):
        submission = antraege.submission_create_from_draft(draft=draft, user=citizen)
    case = Case.objects.get(submission_id=submission.pk)
    for current, width in ((page, 320), (desktop_page, 1280)):
        sign_in(current, live_server, caseworker)
        current.goto(f"/arbeitsbereich/anliegen/fall/{case.pk}/")
        check_page(current, axe)
        shot(current, f"staff-{form_key}-{width}")
        assert "Der Rechenkern bildet diese Leistung nicht ab" in current.content()
