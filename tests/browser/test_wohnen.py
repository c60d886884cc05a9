"""Browser journeys of the housing concerns of § 22 SGB II at 320 px with axe on every page:
the Zusicherung before moving out under 25 (with the age check and the pre-check of the new
rent), the rent debts without JavaScript, the catalogue and the staff screens at 320 px and
desktop width."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from jobcenter.antraege.models import Submission
from jobcenter.bedarfe import angemessenheit
from jobcenter.households.models import Person
from tests.bedarfe.conftest import young
from tests.browser.conftest import check_page, click_and_load, fill_date, sign_in, visit
from tests.browser.shots import Shots
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
from tests.browser.test_bedarfe import upload

pytestmark = pytest.mark.browser
shot = Shots("WOHNEN_SHOTS")


def send(page):
    """Posts the page with "Weiter" and waits for the answer."""
    click_and_load(page, page.get_by_role("button", name="Weiter", exact=True))


def answer(page, question, choice):
    page.get_by_role("group", name=re.compile(question)).get_by_label(
        choice, exact=True).check()


def test_auszug_unter_25_at_320_px(page, axe, citizen):
    angemessenheit.demo_seed(citizen.jobcenter, dt.date(2025, 1, 1))
    young(Person.objects.get(user=citizen))
    login(page, axe, citizen)
    start(page, axe, "auszug_u25")
    assert heading(page) == "Ihr Auszug"
    answer(page, "Wohnen Sie jetzt bei Ihren Eltern", "Nein")
    answer(page, "Haben Sie den Mietvertrag schon unterschrieben", "Nein")
    move_in = timezone.localdate() + dt.timedelta(days=40)
    fill_date(page, "Tag des Einzugs in die neue Wohnung (geplant oder schon geschehen)",
              str(move_in.day),
              str(move_in.month), str(move_in.year))
    answer(page, "Erhalten Sie schon Bürgergeld", "Ja")
    next_page(page, axe)
    # the form explains why it does not apply to a move out of one's own home
    assert "Diese Zusicherung betrifft den Auszug aus der Wohnung der Eltern." in page.content()
    shot(page, "u25-1-fehler-320")
    answer(page, "Wohnen Sie jetzt bei Ihren Eltern", "Ja")
    shot(page, "u25-1-auszug-320")
    next_page(page, axe)
    assert heading(page) == "Warum Sie ausziehen"
    page.get_by_label(re.compile("^Ich brauche die Wohnung für eine Arbeit")).check()
    page.get_by_label("Bitte beschreiben Sie Ihre Lage").fill(
        "Ausbildung in Betastadt, 90 Minuten Fahrt je Richtung.")
    shot(page, "u25-2-gruende-320")
    next_page(page, axe)
    assert heading(page) == "Die neue Wohnung"
    page.get_by_label("Straße und Hausnummer").fill("Lindenweg 4")
    page.get_by_label("Postleitzahl").fill("11111")
    page.get_by_label("Ort", exact=True).fill("Alphastadt")
    page.get_by_label("Wie viele Personen werden dort wohnen (Sie eingeschlossen)?").fill("1")
    page.get_by_label("Kaltmiete im Monat").fill("380")
    page.get_by_label("Nebenkosten ohne Heizung im Monat").fill("90")
    page.get_by_label("Heizkosten im Monat").fill("60")
    upload(page, "^Mietangebot", "mietangebot.png")
    check_page(page, axe)
    shot(page, "u25-3-wohnung-320")
    next_page(page, axe)
    assert heading(page) == "Angaben prüfen"
    preview = page.locator(".jc-fe-preview").inner_text()
    assert "Unverbindliche Vorprüfung der neuen Miete" in preview
    assert "520,00 €" in preview
    shot(page, "u25-4-pruefen-320")
    reference = submit_from_summary(page, axe)
    shot(page, "u25-5-eingang-320")
    submission = Submission.objects.get(reference=reference)
    assert submission.form_key == "auszug_u25"
    assert submission.answers["auszug_grund"] == "arbeit"
    assert submission.attachments.get().title == "mietangebot.png"


def test_auszug_unter_25_is_not_offered_to_a_person_of_25(page, axe, citizen):
    login(page, axe, citizen)  # Alice is 41 by her record
    visit(page, axe, "/formulare/auszug_u25/")
    assert "Sie sind 25 Jahre oder älter" in page.content()
    assert page.get_by_role("link", name="Zusicherung zum Umzug beantragen").count() == 1
    assert page.get_by_role("button", name=re.compile("Jetzt beginnen")).count() == 0
    shot(page, "u25-ab-25-320")


def test_mietschulden_without_javascript(nojs_page, citizen):
    page = nojs_page
    page.goto("/")
    sign_in(page, BASE[0], citizen)
    page.goto("/formulare/mietschulden/")
    page.get_by_role("button", name=re.compile("Jetzt beginnen|Neu beginnen")).first.click()
    page.get_by_label("Mietschulden beim Vermieter", exact=True).check()
    page.get_by_label("Die Kündigung der Wohnung", exact=True).check()
    page.get_by_label("Wie hoch sind die Schulden?").fill("1.260,00")
    page.get_by_label("Wie sind die Schulden entstanden?").fill("Eine hohe Nachzahlung.")
    for label, slot in (("^Mahnung oder Zahlungsaufforderung", "mahnung"),
                        ("^Kündigung, Räumungsklage", "kuendigung")):
        page.get_by_label(re.compile(label)).set_input_files(
            {"name": f"{slot}.png", "mimeType": "image/png", "buffer": png()})
        click_and_load(page, page.locator(f'button[value="upload:{slot}"]'))
    send(page)
    assert heading(page) == "Eigene Mittel und Zahlung"
    page.get_by_role("group", name=re.compile("Haben Sie Geld gespart")).get_by_label(
        "Ja", exact=True).check()
    page.get_by_role("group", name=re.compile("über eine Ratenzahlung")).get_by_label(
        "Nein", exact=True).check()
    page.get_by_label("Name des Vermieters oder Versorgers (Kontoinhaber)").fill(
        "Wohnbau Alpha GmbH")
    page.get_by_label("IBAN für die Zahlung").fill("DE89 3704 0044 0532 0130 00")
    send(page)
    # the follow-up question on savings appears after sending the page
    page.get_by_label("Wie viel davon können Sie einsetzen?").fill("2000")
    send(page)
    expect(page.locator("#f-vermoegen_betrag-error")).to_contain_text(
        "Wenn Ihr Erspartes die ganzen Schulden deckt")
    page.get_by_label("Wie viel davon können Sie einsetzen?").fill("200")
    send(page)
    assert heading(page) == "Angaben prüfen"
    page.get_by_role("link", name="Weiter zur Erklärung").click()
    page.locator("#f-declaration").check()
    page.get_by_role("button", name="Verbindlich absenden").click()
    page.wait_for_url(re.compile(r".*/portal/antraege/JC-\d{4}-\d{6}/$"))
    assert "Zeigen Sie diese Eingangsbestätigung Ihrem Vermieter" in page.content()
    reference = page.url.rstrip("/").rsplit("/", 1)[1]
    submission = Submission.objects.get(reference=reference)
    assert submission.answers["schulden_betrag"] == "1260.00"
    assert submission.answers["vermoegen_betrag"] == "200.00"
    assert submission.attachments.count() == 2


def test_catalogue_and_staff_screens(page, desktop_page, axe, live_server, citizen, caseworker,
                                     django_capture_on_commit_callbacks):
    from jobcenter.antraege import services as antraege
    from jobcenter.casefiles.models import Case
    from jobcenter.formengine import registry
    from jobcenter.formengine.services import draft_start
    from tests.bedarfe.conftest import ANSWERS, with_uploads

    angemessenheit.demo_seed(citizen.jobcenter, dt.date(2025, 1, 1))
    young(Person.objects.get(user=citizen))
    cases = {}
    for form_key in ("auszug_u25", "mietschulden"):
        draft = draft_start(user=citizen, form=registry.get_form(form_key))
        draft.answers = with_uploads(draft, ANSWERS[form_key]())
        draft.save(update_fields=["answers"])
        with django_capture_on_commit_callbacks(execute=True):
            submission = antraege.submission_create_from_draft(draft=draft, user=citizen)
        cases[form_key] = Case.objects.get(submission_id=submission.pk)
    login(page, axe, citizen)
    visit(page, axe, "/portal/erledigen/?q=Stromsperre")
    assert page.get_by_text("Mietschulden oder Energieschulden: Kündigung oder Sperre "
                            "abwenden").count() == 1
    shot(page, "katalog-stromsperre-320")
    visit(page, axe, "/portal/erledigen/?q=unter+25")
    assert page.get_by_text("Auszug aus der Wohnung der Eltern unter 25 Jahren").count() == 1
    # the citizen's pages at desktop width: the catalogue and each form's first page
    login(desktop_page, axe, citizen)
    visit(desktop_page, axe, "/portal/erledigen/?q=Schulden")
    shot(desktop_page, "katalog-schulden-1280")
    for form_key in ("auszug_u25", "mietschulden"):
        start(desktop_page, axe, form_key)
        shot(desktop_page, f"{form_key}-1-1280")
    for current, width in ((page, 320), (desktop_page, 1280)):
        sign_in(current, live_server, caseworker)
        for form_key, case in cases.items():
            current.goto(f"/arbeitsbereich/anliegen/fall/{case.pk}/")
            check_page(current, axe)
            shot(current, f"staff-{form_key}-{width}")
            html = current.content()
            if form_key == "auszug_u25":
                assert "Alter am Tag des Einzugs" in html
                assert "Zusicherung erteilen – zur Eingliederung in den Arbeitsmarkt" in html
            else:
                assert "Art der Schulden" in html and "Ausnahmsweise als Zuschuss" in html


def test_wohnungsbeschaffungskosten_page_of_the_move_at_320_px(page, axe, citizen):
    login(page, axe, citizen)
    start(page, axe, "umzug")
    page.get_by_label(re.compile("^Kosten, um die Wohnung zu bekommen")).check()
    page.get_by_label("Die Wohnung ist für den Haushalt zu klein", exact=True).check()
    page.get_by_label("Bitte beschreiben Sie den Grund kurz").fill("Zu zweit in einem Zimmer.")
    move_in = timezone.localdate() + dt.timedelta(days=40)
    fill_date(page, "Geplanter Tag des Einzugs", str(move_in.day), str(move_in.month),
              str(move_in.year))
    next_page(page, axe)
    assert heading(page) == "Kosten, um die Wohnung zu bekommen"
    page.get_by_label("Doppelte Miete (alte und neue Wohnung)", exact=True).check()
    page.get_by_label("Bitte beschreiben Sie die Kosten kurz").fill("Ein Monat doppelt.")
    page.get_by_label("Voraussichtliche Kosten").fill("480")
    upload(page, "^Belege oder Angebote", "mietvertraege.png")
    check_page(page, axe)
    shot(page, "umzug-wohnungsbeschaffung-320")
    next_page(page, axe)
    assert heading(page) == "Angaben prüfen"
    reference = submit_from_summary(page, axe)
    submission = Submission.objects.get(reference=reference)
    assert submission.answers["beschaffung_betrag"] == "480.00"
